using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Numerics.Vectors;
using SimCache.Simulation.Scale;

namespace SimCache.Simulation.TraceAnalysis;

/// <summary>
/// Measures what in a trace decides how much any cache can reuse: how users alternate (the share of requests
/// right after the same user's previous one, and the reuse and LRU stack distances between a user's
/// requests), how far a request is from everything asked before it (the nearest earlier request of any user,
/// and the same user's previous embedding: the scale against which θ and C_r are set), and when requests come.
/// </summary>
/// <remarks>
/// Two streamed passes through <see cref="TraceFileReader"/>, never the whole trace in memory. The first counts
/// (per user: a request count and its last position; per request: two integer distances and a Fenwick-tree
/// slot, <see cref="StackDistanceCounter"/>) and copies the measured requests' vectors. The second sweeps the
/// trace in blocks of <see cref="RowBlock"/> rows: blocked dot products (<see cref="VectorKernels.DotBlock"/>,
/// parallel over blocks of <see cref="QueryBlock"/> measured requests) rank the block's rows earlier than each
/// measured request by ‖q‖² + ‖r‖² − 2q·r, and the best of the block is re-measured by the exact
/// <see cref="VectorKernels.SquaredDistance"/>, so the distance reported carries no cancellation error. Each
/// request's result depends only on the trace, never on the thread count. Which requests are measured:
/// <see cref="TraceStatsOptions"/>.
/// </remarks>
public static class TraceAnalyzer
{
    private const int QueryBlock = 32, RowBlock = 512;

    public static TraceMeasurements Measure(string path, TraceStatsOptions? options = null, IWorkReporter? reporter = null, CancellationToken cancel = default)
    {
        options ??= new TraceStatsOptions();
        options.Validate();
        reporter ??= NullWorkReporter.Instance;
        int dim;
        DistanceMetric metric;
        long total;
        string kind;
        using (var probe = TraceFileReader.Open(path, columns: TraceColumns.Core))
        {
            dim = probe.Dimension;
            metric = DistanceMetrics.Parse(probe.Distance);
            total = probe.TotalRows;
            kind = probe.Metadata.TryGetValue("simcache.timestamps", out var k) ? k : "unknown";
        }
        if (total == 0) throw new DataFormatException(path, "holds no requests, so there is nothing to describe");
        if (total > int.MaxValue - 1) throw new DataFormatException(path, $"holds {total:N0} requests; trace statistics count positions in 32 bits (at most {int.MaxValue - 1:N0})");
        int n = (int)total;
        bool exact = n <= options.ExactRows;
        var sample = DistanceScaleEstimator.Sample(n, exact ? n : options.Sample, options.Seed);
        int s = sample.Length;

        // ---- pass 1: counts, reuse distances, the measured requests' vectors ----
        var slots = new Dictionary<int, int>();
        var perUser = new List<int>();
        var lastRow = new List<int>();
        var stack = new StackDistanceCounter(n);
        var requestsBetween = new List<int>();
        var usersBetween = new List<int>();
        var queries = new float[checked(s * dim)];
        var queryNorms = new float[s];
        var previousOfQuery = new int[s];
        long sameUser = 0, first = 0, last = 0;
        int previousUser = -1;
        using (var task = reporter.Start("trace statistics: users and reuse", n, "requests"))
        using (var reader = TraceFileReader.Open(path, columns: TraceColumns.Core))
        {
            int next = 0;
            while (reader.ReadNextBatch() is { } batch)
            {
                cancel.ThrowIfCancellationRequested();
                var users = batch.Users;
                var times = batch.Timestamps;
                for (int r = 0; r < batch.RowCount; r++)
                {
                    int i = (int)(batch.FirstRow + r);
                    int user = users[r];
                    if (i == 0) first = times[r];
                    last = times[r];
                    if (user == previousUser) sameUser++;
                    previousUser = user;
                    int previous = -1;
                    if (slots.TryGetValue(user, out int slot))
                    {
                        previous = lastRow[slot];
                        requestsBetween.Add(i - previous - 1);
                        usersBetween.Add(stack.Move(previous, i));
                        perUser[slot]++;
                        lastRow[slot] = i;
                    }
                    else
                    {
                        slots.Add(user, perUser.Count);
                        perUser.Add(1);
                        lastRow.Add(i);
                        stack.First(i);
                    }
                    if (next < s && sample[next] == i)
                    {
                        queryNorms[next] = Prepare(metric, path, i, batch.Vector(r), queries.AsSpan(next * dim, dim));
                        previousOfQuery[next] = previous;
                        next++;
                    }
                }
                task.Report(batch.FirstRow + batch.RowCount);
            }
        }

        // ---- pass 2: nearest earlier request, same user's previous request, requests over time ----
        var (binStart, binWidth, binCount, binName) = TimeBins.Choose(first, last, kind);
        var timeCounts = new long[binCount];
        var nearest = new float[s];
        var sameUserSq = new float[s];
        Array.Fill(nearest, float.PositiveInfinity);
        Array.Fill(sameUserSq, float.NaN);
        // The measured requests by the row of their user's previous request, to meet that row in the sweep.
        var byPrevious = Enumerable.Range(0, s).Where(q => previousOfQuery[q] >= 0).OrderBy(q => previousOfQuery[q]).ThenBy(q => q).ToArray();
        int nextPrevious = 0;
        using (var task = reporter.Start("trace statistics: distances", n, "rows"))
        using (var reader = TraceFileReader.Open(path, columns: TraceColumns.Core))
        {
            var prepared = new float[RowBlock * dim];
            var norms = new float[RowBlock];
            int firstQuery = 0; // the first measured request later than the block's first row
            while (reader.ReadNextBatch() is { } batch)
            {
                var times = batch.Timestamps;
                for (int r = 0; r < batch.RowCount; r++) timeCounts[(times[r] - binStart) / binWidth]++;
                for (int start = 0; start < batch.RowCount; start += RowBlock)
                {
                    cancel.ThrowIfCancellationRequested();
                    int rows = Math.Min(RowBlock, batch.RowCount - start);
                    int row0 = (int)(batch.FirstRow + start);
                    for (int i = 0; i < rows; i++) norms[i] = Prepare(metric, path, row0 + i, batch.Vector(start + i), prepared.AsSpan(i * dim, dim));
                    while (nextPrevious < byPrevious.Length && previousOfQuery[byPrevious[nextPrevious]] < row0 + rows)
                    {
                        int q = byPrevious[nextPrevious++];
                        int at = previousOfQuery[q] - row0;
                        sameUserSq[q] = VectorKernels.SquaredDistance(queries.AsSpan(q * dim, dim), prepared.AsSpan(at * dim, dim));
                    }
                    while (firstQuery < s && sample[firstQuery] <= row0) firstQuery++;
                    int remaining = s - firstQuery;
                    if (remaining == 0) continue;
                    int blocks = (remaining + QueryBlock - 1) / QueryBlock;
                    int q0Base = firstQuery;
                    Parallel.For(0, blocks, () => new float[QueryBlock * RowBlock], (b, _, products) =>
                    {
                        int q0 = q0Base + b * QueryBlock, qn = Math.Min(QueryBlock, s - q0);
                        VectorKernels.DotBlock(queries.AsSpan(q0 * dim, qn * dim), qn, prepared.AsSpan(0, rows * dim), rows, dim, products, RowBlock);
                        for (int q = 0; q < qn; q++)
                        {
                            int query = q0 + q;
                            int limit = (int)Math.Min(rows, sample[query] - row0); // rows strictly earlier than the request
                            float qNorm = queryNorms[query];
                            int best = -1;
                            float bestRank = float.PositiveInfinity;
                            for (int i = 0; i < limit; i++)
                            {
                                float rank = VectorKernels.Rank(qNorm, norms[i], products[q * RowBlock + i]);
                                if (rank < bestRank) { bestRank = rank; best = i; }
                            }
                            if (best < 0) continue;
                            float exactSq = VectorKernels.SquaredDistance(queries.AsSpan(query * dim, dim), prepared.AsSpan(best * dim, dim));
                            if (exactSq < nearest[query]) nearest[query] = exactSq;
                        }
                        return products;
                    }, _ => { });
                }
                task.Report(batch.FirstRow + batch.RowCount);
            }
        }
        for (int q = 0; q < s; q++)
        {
            nearest[q] = float.IsPositiveInfinity(nearest[q]) ? float.NaN : metric.FromSquared(nearest[q]);
            if (!float.IsNaN(sameUserSq[q])) sameUserSq[q] = metric.FromSquared(sameUserSq[q]);
        }

        long bytes = new FileInfo(path).Length;
        string sha = RunIdentity.FileHash(path);
        return new TraceMeasurements
        {
            FileName = Path.GetFileName(path), Sha256 = sha, Bytes = bytes, Dimension = dim, Metric = metric.Name(), TimestampKind = kind,
            Requests = n, RowsPerUser = [.. perUser], FirstTimestamp = first, LastTimestamp = last, SameUserConsecutive = sameUser,
            RequestsBetween = [.. requestsBetween], UsersBetween = [.. usersBetween], Exact = exact, Options = options,
            SampleRows = sample, NearestEarlier = nearest, SameUserPrevious = sameUserSq,
            TimeBinCounts = timeCounts, TimeBinStart = binStart, TimeBinWidth = binWidth, TimeBinName = binName,
        };
    }

    /// <summary>The metric's form of a row (<see cref="DistanceMetrics.Prepare"/>); a zero vector under cosine has no direction and is refused naming the row.</summary>
    private static float Prepare(DistanceMetric metric, string path, long row, ReadOnlySpan<float> vector, Span<float> dest)
    {
        try
        {
            return metric.Prepare(vector, dest);
        }
        catch (ArgumentException)
        {
            throw new DataFormatException(path, $"row {row}: the embedding is a zero vector, which has no cosine distance to anything", row);
        }
    }
}
