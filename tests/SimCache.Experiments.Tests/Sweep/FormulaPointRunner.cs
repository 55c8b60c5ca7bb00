using SimCache.Data.IO;
using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Tests.Sweep;

/// <summary>
/// A test double for the simulator (tests only): every metric is a closed-form function of the point's
/// capacity, threshold and the seed, so a test knows each expected value and can tell a row that was lost,
/// repeated or mixed up with another. <paramref name="delayMs"/> makes each run slow enough to be killed mid-sweep.
/// </summary>
public sealed class FormulaPointRunner(int delayMs = 0) : ISweepPointRunner
{
    public static readonly string[] Policies = ["lru", "sim-lru"];

    public string Name => "formula test runner";

    public void Check(SweepPoint point)
    {
        if (!Policies.Contains(point.Policy)) throw new UsageException($"unknown policy '{point.Policy}'; valid: {string.Join(", ", Policies)}");
        if (point.Parameter("capacity")?.Number is not > 0) throw new UsageException("capacity must be a number > 0");
    }

    public PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel)
    {
        if (delayMs > 0) Thread.Sleep(delayMs);
        cancel.ThrowIfCancellationRequested();
        double capacity = point.Parameter("capacity")!.Number!.Value;
        double threshold = point.Parameter("threshold")?.Number ?? 0;
        var m = Expected(capacity, threshold, seed, point.Options.Warmup);
        var series = new TimeSeries(["time", "hit_ratio"], Enumerable.Range(1, 5).Select(i => new[] { 10.0 * i, m["hit_ratio"] * i / 5 }).ToList());
        return new PointResult(m, series);
    }

    /// <summary>The metrics of a run, computed from the parameters alone.</summary>
    public static Dictionary<string, double> Expected(double capacity, double threshold, long seed, long warmup = 0)
    {
        double hit = capacity / (capacity + 100) * (0.5 + 0.5 * (1 - Math.Exp(-threshold))) * (1 - 0.01 * seed);
        long requests = 1000 - warmup;
        return new Dictionary<string, double>
        {
            ["requests"] = requests,
            ["hit_ratio"] = hit,
            ["misses"] = Math.Round(requests * (1 - hit)),
            ["cost_per_request"] = 1 - hit + hit * threshold / 4,
            ["ndcg_loss"] = threshold * hit / 10,
            ["distance_mean"] = threshold == 0 ? double.NaN : threshold / 2,
        };
    }
}
