using System.Globalization;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Data.Protocol;

namespace SimCache.Data.Dataset;

/// <summary>Writes a <see cref="SplitDataset"/> as a data set folder: one Arrow file per split and <c>dataset.json</c>.</summary>
public static class DatasetWriter
{
    public static DatasetManifest Write(SplitDataset split, DatasetManifest.InputSection input, DatasetManifest.ProtocolSection protocol,
        string outDir, Provenance provenance, bool force, IWorkReporter? reporter = null, CancellationToken cancel = default)
    {
        reporter ??= NullWorkReporter.Instance;
        var files = split.Parts.ToDictionary(p => p.Name, p => p.Name + ".arrow");
        var timestamps = TimestampNames.Of(split.TimeKind);
        var manifest = new DatasetManifest
        {
            ToolVersion = provenance.Version,
            Command = provenance.Command,
            Input = input,
            Protocol = protocol,
            Timestamps = timestamps,
            Counts = new DatasetManifest.CountsSection(
                split.Stages.Select(s => new DatasetManifest.StageSection(s.Stage, s.Interactions, s.Users, s.Items)).ToArray(),
                split.UserIds.Count, split.ItemIds.Count, split.Parts.Sum(p => (long)p.Count),
                split.TrainUsers, split.ValidationUsers, split.TestUsers,
                split.Parts.ToDictionary(p => p.Name, p => new DatasetManifest.SplitSection(p.DistinctUsers(), p.Count)),
                split.HeldoutRowsDropped, split.DuplicatesDropped),
            Files = files,
            UserIds = split.UserIds,
            ItemIds = split.ItemIds,
        };
        DatasetFolder.CheckReplaceable(outDir, existing => existing.DescribesSameDataset(manifest), force);
        long total = split.Parts.Sum(p => (long)p.Count);
        DatasetFolder.Replace(outDir, tmp =>
        {
            using var task = reporter.Start("Writing splits", total, "rows");
            long done = 0;
            foreach (var part in split.Parts)
            {
                cancel.ThrowIfCancellationRequested(); // inside the temporary folder: a stop leaves --out as it was
                var extra = new Dictionary<string, string>
                {
                    ["simcache.split"] = part.Name,
                    ["simcache.dataset_sha256"] = input.Sha256,
                    ["simcache.users"] = split.UserIds.Count.ToString(CultureInfo.InvariantCulture),
                    ["simcache.items"] = split.ItemIds.Count.ToString(CultureInfo.InvariantCulture),
                    ["simcache.timestamps"] = timestamps,
                };
                using var writer = new InteractionFileWriter(Path.Combine(tmp, files[part.Name]), provenance, extra);
                writer.Append(part.User, part.Item, part.Time, part.Rating);
                writer.Complete();
                done += part.Count;
                task.Report(done);
            }
            cancel.ThrowIfCancellationRequested();
            AtomicFile.WriteAllText(Path.Combine(tmp, DatasetManifest.FileName), manifest.ToJson());
        });
        return manifest;
    }
}
