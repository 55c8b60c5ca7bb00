using SimCache.Caching.Keys;
using SimCache.Caching.Vectors;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Data.Progress;

namespace SimCache.Caching.Policies;

/// <summary>
/// The offline placement behind <see cref="StaticGreedyPolicy"/>: knowing the whole trace, pick K keys among
/// the requests, each time the one covering (d ≤ θ) the most requests not yet covered — the greedy (1 − 1/e)
/// approximation of the best static set (REFERENCE.md §3). Coverage is computed with the same prepared
/// vectors, kernels and rank values as the cache's lookups, so a request counted as covered here is exactly a
/// request the placed keys serve. Two streaming passes over the trace (candidates, then a blocked distance
/// product of every request against every candidate), then lazy greedy: a stale gain is recomputed when it
/// reaches the top of a max-heap ordered by (gain, lowest candidate row), which picks exactly what plain greedy
/// with the lowest-row tie rule picks.
/// </summary>
internal static class GreedyCoverage
{
    /// <summary>Most (request, candidate) coverage pairs held in memory.</summary>
    internal const long MaxPairs = 400_000_000;

    public sealed record Placement(int[] Rows, float[] Vectors, int[] Users, int[][] Answers, long Covered, long Requests);

    public static Placement Choose(string path, KeyStore store, int k, double threshold, int maxCandidates, IWorkReporter reporter)
    {
        int d = store.Dimension;
        using var reader = TraceFileReader.Open(path, d);
        if (reader.Distance != store.Metric.Name())
            throw new UsageException($"static-greedy: the trace {path} uses {reader.Distance} distance, the cache {store.Metric.Name()}");
        if (reader.TotalRows > int.MaxValue) throw new DataFormatException(path, $"{reader.TotalRows} rows are too many for static-greedy");
        int n = (int)reader.TotalRows;
        int m = maxCandidates <= 0 || maxCandidates >= n ? n : maxCandidates;
        var candRow = new int[m];
        for (int c = 0; c < m; c++) candRow[c] = (int)((long)c * n / m);

        // Pass 1: the candidates' raw and prepared vectors, users and answers.
        var raw = new float[(long)m * d];
        var prepared = new float[(long)m * d];
        var norms = new float[m];
        var users = new int[m];
        var answers = new int[m][];
        int next = 0;
        while (next < m && reader.ReadNextBatch() is { } b)
        {
            long first = b.FirstRow;
            while (next < m && candRow[next] < first + b.RowCount)
            {
                int r = (int)(candRow[next] - first);
                var v = b.Vector(r);
                v.CopyTo(raw.AsSpan(next * d, d));
                norms[next] = store.PrepareInto(v, prepared.AsSpan(next * d, d));
                users[next] = b.Users[r];
                answers[next] = b.Answer(r).ToArray();
                next++;
            }
        }
        if (next != m) throw new DataFormatException(path, $"read {next} of {m} candidate rows");

        // Pass 2: which requests each candidate covers.
        var covers = new List<int>[m];
        for (int c = 0; c < m; c++) covers[c] = new List<int>();
        long pairs = 0;
        const int Rows = 64, Tile = 256;
        // A rank bound that no key within θ can exceed: θ² for L2, 2θ for cosine (rank = 2(1 − cos) on unit vectors).
        float bound = (float)(store.Metric == DistanceMetric.Cosine ? 2 * threshold : threshold * threshold) * 1.001f;
        var q = new float[Rows * d];
        var qn = new float[Rows];
        var dots = new float[Rows * Tile];
        using (var task = reporter.Start("static-greedy coverage", n, "requests"))
        using (var again = TraceFileReader.Open(path, d))
        {
            while (again.ReadNextBatch() is { } b)
            {
                for (int start = 0; start < b.RowCount; start += Rows)
                {
                    int rows = Math.Min(Rows, b.RowCount - start);
                    for (int r = 0; r < rows; r++) qn[r] = store.PrepareInto(b.Vector(start + r), q.AsSpan(r * d, d));
                    for (int c0 = 0; c0 < m; c0 += Tile)
                    {
                        int len = Math.Min(Tile, m - c0);
                        VectorKernels.DotBlock(q.AsSpan(0, rows * d), rows, prepared.AsSpan(c0 * d, len * d), len, d, dots, Tile);
                        for (int r = 0; r < rows; r++)
                        {
                            int row = (int)(b.FirstRow + start + r);
                            for (int j = 0; j < len; j++)
                            {
                                // The rank filters (generously: its error is ~1e-5·(‖q‖² + ‖k‖²)); the exact distance decides.
                                float rank = VectorKernels.Rank(qn[r], norms[c0 + j], dots[r * Tile + j]);
                                if (rank > bound + 1e-3f * (qn[r] + norms[c0 + j])) continue;
                                float dist = store.Distance(q.AsSpan(r * d, d), prepared.AsSpan((c0 + j) * d, d));
                                if (dist <= threshold)
                                {
                                    covers[c0 + j].Add(row);
                                    pairs++;
                                }
                            }
                        }
                    }
                    if (pairs > MaxPairs)
                        throw new UsageException($"static-greedy: more than {MaxPairs:N0} (request, candidate) pairs lie within θ = {threshold}; lower the threshold or the candidates");
                }
                task.Report(b.FirstRow + b.RowCount);
            }
        }

        // Lazy greedy.
        var covered = new bool[n];
        var heap = new PriorityQueue<int, (int NegGain, int Candidate)>(m);
        for (int c = 0; c < m; c++) heap.Enqueue(c, (-covers[c].Count, c));
        var chosen = new List<int>(Math.Min(k, m));
        long total = 0;
        while (chosen.Count < k && heap.TryDequeue(out int c, out var prio))
        {
            int gain = 0;
            foreach (int r in covers[c]) if (!covered[r]) gain++;
            if (gain != -prio.NegGain && heap.TryPeek(out _, out var top) && (-gain, c).CompareTo(top) > 0)
            {
                heap.Enqueue(c, (-gain, c));
                continue;
            }
            chosen.Add(c);
            foreach (int r in covers[c])
            {
                if (covered[r]) continue;
                covered[r] = true;
                total++;
            }
        }

        var rowsOut = new int[chosen.Count];
        var vecOut = new float[(long)chosen.Count * d];
        var usersOut = new int[chosen.Count];
        var answersOut = new int[chosen.Count][];
        for (int i = 0; i < chosen.Count; i++)
        {
            int c = chosen[i];
            rowsOut[i] = candRow[c];
            raw.AsSpan(c * d, d).CopyTo(vecOut.AsSpan(i * d, d));
            usersOut[i] = users[c];
            answersOut[i] = answers[c];
        }
        return new Placement(rowsOut, vecOut, usersOut, answersOut, total, n);
    }
}
