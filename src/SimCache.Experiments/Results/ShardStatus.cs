using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Results;

/// <summary>
/// Done and missing pairs per shard of the sharded sweeps in an output folder, read from the files alone:
/// OUT/slurm/plan.json (all pairs, written by <c>simcache slurm</c>) when present, each shard's
/// OUT/shards/I-of-N/shard.json (its share, written when it starts) and results.db files. A pair counts as done
/// when it is in the shard's database or already merged into OUT/results.db.
/// </summary>
public static class ShardStatus
{
    /// <summary>The shard folders <c>OUT/shards/I-of-N</c> that exist, by N then I.</summary>
    public static IReadOnlyList<(SweepShard Shard, string Dir)> Folders(string outDir)
    {
        var root = Path.Combine(outDir, SweepShard.ShardsFolder);
        if (!Directory.Exists(root)) return [];
        return Directory.GetDirectories(root)
            .Select(d => (Shard: SweepShard.FromName(Path.GetFileName(d)), Dir: d))
            .Where(x => x.Shard is not null)
            .Select(x => (x.Shard!, x.Dir))
            .OrderBy(x => x.Item1.Count).ThenBy(x => x.Item1.Index)
            .ToList();
    }

    public static IReadOnlyList<ShardState> Read(string outDir, string slurmDir)
    {
        outDir = Path.GetFullPath(outDir);
        var plan = ShardPlan.TryLoad(slurmDir);
        var shares = new Dictionary<(string Experiment, int Count, int Index), HashSet<(string, long)>?>();
        if (plan is not null)
        {
            for (int i = 0; i < plan.Shards; i++) shares[(plan.Experiment, plan.Shards, i)] = [];
            foreach (var p in plan.Pairs) shares[(plan.Experiment, plan.Shards, SweepShard.Of(p.Point, p.Seed, plan.Shards))]!.Add((p.Point, p.Seed));
        }
        var inShard = new Dictionary<(string, int, int), HashSet<(string, long)>>();
        var started = new HashSet<(string, int, int)>();
        foreach (var (shard, dir) in Folders(outDir))
        {
            var manifest = ShardManifest.TryLoad(dir);
            string experiment = manifest?.Experiment ?? plan?.Experiment ?? "?";
            var key = (experiment, shard.Count, shard.Index);
            started.Add(key);
            if (!shares.TryGetValue(key, out var share) || share is null)
                shares[key] = manifest?.Pairs.Select(p => (p.Point, p.Seed)).ToHashSet();
            var done = new HashSet<(string, long)>();
            if (File.Exists(Path.Combine(dir, ResultsStore.FileName)))
            {
                using var store = ResultsStore.OpenReadOnly(dir);
                done = store.Done(experiment);
            }
            inShard[key] = done;
        }
        var merged = new Dictionary<string, HashSet<(string, long)>>();
        if (File.Exists(Path.Combine(outDir, ResultsStore.FileName)))
        {
            using var store = ResultsStore.OpenReadOnly(outDir);
            foreach (var e in shares.Keys.Select(k => k.Experiment).Distinct()) merged[e] = store.Done(e);
        }
        var states = new List<ShardState>();
        foreach (var (key, share) in shares.OrderBy(k => k.Key.Experiment, StringComparer.Ordinal).ThenBy(k => k.Key.Count).ThenBy(k => k.Key.Index))
        {
            var own = inShard.GetValueOrDefault(key) ?? [];
            var all = merged.GetValueOrDefault(key.Experiment) ?? [];
            int done = share is null ? own.Count : share.Count(p => own.Contains(p) || all.Contains(p));
            states.Add(new ShardState(key.Experiment, new SweepShard(key.Index, key.Count), share?.Count, own.Count, done, started.Contains(key)));
        }
        return states;
    }

    /// <summary>Per experiment and policy: finished pairs and their median wall seconds, over OUT/results.db and every shard's database (each pair once).</summary>
    public static IReadOnlyList<PolicyTiming> Timings(string outDir)
    {
        outDir = Path.GetFullPath(outDir);
        var seconds = new Dictionary<(string Experiment, string Point, long Seed), (string Policy, double Seconds)>();
        var dirs = new List<string>();
        if (File.Exists(Path.Combine(outDir, ResultsStore.FileName))) dirs.Add(outDir);
        dirs.AddRange(Folders(outDir).Select(f => f.Dir).Where(d => File.Exists(Path.Combine(d, ResultsStore.FileName))));
        foreach (var dir in dirs)
        {
            using var store = ResultsStore.OpenReadOnly(dir);
            foreach (var r in store.Provenance()) seconds.TryAdd((r.Experiment, r.PointKey, r.Seed), (r.Policy, r.WallSeconds));
        }
        return seconds.GroupBy(s => (s.Key.Experiment, s.Value.Policy))
            .OrderBy(g => g.Key.Experiment, StringComparer.Ordinal).ThenBy(g => g.Key.Policy, StringComparer.Ordinal)
            .Select(g => new PolicyTiming(g.Key.Experiment, g.Key.Policy, g.Count(), Median(g.Select(x => x.Value.Seconds).ToList())))
            .ToList();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n == 0 ? double.NaN : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
