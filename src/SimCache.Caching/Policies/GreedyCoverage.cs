using SimCache.Caching.Keys;
using SimCache.Caching.Policies.Greedy;
using SimCache.Numerics.Vectors;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Data.Progress;

namespace SimCache.Caching.Policies;

/// <summary>
/// The offline placement behind <see cref="StaticGreedyPolicy"/>: knowing the whole trace, pick K keys among
/// the requests, each time the one covering (d ≤ θ) the most requests not yet covered — the greedy (1 − 1/e)
/// approximation of the best static set (docs/METHODS.md §3.2). Coverage is decided with the same prepared
/// vectors and exact distance as the cache's lookups, so a request counted as covered here is exactly a
/// request the placed keys serve.
/// <para>
/// <b>Cost.</b> The coverage sets are an all-pairs question (every request against every candidate). One
/// streaming pass reads the candidates; <see cref="ProjectionFilter"/> then discards, 16 floats per pair, every
/// pair it can prove is beyond θ, and only the rest get the exact distance. With every request a candidate
/// (the default) the question is symmetric — the distance is bit-for-bit symmetric — so each unordered pair is
/// examined once and the trace is read once; with <c>candidates=M</c> a second pass streams the requests
/// against the M candidates. The greedy order (<see cref="GreedyOrder"/>, lazy greedy) does not depend on K,
/// and the sets are memoised process-wide per (trace content, metric, θ, candidates) in
/// <see cref="CoverageMemo"/>, so sweep points that differ only in capacity build them once.
/// </para>
/// </summary>
internal static class GreedyCoverage
{
    /// <summary>Most (request, candidate) coverage pairs held in memory.</summary>
    internal const long MaxPairs = 400_000_000;

    /// <summary>Requests projected and scanned per step of the streaming pass.</summary>
    private const int Rows = 64;

    public sealed record Placement(int[] Rows, float[] Vectors, int[] Users, int[][] Answers, long Covered, long Requests);

    /// <summary>The first K greedy picks for the trace at <paramref name="path"/>, memoised in <see cref="CoverageMemo.Shared"/>.</summary>
    public static Placement Choose(string path, KeyStore store, int k, double threshold, int maxCandidates, IWorkReporter reporter) =>
        Choose(path, store, k, threshold, maxCandidates, reporter, CoverageMemo.Shared);

    /// <summary>As above with an explicit memo (null: build the coverage sets afresh).</summary>
    internal static Placement Choose(string path, KeyStore store, int k, double threshold, int maxCandidates, IWorkReporter reporter, CoverageMemo? memo)
    {
        int d = store.Dimension;
        int n;
        using (var reader = TraceFileReader.Open(path, d))
        {
            if (reader.Distance != store.Metric.Name())
                throw new UsageException($"static-greedy: the trace {path} uses {reader.Distance} distance, the cache {store.Metric.Name()}");
            if (reader.TotalRows > int.MaxValue) throw new DataFormatException(path, $"{reader.TotalRows} rows are too many for static-greedy");
            n = (int)reader.TotalRows;
        }
        int m = maxCandidates <= 0 || maxCandidates >= n ? n : maxCandidates;
        var sets = memo is null
            ? Build(path, store, threshold, n, m, reporter)
            : memo.GetOrBuild(new CoverageKey(RunIdentity.FileHash(path), d, store.Metric, threshold, m), () => Build(path, store, threshold, n, m, reporter));

        var (picks, covered) = sets.Greedy.Take(k);
        var rowsOut = new int[picks.Length];
        var vecOut = new float[(long)picks.Length * d];
        var usersOut = new int[picks.Length];
        var answersOut = new int[picks.Length][];
        for (int i = 0; i < picks.Length; i++)
        {
            int c = picks[i];
            rowsOut[i] = sets.CandidateRows[c];
            sets.Vectors.AsSpan(c * d, d).CopyTo(vecOut.AsSpan(i * d, d));
            usersOut[i] = sets.Users[c];
            answersOut[i] = sets.Answers[c];
        }
        return new Placement(rowsOut, vecOut, usersOut, answersOut, covered, n);
    }

    /// <summary>The coverage sets: candidates (pass 1), then every (request, candidate) pair within θ.</summary>
    internal static CoverageSets Build(string path, KeyStore store, double threshold, int n, int m, IWorkReporter reporter)
    {
        int d = store.Dimension;
        var candRow = new int[m];
        for (int c = 0; c < m; c++) candRow[c] = (int)((long)c * n / m);

        // Pass 1: the candidates' raw and prepared vectors, users and answers.
        var raw = new float[(long)m * d];
        var prepared = store.Metric == DistanceMetric.L2 ? raw : new float[(long)m * d];
        var norms = new float[m];
        var users = new int[m];
        var answers = new int[m][];
        using (var reader = TraceFileReader.Open(path, d))
        {
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
        }

        // Pass 2: which requests each candidate covers. Candidates are visited sorted by their first projected
        // coordinate (the principal axis): a pair within θ is then close in that order (a window) and in memory.
        var filter = ProjectionFilter.Create(prepared, m, d, store.Metric, threshold);
        int rank = filter.Rank;
        var projected = new float[(long)m * rank];
        filter.Project(prepared, m, projected);
        var order = new int[m];
        for (int c = 0; c < m; c++) order[c] = c;
        Array.Sort(order, (a, b) =>
        {
            int byAxis = projected[a * rank].CompareTo(projected[b * rank]);
            return byAxis != 0 ? byAxis : a.CompareTo(b);
        });
        var keys = new float[(long)m * d];
        var keyNorms = new float[m];
        var keyProjected = new float[(long)m * rank];
        float maxNorm = 0;
        for (int s = 0; s < m; s++)
        {
            int c = order[s];
            prepared.AsSpan(c * d, d).CopyTo(keys.AsSpan(s * d, d));
            projected.AsSpan(c * rank, rank).CopyTo(keyProjected.AsSpan(s * rank, rank));
            keyNorms[s] = norms[c];
            maxNorm = MathF.Max(maxNorm, norms[c]);
        }
        var columns = new ProjectedRows(keyProjected, m, rank);
        var covers = new List<int>[m]; // by sorted position
        for (int s = 0; s < m; s++) covers[s] = [];
        var hits = new int[m];
        long pairs = 0;
        using (var task = reporter.Start("static-greedy coverage", n, "requests"))
        {
            if (m == n)
            {
                // Every request is a candidate (candidate c is row c): the pair of sorted positions (s, t ≥ s)
                // decides both (request order[s], candidate order[t]) and (request order[t], candidate order[s]).
                for (int s = 0; s < m; s++)
                {
                    var qs = keys.AsSpan(s * d, d);
                    var ps = keyProjected.AsSpan(s * rank, rank);
                    float bound = filter.Bound(keyNorms[s], maxNorm);
                    var (_, end) = columns.Window(ps[0], bound, s);
                    int found = columns.Scan(ps, bound, s, end, hits);
                    for (int h = 0; h < found; h++)
                    {
                        int t = hits[h];
                        if (!(store.Distance(qs, keys.AsSpan(t * d, d)) <= threshold)) continue;
                        covers[t].Add(order[s]);
                        pairs++;
                        if (t == s) continue;
                        covers[s].Add(order[t]);
                        pairs++;
                    }
                    if ((s & (Rows - 1)) == Rows - 1 || s == m - 1)
                    {
                        CheckPairs(pairs, threshold);
                        task.Report(s + 1);
                    }
                }
            }
            else
            {
                var q = new float[Rows * d];
                var qn = new float[Rows];
                var qp = new float[Rows * rank];
                using var again = TraceFileReader.Open(path, d);
                while (again.ReadNextBatch() is { } b)
                {
                    for (int start = 0; start < b.RowCount; start += Rows)
                    {
                        int rows = Math.Min(Rows, b.RowCount - start);
                        for (int r = 0; r < rows; r++) qn[r] = store.PrepareInto(b.Vector(start + r), q.AsSpan(r * d, d));
                        filter.Project(q, rows, qp);
                        for (int r = 0; r < rows; r++)
                        {
                            int row = (int)(b.FirstRow + start + r);
                            var qr = q.AsSpan(r * d, d);
                            var pr = qp.AsSpan(r * rank, rank);
                            float bound = filter.Bound(qn[r], maxNorm);
                            var (first, end) = columns.Window(pr[0], bound, 0);
                            int found = columns.Scan(pr, bound, first, end, hits);
                            for (int h = 0; h < found; h++)
                            {
                                int t = hits[h];
                                if (!(store.Distance(qr, keys.AsSpan(t * d, d)) <= threshold)) continue;
                                covers[t].Add(row);
                                pairs++;
                            }
                        }
                        CheckPairs(pairs, threshold);
                    }
                    task.Report(b.FirstRow + b.RowCount);
                }
            }
        }
        var lists = new int[m][];
        for (int s = 0; s < m; s++) lists[order[s]] = covers[s].ToArray();
        return new CoverageSets(n, d, candRow, raw, users, answers, lists);
    }

    private static void CheckPairs(long pairs, double threshold)
    {
        if (pairs > MaxPairs)
            throw new UsageException($"static-greedy: more than {MaxPairs:N0} (request, candidate) pairs lie within θ = {threshold}; lower the threshold or the candidates");
    }
}
