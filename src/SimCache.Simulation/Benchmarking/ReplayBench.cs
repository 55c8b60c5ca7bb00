using System.Runtime.CompilerServices;
using SimCache.Caching.Core;
using SimCache.Numerics.Vectors;
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
    /// <summary>Rows per record batch of a made trace (about 10 MB at d = 200 with 100-item answers).</summary>
    public const int DefaultBatchRows = 8192;

    /// <summary>
    /// Writes <paramref name="requests"/> rows by cycling through <paramref name="source"/>'s rows; each cycle is
    /// shifted in time past the previous one, so timestamps stay sorted. Users, answers, future items and the
    /// distance metric are kept. With <paramref name="perturb"/> = σ &gt; 0, every cycle after the first moves each
    /// vector x to x + σ·(‖x‖/√d)·z, z standard normal from <c>System.Random(seed)</c> (Box–Muller), so a relative
    /// displacement of about σ: repeats then hit approximately or miss as a re-embedded user would, instead of
    /// hitting exactly. <paramref name="command"/> is recorded as provenance. Record batches hold
    /// <paramref name="batchRows"/> rows: a replay holds one batch at a time, and smaller batches than
    /// <c>simcache trace</c>'s 65,536 rows (85 MB at d = 200 with answers) keep that small and reusable. The source is read whole (it is a trained trace of thousands of rows); the output is
    /// written batch by batch, atomically.
    /// </summary>
    public static void Repeat(string source, string output, long requests, double perturb = 0, int seed = 1, string? command = null,
        int batchRows = DefaultBatchRows)
    {
        if (batchRows < 1) throw new UsageException("--batch-rows must be ≥ 1");
        if (requests < 1) throw new UsageException("--requests must be ≥ 1");
        if (!(perturb >= 0) || !double.IsFinite(perturb)) throw new UsageException("--perturb must be a finite number ≥ 0");
        var users = new List<int>();
        var times = new List<long>();
        var vectors = new List<float[]>();
        var answers = new List<int[]>();
        var futures = new List<int[]>();
        int d;
        bool withAnswer, withFuture;
        string distance;
        using (var reader = TraceFileReader.Open(source))
        {
            d = reader.Dimension;
            distance = reader.Distance;
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
        var random = new Random(seed);
        var moved = new float[d];
        string what = command ?? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"repeat {source} to {requests} rows, perturb {perturb}");
        using var writer = new TraceFileWriter(output, d, distance, Provenance.For(what, seed), withAnswer, withFuture, batchRows: batchRows);
        for (long k = 0; k < requests; k++)
        {
            int i = (int)(k % users.Count);
            long cycle = k / users.Count;
            var vector = vectors[i];
            if (perturb > 0 && cycle > 0)
            {
                float scale = (float)(perturb * Math.Sqrt(VectorKernels.Dot(vector, vector) / d));
                for (int j = 0; j < d; j++) moved[j] = vector[j] + scale * (float)Normal(random);
                vector = moved;
            }
            writer.Append(users[i], (int)cycle, checked(times[i] + cycle * span), vector, answers[i], futures[i]);
        }
        writer.Complete();
    }

    /// <summary>A standard normal draw (Box–Muller, one uniform pair per draw: simple and reproducible).</summary>
    private static double Normal(Random random)
    {
        double u = 1.0 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    /// <summary>
    /// The floor under any replay of the file: stream the trace and touch every user, timestamp and vector (a
    /// checksum, so nothing is optimised away), with no cache at all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double StreamOnly(string trace)
    {
        double sum = 0;
        using var reader = TraceFileReader.Open(trace, columns: TraceColumns.Core);
        int d = reader.Dimension;
        while (reader.ReadNextBatch() is { } b)
        {
            var users = b.Users;
            var times = b.Timestamps;
            var vectors = b.Vectors;
            for (int r = 0; r < b.RowCount; r++) sum += users[r] + times[r] + vectors[r * d];
        }
        return sum;
    }

    /// <summary>
    /// The baseline: stream the trace and process each request at once (lookup, then admission); returns the
    /// hits — with the same block search when the policy searches nearest keys, none otherwise. Stops after
    /// <paramref name="limit"/> requests.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the hot loop runs once: skip tier-0 code
    public static long PlainLoop(string trace, SimilarityCache cache, int block, long limit = long.MaxValue)
    {
        long hits = 0, done = 0;
        var outcomes = new CacheOutcome[ReplayRun.RunRows];
        var now = new double[ReplayRun.RunRows];
        using var reader = TraceFileReader.Open(trace, columns: TraceColumns.Core);
        while (done < limit && reader.ReadNextBatch() is { } b)
        {
            var rows = RequestRows.Of(b);
            int n = (int)Math.Min(rows.Count, limit - done);
            hits += PlainRows(rows, n, cache, block, outcomes, now);
            done += n;
        }
        return hits;
    }

    /// <summary><see cref="PlainLoop(string, SimilarityCache, int, long)"/> over a trace held in memory.</summary>
    public static long PlainLoop(RequestTable table, SimilarityCache cache, int block, long limit = long.MaxValue)
    {
        long hits = 0;
        var outcomes = new CacheOutcome[ReplayRun.RunRows];
        var now = new double[ReplayRun.RunRows];
        int total = (int)Math.Min(table.Count, limit);
        for (int start = 0; start < total; start += RequestTable.ChunkRows)
        {
            int n = Math.Min(RequestTable.ChunkRows, total - start);
            hits += PlainRows(table.Rows(start, n), n, cache, block, outcomes, now);
        }
        return hits;
    }

    /// <summary>
    /// The plain loop's work on consecutive rows: the cache's own fastest way through them — the nearest-key
    /// block when it searches, then <see cref="SimilarityCache.ProcessRun"/> (what the engine's zero-latency
    /// path calls too) — counting only the hits. So the engine's overhead measured against it is its
    /// bookkeeping (counts, cost, samples, windows), not a difference in how the cache is driven.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long PlainRows(in RequestRows rows, int n, SimilarityCache cache, int block, CacheOutcome[] outcomes, double[] now)
    {
        long hits = 0;
        int d = rows.Dimension;
        var users = rows.Users;
        var times = rows.Times;
        var vectors = rows.Vectors;
        bool searches = cache.NeedsNearestKeys;
        if (!searches) block = Math.Max(n, 1);
        for (int start = 0; start < n; start += block)
        {
            int count = Math.Min(block, n - start);
            if (searches) cache.BeginBlock(vectors.Slice(start * d, count * d), count);
            for (int run = start; run < start + count; run += outcomes.Length)
            {
                int m = Math.Min(outcomes.Length, start + count - run);
                for (int i = 0; i < m; i++) now[i] = times[run + i];
                cache.ProcessRun(users.Slice(run, m), now, vectors.Slice(run * d, m * d), m, searches ? run - start : -1, outcomes);
                for (int i = 0; i < m; i++)
                    if (outcomes[i].Kind != OutcomeKind.Miss) hits++;
            }
            if (searches) cache.EndBlock();
        }
        return hits;
    }

    /// <summary>The engine with zero latency, no TTL and no quality metrics: what it adds over <see cref="PlainLoop(string, SimilarityCache, int, long)"/>.</summary>
    public static long Engine(string trace, SimilarityCache cache, int block, long limit = long.MaxValue)
    {
        var r = ReplayEngine.Run(trace, cache, EngineOptions(block, limit));
        r.Release();
        return r.Totals.ExactHits + r.Totals.ApproximateHits;
    }

    /// <summary><see cref="Engine(string, SimilarityCache, int, long)"/> over a trace held in memory.</summary>
    public static long Engine(RequestTable table, SimilarityCache cache, int block, long limit = long.MaxValue)
    {
        var r = ReplayEngine.Run(table, cache, EngineOptions(block, limit));
        r.Release();
        return r.Totals.ExactHits + r.Totals.ApproximateHits;
    }

    private static ReplayOptions EngineOptions(int block, long limit) =>
        new() { TopN = 0, Block = block, Limit = limit == long.MaxValue ? null : limit };
}
