using SimCache.Data.IO;

namespace SimCache.Simulation.TraceAnalysis;

/// <summary>
/// How much of a trace the distance part of <see cref="TraceAnalyzer"/> measures. Finding the nearest earlier
/// request of every request costs n²/2 distance evaluations: a few seconds for the 20,000 requests of a small
/// trace, days for a million. So a trace of at most <see cref="ExactRows"/> requests is measured exactly (every
/// request), and a longer one through <see cref="Sample"/> requests drawn without replacement with
/// <see cref="Seed"/>, each still compared with every earlier request of the trace. The counts (users,
/// sessions, reuse distances, requests over time) always cover every request.
/// </summary>
public sealed record TraceStatsOptions
{
    public const int DefaultSample = 2000;
    public const int DefaultExactRows = 20_000;

    /// <summary>The seed of the request sample: fixed, so a trace has one set of statistics.</summary>
    public const int DefaultSeed = 20231;

    /// <summary>Requests whose distances are measured in a trace longer than <see cref="ExactRows"/>.</summary>
    public int Sample { get; init; } = DefaultSample;

    /// <summary>Traces of at most this many requests are measured exactly.</summary>
    public int ExactRows { get; init; } = DefaultExactRows;

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Refuses values that measure nothing (a usage error naming the option).</summary>
    public void Validate()
    {
        if (Sample < 1) throw new UsageException($"--sample: must be at least 1, got {Sample}");
        if (ExactRows < 0) throw new UsageException($"--exact-rows: must be ≥ 0, got {ExactRows}");
    }
}
