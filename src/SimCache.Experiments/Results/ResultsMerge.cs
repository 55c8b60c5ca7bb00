using SimCache.Data.IO;
using SimCache.Experiments.Running;
using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Results;

/// <summary>
/// <c>simcache results merge OUT</c>: folds every shard's rows (OUT/shards/I-of-N/results.db) into OUT/results.db.
/// Rows are keyed by (experiment, point, seed) and a row already there is kept as it is, and shards' rows never
/// change once committed, so merging is idempotent: twice, or once while a shard still runs and again after,
/// gives the same rows as once at the end. Everything is checked before anything is written: within an
/// experiment all rows (the shards' and those already merged) must come from one set of inputs (the inputs
/// hash) and one code version, else the merge is refused naming the databases, unless told to allow it
/// (other inputs: the experiment's rows on the old inputs are dropped, as a rerun of the sweep would; other
/// code: kept side by side). Shard databases are opened read-only; each shard is added in one transaction.
/// </summary>
public static class ResultsMerge
{
    public static MergeOutcome Merge(string outDir, bool allowOtherInputs, bool allowOtherCode, Action<string>? log = null)
    {
        log ??= _ => { };
        outDir = Path.GetFullPath(outDir);
        if (!Directory.Exists(outDir)) throw new UsageException($"OUT: {outDir}: no such folder");
        OutputFolder.Check(outDir);
        var folders = ShardStatus.Folders(outDir).Where(f => File.Exists(Path.Combine(f.Dir, ResultsStore.FileName))).ToList();
        if (folders.Count == 0)
            throw new UsageException($"OUT: {outDir} has no shard results ({SweepShard.ShardsFolder}/I-of-N/{ResultsStore.FileName}): run 'simcache sweep … --shard I/N' (or 'simcache slurm') into it first");

        // Read every shard, then check, then write.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var shards = new List<(SweepShard Shard, string Db, IReadOnlyList<ResultRow> Rows, Dictionary<(string, string, long), TimeSeries> Series, IReadOnlyDictionary<string, ColumnRole> Columns)>();
        foreach (var (shard, dir) in folders)
        {
            using var store = ResultsStore.OpenReadOnly(dir);
            shards.Add((shard, store.Path, store.Rows(ordered: false), store.AllSeries(), store.Columns()));
        }
        log(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"merge: read {shards.Count} shard databases ({shards.Sum(s => s.Rows.Count)} rows) in {clock.Elapsed.TotalSeconds:F2} s"));
        clock.Restart();
        var targetPath = Path.Combine(outDir, ResultsStore.FileName);
        IReadOnlyList<RowProvenance> existing = [];
        if (File.Exists(targetPath))
        {
            using var target = ResultsStore.OpenReadOnly(outDir);
            existing = target.Provenance();
        }
        var replaceInputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var experiment in shards.SelectMany(s => s.Rows).Select(r => r.Experiment).Distinct().Order(StringComparer.Ordinal))
        {
            var byInputs = shards.SelectMany(s => s.Rows.Where(r => r.Experiment == experiment).Select(r => (r.Inputs, s.Db))).Distinct().GroupBy(x => x.Inputs).ToList();
            if (byInputs.Count > 1)
                throw new DataFormatException(byInputs[1].First().Db,
                    $"experiment '{experiment}': its rows were made on other inputs (inputs {Short(byInputs[1].Key)}) than those of {string.Join(", ", byInputs[0].Select(x => x.Db))} (inputs {Short(byInputs[0].Key)}): "
                    + "the trace or model changed between shards; rerun the stale shards (a shard rerun on new inputs replaces its old rows), then merge");
            string inputs = byInputs[0].Key;
            var stale = existing.Where(r => r.Experiment == experiment && r.Inputs != inputs).ToList();
            if (stale.Count > 0)
            {
                if (!allowOtherInputs)
                    throw new DataFormatException(targetPath,
                        $"experiment '{experiment}': its {stale.Count} rows here were made on other inputs (inputs {Short(stale[0].Inputs)}) than the shards' (inputs {Short(inputs)}): "
                        + "refusing to mix them; give --allow-other-inputs to replace them by the shards' rows");
                replaceInputs[experiment] = inputs;
            }
            var versions = shards.SelectMany(s => s.Rows.Where(r => r.Experiment == experiment).Select(r => (r.CodeVersion, s.Db)))
                .Concat(existing.Where(r => r.Experiment == experiment && r.Inputs == inputs).Select(r => (r.CodeVersion, Db: targetPath)))
                .Distinct().GroupBy(x => x.CodeVersion).ToList();
            if (versions.Count > 1 && !allowOtherCode)
                throw new DataFormatException(versions[1].First().Db,
                    $"experiment '{experiment}': rows made by code version {versions[1].Key} would be mixed with rows made by {versions[0].Key} (in {string.Join(", ", versions[0].Select(x => x.Db).Distinct())}): "
                    + "results of different code are not comparable; rerun the shards with one build, or give --allow-other-code to merge them anyway");
        }

        int added = 0;
        var perShard = new Dictionary<SweepShard, int>();
        using (var store = ResultsStore.Open(outDir))
        {
            foreach (var (experiment, inputs) in replaceInputs)
            {
                int removed = store.RemoveOtherInputs(experiment, inputs);
                log($"merge: removed {removed} rows of '{experiment}' made on other inputs (--allow-other-inputs)");
            }
            var done = store.Provenance().Select(r => (r.Experiment, r.PointKey, r.Seed)).ToHashSet();
            foreach (var (shard, _, rows, series, columns) in shards)
            {
                var fresh = rows.Where(r => done.Add((r.Experiment, r.PointKey, r.Seed))).ToList();
                int n = store.AddMany(fresh.Select(r => (r, series.GetValueOrDefault((r.Experiment, r.PointKey, r.Seed)))), columns);
                perShard[shard] = n;
                added += n;
            }
            log(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"merge: checked and added {added} rows in {clock.Elapsed.TotalSeconds:F2} s"));
            clock.Restart();
            ResultsCsv.Write(store, Path.Combine(outDir, ResultsCsv.FileName));
            log(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"merge: wrote {ResultsCsv.FileName} in {clock.Elapsed.TotalSeconds:F2} s"));
            // The experiment's account (OUT/NAME/experiment.json, written by the stages' run) now says where its sweep came from.
            foreach (var experiment in shards.SelectMany(s => s.Rows).Select(r => r.Experiment).Distinct())
            {
                var root = Path.Combine(outDir, experiment);
                if (experiment.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || !Directory.Exists(root)) continue;
                if (ExperimentState.TryLoad(root) is not { } state) continue;
                int rows = store.Done(experiment).Count;
                var status = new StageStatus("sweep", StageStatus.Ran, $"{rows} runs merged from {shards.Count} shard databases (simcache results merge)", null,
                    shards.SelectMany(s => s.Rows).Where(r => r.Experiment == experiment).Sum(r => r.WallSeconds));
                var stages = state.Stages.Select(s => s.Stage == "sweep" ? status : s).ToList();
                if (!stages.Contains(status))
                {
                    int report = stages.FindIndex(s => s.Stage == "report");
                    stages.Insert(report < 0 ? stages.Count : report, status);
                }
                (state with { Stages = stages }).Save(root);
            }
            int total = store.Provenance().Count;
            return new MergeOutcome(shards.Select(s => (s.Shard, s.Rows.Count, perShard[s.Shard])).ToList(), added, total, store.Path, Path.Combine(outDir, ResultsCsv.FileName));
        }
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
