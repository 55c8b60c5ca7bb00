using SimCache.Data.IO;
using SimCache.Simulation.Timing;

namespace SimCache.Simulation.Replay;

/// <summary>Everything about a replay besides the cache itself (docs/METHODS.md §3.3).</summary>
public sealed record ReplayOptions
{
    public LatencyModel Latency { get; init; } = LatencyModel.Parse("0");

    /// <summary>Seconds a key lives after admission (+∞: no expiry).</summary>
    public double Ttl { get; init; } = double.PositiveInfinity;

    public string Arrivals { get; init; } = "trace";

    /// <summary>Requests replayed first without being counted (the cache fills up).</summary>
    public long Warmup { get; init; }

    /// <summary>Counted requests per row of the time series.</summary>
    public long Window { get; init; } = 10_000;

    /// <summary>List length of the quality metrics (overlap@N, NDCG@N); 0 turns them off.</summary>
    public int TopN { get; init; } = 10;

    /// <summary>Seed of the latency samples and of the arrival process.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Requests whose nearest keys are searched in one batch (exact sequential semantics either way).</summary>
    public int Block { get; init; } = 256;

    /// <summary>Stop after this many requests (null: the whole trace).</summary>
    public long? Limit { get; init; }

    public void Validate()
    {
        if (!(Ttl > 0)) throw new UsageException("--ttl must be a positive number of seconds");
        if (Warmup < 0) throw new UsageException("--warmup must be ≥ 0");
        if (Window < 1) throw new UsageException("--window must be ≥ 1");
        if (TopN < 0) throw new UsageException("--top-n must be ≥ 0");
        if (Block < 1) throw new UsageException("--block must be ≥ 1");
        if (Limit is < 1) throw new UsageException("--limit must be ≥ 1");
    }

    /// <summary>
    /// Refuses a replay that would count no request: a trace without rows, or a warm-up that covers every
    /// request replayed. Its hit ratio would read 0 (or 0/0), a number that says nothing about the cache, so it
    /// is bad input rather than a result. <paramref name="source"/> names the trace in the message.
    /// </summary>
    public void CheckCountable(string source, long rows)
    {
        if (rows == 0) throw new DataFormatException(source, "holds no requests (0 rows): nothing to count");
        long replayed = Limit is long limit ? Math.Min(limit, rows) : rows;
        if (Warmup >= replayed)
            throw new UsageException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"--warmup {Warmup} covers all {replayed} requests replayed from {source}: nothing to count; give a warm-up shorter than the trace"));
    }
}
