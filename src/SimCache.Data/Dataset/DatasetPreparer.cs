using SimCache.Data.Ingest;
using SimCache.Data.Ingest.Formats;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Data.Protocol;

namespace SimCache.Data.Dataset;

/// <summary>
/// <c>data prepare</c> end to end: read the input in its format, apply Liang et al.'s protocol with the
/// format's defaults as in the paper (declared by each <see cref="RatingFormat"/>: threshold, filters and the
/// cap N of the held-out users, which is also at most a sixth of the users), and write the data set folder.
/// </summary>
public static class DatasetPreparer
{
    public const string ProtocolName = "liang2018-vae-cf";
    public const string RngName = "numpy-legacy-mt19937";

    /// <summary>
    /// Prepares the data set. <paramref name="cancel"/> (the first Ctrl+C) stops reading, splitting and writing at
    /// the next check; the output folder is then exactly as it was, as after any other failure.
    /// </summary>
    public static DatasetManifest Prepare(PrepareRequest request, IWorkReporter? reporter = null, CancellationToken cancel = default)
    {
        reporter ??= NullWorkReporter.Instance;
        var format = RatingFormats.Get(request.Format);
        DatasetFolder.CheckApart(request.Input, request.OutDir);
        DatasetFolder.Recover(request.OutDir);
        if (format.AlreadySplit)
        {
            if (request.Threshold is not null || request.MinUserItems is not null || request.MinItemUsers is not null || request.Heldout is not null || request.Seed is not null)
                throw new UsageException($"--format {format.Name} imports an already split data set as it is: --threshold, --min-user-items, --min-item-users, --heldout and --seed do not apply");
            var provenanceImport = Provenance.For(request.Command, null);
            if (!request.Force)
                DatasetFolder.CheckReplaceable(request.OutDir, m => m.Input.Format == request.Format && m.Input.Path == request.Input, force: false);
            var (imported, input) = format.Import!(request.Input);
            var importedProtocol = new DatasetManifest.ProtocolSection(ProtocolName, null, null, null, null, null, null, null, "none",
                "imported as split by Liang et al.'s preprocessing code");
            cancel.ThrowIfCancellationRequested();
            return DatasetWriter.Write(imported, Describe(request, input), importedProtocol, request.OutDir, provenanceImport, request.Force, reporter, cancel);
        }

        var options = OptionsFor(request, request.Columns);
        var provenance = Provenance.For(request.Command, options.Seed);
        // Refuse an --out holding a clearly different data set before spending a minute on reading; the full
        // comparison (input sha256 included) happens when writing.
        if (!request.Force)
            DatasetFolder.CheckReplaceable(request.OutDir, m => m.Input.Format == request.Format && m.Input.Path == request.Input
                && m.Input.Columns == request.ColumnsText && m.Protocol.Threshold == options.Threshold && m.Protocol.MinUserItems == options.MinUserItems
                && m.Protocol.MinItemUsers == options.MinItemUsers && m.Protocol.Seed == options.Seed && (options.Heldout is null || m.Protocol.Heldout == options.Heldout), force: false);
        var log = RatingReader.Read(request.Format, request.Input, request.Columns, reporter, cancel);
        SplitDataset split;
        try
        {
            split = LiangProtocol.Apply(log, options, reporter, cancel);
        }
        catch (UsageException e)
        {
            throw new UsageException($"{request.Input}: {e.Message}");
        }
        var protocol = new DatasetManifest.ProtocolSection(ProtocolName, options.Threshold, options.MinUserItems, options.MinItemUsers,
            split.ValidationUsers, options.Seed, options.TestFraction, ProtocolOptions.MinItemsToSplit, RngName,
            log.TimeKind == TimestampKind.FilePosition ? "the input has no timestamps: rows are ordered by file position" : null);
        return DatasetWriter.Write(split, Describe(request, log.Input), protocol, request.OutDir, provenance, request.Force, reporter, cancel);
    }

    /// <summary>The protocol options for a request, with the format's defaults filled in.</summary>
    public static ProtocolOptions OptionsFor(PrepareRequest request, ColumnMap? columns)
    {
        var format = RatingFormats.Get(request.Format);
        double? threshold = request.Threshold switch
        {
            null => format.DefaultThresholdFor(columns),
            double t when double.IsNaN(t) => null,
            var t => t,
        };
        if (!format.HasRatingColumn(columns) && threshold is not null)
            throw new UsageException("--threshold needs a rating column: add rating=NAME to --columns");
        int minUser = request.MinUserItems ?? format.MinUserItems;
        int minItem = request.MinItemUsers ?? format.MinItemUsers;
        if (minUser < 0) throw new UsageException("--min-user-items must be ≥ 0");
        if (minItem < 0) throw new UsageException("--min-item-users must be ≥ 0");
        if (request.Heldout is < 1) throw new UsageException("--heldout must be ≥ 1");
                return new ProtocolOptions
        {
            Threshold = threshold, MinUserItems = minUser, MinItemUsers = minItem, Heldout = request.Heldout, HeldoutCap = format.HeldoutCap,
            Seed = request.Seed ?? new ProtocolOptions().Seed,
        };
    }

    private static DatasetManifest.InputSection Describe(PrepareRequest request, InputDescription input) =>
        new(request.Format, request.Input, request.ColumnsText, input.Files.Select(Path.GetFileName).ToArray()!, input.Bytes, input.Sha256);
}
