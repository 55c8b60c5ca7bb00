using System.Diagnostics;
using SimCache.Caching.Core;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Simulation.Replay;

namespace SimCache.Simulation.Benchmarking;

/// <summary>
/// The replay speed figures: the event engine against a plain loop over the same streamed trace and the same
/// cache (the engine's overhead), and a large trace made by repeating a trained one (requests/s at scale).
/// </summary>
public static class ReplayBench
{
    /// <summary>
    /// Writes <paramref name="requests"/> rows by cycling through <paramref name="source"/>'s rows; each cycle is
    /// shifted in time past the previous one, so timestamps stay sorted. Vectors, users and answers are kept.
    /// </summary>
    public static void Repeat(string source, string output, long requests)
    {
        var users = new List<int>();
        var times = new List<long>();
        var vectors = new List<float[]>();
        var answers = new List<int[]>();
        var futures = new List<int[]>();
        int d;
        bool withAnswer, withFuture;
        using (var reader = TraceFileReader.Open(source))
        {
            d = reader.Dimension;
            withAnswer = reader.HasAnswer;
            withFuture = reader.HasFuture;
            foreach (var b in reader.ReadBatches())
                for (int i = 0; i < b.RowCount; i++)
                {
                    users.Add(b.Users[i]);
                    times.Add(b.Timestamps[i]);
                    vectors.Add(b.Vector(i).ToArray());
                    answers.Add(b.Answer(i).ToArray());
                    futures.Add(b.Future(i).ToArray());
                }
        }
        if (users.Count == 0) throw new DataFormatException(source, "holds no rows to repeat");
        long span = times[^1] - times[0] + 1;
        using var writer = new TraceFileWriter(output, d, SimCacheArrow.DistanceL2, Provenance.For($"repeat {source} to {requests} rows", null), withAnswer, withFuture);
        for (long k = 0; k < requests; k++)
        {
            int i = (int)(k % users.Count);
            long cycle = k / users.Count;
            writer.Append(users[i], (int)cycle, times[i] + cycle * span, vectors[i], answers[i], futures[i]);
        }
        writer.Complete();
    }

    /// <summary>The baseline: stream the trace and process each request at once, with the same block search.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // the hot loop runs once: skip tier-0 code
    public static (long Hits, double Seconds) PlainLoop(string trace, SimilarityCache cache, int block)
    {
        var clock = Stopwatch.StartNew();
        long hits = 0;
        using var reader = TraceFileReader.Open(trace);
        int d = reader.Dimension;
        while (reader.ReadNextBatch() is { } b)
        {
            var users = b.Users;
            var times = b.Timestamps;
            var vectors = b.Vectors;
            for (int start = 0; start < b.RowCount; start += block)
            {
                int count = Math.Min(block, b.RowCount - start);
                cache.BeginBlock(vectors.Slice(start * d, count * d), count);
                for (int r = start; r < start + count; r++)
                {
                    var o = cache.Process(new CacheRequest(users[r], times[r], vectors.Slice(r * d, d), default, r - start));
                    if (o.IsHit) hits++;
                }
                cache.EndBlock();
            }
        }
        return (hits, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The engine with zero latency, no TTL and no quality metrics: what it adds over <see cref="PlainLoop"/>.</summary>
    public static (long Hits, double Seconds) Engine(string trace, SimilarityCache cache, int block)
    {
        var r = ReplayEngine.Run(trace, cache, new ReplayOptions { TopN = 0, Block = block, Window = long.MaxValue / 2 });
        return (r.Totals.ExactHits + r.Totals.ApproximateHits, r.Seconds);
    }
}
