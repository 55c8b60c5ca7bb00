namespace SimCache.Simulation.TraceAnalysis;

/// <summary>
/// What <see cref="TraceAnalyzer"/> measured, per request, before it is summarised (<see cref="TraceStatsJson"/>):
/// the raw values the tests compare with a naive implementation. Distances are in the trace's metric.
/// </summary>
public sealed class TraceMeasurements
{
    public required string FileName { get; init; }
    public required string Sha256 { get; init; }
    public required long Bytes { get; init; }
    public required int Dimension { get; init; }
    public required string Metric { get; init; }

    /// <summary>The trace's <c>simcache.timestamps</c> metadata (unix-seconds, unix-days, file-position, none) or "unknown".</summary>
    public required string TimestampKind { get; init; }

    public required long Requests { get; init; }

    /// <summary>Requests of each user, in the order users first appear.</summary>
    public required int[] RowsPerUser { get; init; }

    public required long FirstTimestamp { get; init; }
    public required long LastTimestamp { get; init; }

    /// <summary>Requests whose previous request (in trace order) was the same user's.</summary>
    public required long SameUserConsecutive { get; init; }

    /// <summary>For each request whose user appeared before, in trace order: requests of other users since the user's previous one.</summary>
    public required int[] RequestsBetween { get; init; }

    /// <summary>The same requests' LRU stack distances: distinct other users requested since the user's previous request.</summary>
    public required int[] UsersBetween { get; init; }

    /// <summary>True when every request was measured (<see cref="SampleRows"/> is 0..n−1).</summary>
    public required bool Exact { get; init; }

    public required TraceStatsOptions Options { get; init; }

    /// <summary>The requests whose distances were measured, ascending.</summary>
    public required long[] SampleRows { get; init; }

    /// <summary>Per measured request: distance to the nearest earlier request of any user (NaN for the first request).</summary>
    public required float[] NearestEarlier { get; init; }

    /// <summary>Per measured request: distance to the same user's previous request (NaN for a user's first request).</summary>
    public required float[] SameUserPrevious { get; init; }

    /// <summary>Requests per time bin: bin i covers [<see cref="TimeBinStart"/> + i·<see cref="TimeBinWidth"/>, +width).</summary>
    public required long[] TimeBinCounts { get; init; }
    public required long TimeBinStart { get; init; }
    public required long TimeBinWidth { get; init; }

    /// <summary>The width's name (hour, day, week, 30 days, …), in the timestamps' unit.</summary>
    public required string TimeBinName { get; init; }
}
