using SimCache.Data.Ingest;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Data.Protocol;

namespace SimCache.Data.Dataset;

/// <summary>
/// <c>data prepare</c> end to end: read the input in its format, apply Liang et al.'s protocol with the
/// format's defaults as in the paper (MSD: no threshold, users ≥ 20 songs, songs ≥ 200 users, N ≤ 50,000;
/// Netflix: &gt; 3.5, users ≥ 5, N ≤ 40,000; MovieLens and others: &gt; 3.5, users ≥ 5, N ≤ 10,000; N is
/// also at most a sixth of the users), and write the data set folder.
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
        if (!RatingFormat.All.Contains(request.Format))
            throw new UsageException($"unknown format '{request.Format}'; valid formats: {string.Join(", ", RatingFormat.All)}");
        DatasetFolder.CheckApart(request.Input, request.OutDir);
        DatasetFolder.Recover(request.OutDir);
        if (request.Format == RatingFormat.VaeCf)
        {
            if (request.Threshold is not null || request.MinUserItems is not null || request.MinItemUsers is not null || request.Heldout is not null || request.Seed is not null)
                throw new UsageException("--format vae-cf imports an already split data set as it is: --threshold, --min-user-items, --min-item-users, --heldout and --seed do not apply");
            var provenanceImport = Provenance.For(request.Command, null);
            if (!request.Force)
                DatasetFolder.CheckReplaceable(request.OutDir, m => m.Input.Format == request.Format && m.Input.Path == request.Input, force: false);
            var (imported, input) = VaeCfImporter.Import(request.Input);
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
        bool msd = request.Format == RatingFormat.Msd;
        bool rated = RatingFormat.HasStarRatings(request.Format) || (request.Format == RatingFormat.Csv && columns?.Rating is not null);
        double? threshold = request.Threshold switch
        {
            null => rated ? 3.5 : null,
            double t when double.IsNaN(t) => null,
            var t => t,
        };
        if (request.Format == RatingFormat.Csv && columns?.Rating is null && threshold is not null)
            throw new UsageException("--threshold needs a rating column: add rating=NAME to --columns");
        int minUser = request.MinUserItems ?? (msd ? 20 : 5);
        int minItem = request.MinItemUsers ?? (msd ? 200 : 0);
        if (minUser < 0) throw new UsageException("--min-user-items must be ≥ 0");
        if (minItem < 0) throw new UsageException("--min-item-users must be ≥ 0");
        if (request.Heldout is < 1) throw new UsageException("--heldout must be ≥ 1");
        int cap = request.Format switch { RatingFormat.Netflix => 40_000, RatingFormat.Msd => 50_000, _ => 10_000 };
        return new ProtocolOptions
        {
            Threshold = threshold, MinUserItems = minUser, MinItemUsers = minItem, Heldout = request.Heldout, HeldoutCap = cap,
            Seed = request.Seed ?? new ProtocolOptions().Seed,
        };
    }

    private static DatasetManifest.InputSection Describe(PrepareRequest request, InputDescription input) =>
        new(request.Format, request.Input, request.ColumnsText, input.Files.Select(Path.GetFileName).ToArray()!, input.Bytes, input.Sha256);
}
