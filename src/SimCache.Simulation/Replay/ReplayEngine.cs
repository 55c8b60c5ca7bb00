using SimCache.Caching.Core;
using SimCache.Numerics.Vectors;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Simulation.Metrics;

namespace SimCache.Simulation.Replay;

/// <summary>
/// The discrete-event replay of a trace against one cache (docs/METHODS.md §3.3). Requests arrive in trace
/// order at the trace's timestamps or re-timed by an arrival process; a retrieval completes after the latency
/// and then carries out the admission its lookup asked for; keys expire after the TTL. The trace is streamed
/// batch by batch, so memory is bounded by the cache, one batch and the counts (for the quantiles, two float32
/// samples per approximate hit and one per delayed hit: 8 bytes, against about 1.3 KB per trace row at
/// d = 200). The replay itself is <see cref="ReplayRun"/>; it allocates nothing per request.
/// </summary>
/// <remarks>
/// The rules, so an independent implementation gets the same counts:
/// <list type="bullet">
/// <item>Events are ordered by (time, sequence number). Before a request at time t, every expiry and retrieval
/// completion at time ≤ t is applied in time order; at equal times an expiry comes before a completion, and
/// completions keep the order their fetches were issued in. A completion at exactly t serves the request at t
/// from the cache.</item>
/// <item>A request is looked up in the cache first (the policy's own hit rule: a threshold hit is inclusive,
/// d ≤ θ; nearest-key ties go to the earliest inserted key). Only if the cache misses is it checked against the
/// fetches in flight: the nearest one whose key would serve it by the policy's rule — at the cache's own
/// distance between the request and the key being fetched (<see cref="SimilarityCache.Distance"/>; the same
/// inclusive d ≤ θ, or the same user for lru), ties to the earliest issued — makes it a delayed hit; it waits
/// until that fetch completes, is served that fetch's answer, costs min(C_a(d), C_r) for that key, triggers no
/// retrieval and no admission of its own.</item>
/// <item>Every other miss, and every lookup whose policy asks for a background retrieval (qLRU-ΔC, CLS-LRU),
/// issues a retrieval that completes after a latency sample; with zero latency it completes at once, before
/// the next request. On completion the cache applies the admission (insert, evicting by the policy's rule, or
/// re-key), at the completion time, which starts the key's TTL.</item>
/// <item>Warm-up: the first N requests are replayed in full (they fill the cache and issue retrievals) but
/// count in no metric; a later request that waits on a fetch issued in warm-up counts as a delayed hit.</item>
/// <item>Quality, when the trace carries answers and N &gt; 0: served list = the key's answer on a hit, the
/// fetched key's answer on a delayed hit, the request's own answer on a miss; overlap@N with the own answer and
/// NDCG@N of both lists against the row's future items (<see cref="AnswerQuality"/>).</item>
/// </list>
/// </remarks>
public static class ReplayEngine
{
    /// <summary>Replays a trace file, streamed batch by batch (memory: the cache, one batch and the counts).</summary>
    public static ReplayResult Run(string tracePath, SimilarityCache cache, ReplayOptions options, IWorkReporter? reporter = null,
        CancellationToken cancel = default)
    {
        options.Validate();
        reporter ??= NullWorkReporter.Instance;
        // Without quality metrics nothing reads the answer and future lists: leave them on disk.
        using var reader = TraceFileReader.Open(tracePath, columns: options.TopN > 0 ? TraceColumns.Answer | TraceColumns.Future : TraceColumns.Core);
        CheckSpace(tracePath, reader.Dimension, reader.Distance, cache);
        options.CheckCountable(tracePath, reader.TotalRows);
        long total = options.Limit is long limit ? Math.Min(limit, reader.TotalRows) : reader.TotalRows;
        var run = new ReplayRun(cache, options, reader.Dimension, total, reader.HasAnswer);
        using var task = reporter.Start("Replaying " + cache.Description, total, "requests");
        while (!run.Done && reader.ReadNextBatch() is { } batch) run.Feed(RequestRows.Of(batch), task, cancel);
        return run.Finish();
    }

    /// <summary>
    /// Replays a trace held in memory (users, times, vectors; no quality metrics): the same replay without the
    /// cost of reading the file, for timing the engine and the cache alone.
    /// </summary>
    public static ReplayResult Run(RequestTable table, SimilarityCache cache, ReplayOptions options, IWorkReporter? reporter = null,
        CancellationToken cancel = default)
    {
        options.Validate();
        reporter ??= NullWorkReporter.Instance;
        CheckSpace("the request table", table.Dimension, table.Distance, cache);
        options.CheckCountable("the request table", table.Count);
        long total = options.Limit is long limit ? Math.Min(limit, table.Count) : table.Count;
        var run = new ReplayRun(cache, options, table.Dimension, total, withAnswers: false);
        using var task = reporter.Start("Replaying " + cache.Description, total, "requests");
        for (int start = 0; !run.Done; start += RequestTable.ChunkRows)
            run.Feed(table.Rows(start, Math.Min(RequestTable.ChunkRows, table.Count - start)), task, cancel);
        return run.Finish();
    }

    private static void CheckSpace(string source, int dimension, string distance, SimilarityCache cache)
    {
        var metric = DistanceMetrics.Parse(distance);
        if (metric != cache.Metric)
            throw new UsageException($"{source} holds {distance} vectors but the cache was built for {cache.Metric.Name()} distance");
        if (dimension != cache.Dimension)
            throw new UsageException($"{source} holds vectors of dimension {dimension} but the cache was built for {cache.Dimension}");
    }
}
