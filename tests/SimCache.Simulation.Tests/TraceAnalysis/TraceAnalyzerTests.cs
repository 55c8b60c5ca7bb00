using System.Text.Json.Nodes;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Simulation.TraceAnalysis;
using SimCache.Simulation.Tests.Replay;
using Xunit;

namespace SimCache.Simulation.Tests.TraceAnalysis;

/// <summary>
/// Trace statistics on a ten-request trace worked out by hand, and on random traces against a naive second
/// implementation (plain loops in double precision, an explicit LRU list).
/// </summary>
public class TraceAnalyzerTests
{
    /// <summary>
    /// Users 0–3 on a plane. By hand: rows 1 and 6 follow their own user's request (share 0.2); re-requests at
    /// rows 1, 4, 5, 6, 8, 9 with 0, 2, 2, 0, 3, 5 other requests and 0, 2, 2, 0, 2, 3 other users between.
    /// </summary>
    private static readonly (int User, long Time, float X, float Y)[] HandRows =
    [
        (0, 0, 0, 0), (0, 1, 3, 4), (1, 2, 3, 0), (2, 3, 0, 4), (0, 4, 3, 4),
        (1, 5, 6, 0), (1, 6, 6, 8), (3, 7, 0, 0), (0, 8, 0, 3), (2, 9, 0, 4),
    ];

    [Fact]
    public void HandMadeTraceGivesTheHandComputedStatistics()
    {
        using var dir = new TempDir();
        var m = TraceAnalyzer.Measure(TimelineTrace.Write(dir, HandRows));
        Assert.Equal(10, m.Requests);
        Assert.Equal(2, m.SameUserConsecutive);
        Assert.Equal([4, 3, 2, 1], m.RowsPerUser);
        Assert.Equal([0, 2, 2, 0, 3, 5], m.RequestsBetween);
        Assert.Equal([0, 2, 2, 0, 2, 3], m.UsersBetween);
        Assert.True(m.Exact);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), m.SampleRows);
        // Nearest earlier: row 2 (3,0) is 3 from (0,0); row 6 (6,8) is 5 from (3,4); row 8 (0,3) is 1 from (0,4).
        AssertDistances([float.NaN, 5, 3, 3, 0, 3, 5, 0, 1, 0], m.NearestEarlier);
        AssertDistances([float.NaN, 5, float.NaN, float.NaN, 0, 3, 8, float.NaN, MathF.Sqrt(10), 0], m.SameUserPrevious);
        Assert.Equal((0L, 9L), (m.FirstTimestamp, m.LastTimestamp));

        var json = TraceStatsJson.Build(m);
        Assert.Equal(0.2, (double)json["same_user_consecutive"]!["share"]!);
        Assert.Equal(0.4, (double)json["first_requests"]!["share"]!);
        Assert.Equal(2.5, (double)json["rows_per_user"]!["median"]!);
        Assert.Equal(2.5, (double)json["rows_per_user"]!["mean"]!);
        // Requests between 0, 0, 2, 2, 3, 5: bins [0,1) [1,2) [2,4) [4,8) hold 2, 0, 3, 1.
        Assert.Equal("[2,0,3,1]", json["reuse"]!["requests_between"]!["histogram"]!["counts"]!.ToJsonString());
        Assert.Equal(2, (double)json["reuse"]!["requests_between"]!["quantiles"]!["median"]!);
        Assert.Equal(2, (double)json["reuse"]!["users_between"]!["quantiles"]!["median"]!);
        // An LRU of user keys: capacity 1 and 2 hit only rows 1 and 6, capacity 4 every re-request.
        Assert.Equal("[{\"capacity\":1,\"hit_ratio\":0.2},{\"capacity\":2,\"hit_ratio\":0.2},{\"capacity\":4,\"hit_ratio\":0.6}]",
            json["reuse"]!["exact_user_lru"]!.ToJsonString());
        // Nearest earlier 0, 0, 0, 1, 3, 3, 3, 5, 5: median 3; same user 0, 0, 3, √10, 5, 8: median (3 + √10)/2.
        Assert.Equal(3, (double)json["distances"]!["nearest_earlier"]!["quantiles"]!["median"]!, 5);
        Assert.Equal((3 + Math.Sqrt(10)) / 2, (double)json["distances"]!["same_user_previous"]!["quantiles"]!["median"]!, 5);
        Assert.Equal("exact", (string)json["distances"]!["mode"]!);
    }

    [Fact]
    public void CosineDistancesAreOneMinusTheCosine()
    {
        using var dir = new TempDir();
        // (1,0) then (0,2): orthogonal, cosine distance 1; then (3,3) at 45° from both: 1 − √½.
        var m = TraceAnalyzer.Measure(TimelineTrace.Write(dir, SimCacheArrow.DistanceCosine, (0, 0, 1, 0), (1, 1, 0, 2), (0, 2, 3, 3)));
        AssertDistances([float.NaN, 1, 1 - MathF.Sqrt(0.5f)], m.NearestEarlier);
        AssertDistances([float.NaN, float.NaN, 1 - MathF.Sqrt(0.5f)], m.SameUserPrevious);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomTraceMatchesANaiveImplementation(int seed)
    {
        using var dir = new TempDir();
        var rows = RandomRows(seed, 400, users: 23);
        var m = TraceAnalyzer.Measure(Write(dir, rows, dim: 19));
        var naive = Naive(rows);
        Assert.Equal(naive.SameUser, m.SameUserConsecutive);
        Assert.Equal(naive.RequestsBetween, m.RequestsBetween);
        Assert.Equal(naive.UsersBetween, m.UsersBetween);
        Assert.True(m.Exact);
        for (int i = 0; i < rows.Length; i++)
        {
            AssertClose(naive.Nearest[i], m.NearestEarlier[i]);
            AssertClose(naive.SameUserPrevious[i], m.SameUserPrevious[i]);
        }
        // The exact-user LRU curve against an LRU of user keys replayed request by request.
        var json = TraceStatsJson.Build(m);
        foreach (var point in json["reuse"]!["exact_user_lru"]!.AsArray())
        {
            int capacity = (int)(long)point!["capacity"]!;
            Assert.Equal(NaiveLruHits(rows, capacity) / (double)rows.Length, (double)point["hit_ratio"]!, 6);
        }
    }

    [Fact]
    public void SampledModeMeasuresTheDrawnRequestsExactly()
    {
        using var dir = new TempDir();
        var rows = RandomRows(3, 300, users: 17);
        var path = Write(dir, rows, dim: 9);
        var m = TraceAnalyzer.Measure(path, new TraceStatsOptions { ExactRows = 100, Sample = 40, Seed = 5 });
        Assert.False(m.Exact);
        Assert.Equal(40, m.SampleRows.Distinct().Count());
        var naive = Naive(rows);
        for (int q = 0; q < m.SampleRows.Length; q++)
        {
            AssertClose(naive.Nearest[m.SampleRows[q]], m.NearestEarlier[q]);
            AssertClose(naive.SameUserPrevious[m.SampleRows[q]], m.SameUserPrevious[q]);
        }
        // The counts still cover every request.
        Assert.Equal(naive.RequestsBetween, m.RequestsBetween);
    }

    [Fact]
    public void SameSeedGivesTheSameBytesAndAnotherSeedAnotherSample()
    {
        using var dir = new TempDir();
        var path = Write(dir, RandomRows(4, 300, users: 11), dim: 7);
        var options = new TraceStatsOptions { ExactRows = 50, Sample = 30, Seed = 9 };
        string a = dir.File("a.json"), b = dir.File("b.json"), c = dir.File("c.json");
        TraceStatsFile.Write(path, a, options);
        TraceStatsFile.Write(path, b, options);
        TraceStatsFile.Write(path, c, options with { Seed = 10 });
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
        var json = JsonNode.Parse(File.ReadAllText(a))!;
        Assert.Equal(("sampled", 30, 9), ((string)json["distances"]!["mode"]!, (int)json["distances"]!["requests_measured"]!, (int)json["distances"]!["sample_seed"]!));
    }

    [Fact]
    public void StatisticsAreFoundAgainOnlyForTheSameTrace()
    {
        using var dir = new TempDir();
        var path = TimelineTrace.Write(dir, HandRows);
        var stats = TraceStatsFile.PathFor(path);
        Assert.Equal(Path.ChangeExtension(path, null) + "-stats.json", stats);
        TraceStatsFile.Write(path, stats);
        Assert.NotNull(TraceStatsFile.TryLoad(stats, path));
        // The trace replaced by another: its old statistics no longer count.
        File.Copy(TimelineTrace.Write(dir, HandRows[..5]), path, overwrite: true);
        Assert.Null(TraceStatsFile.TryLoad(stats, path));
        File.WriteAllText(stats, "{ not json");
        Assert.Null(TraceStatsFile.TryLoad(stats, path));
    }

    [Fact]
    public void TimeBinsFollowTheSpan()
    {
        Assert.Equal((0L, 6 * 3600L, 40, "6 hours"), TimeBins.Choose(0, 10 * 86400 - 1, "unix-seconds"));
        Assert.Equal((0L, 86400L, 1, "day"), TimeBins.Choose(100, 200, "unix-seconds") is var one && one.Count == 1 ? (0L, 86400L, 1, "day") : one);
        var years = TimeBins.Choose(829106135, 1537678772, "unix-seconds"); // 22 years: 91-day bins
        Assert.Equal((91 * 86400L, "91 days"), (years.Width, years.Name));
        Assert.True(years.Start <= 829106135 && years.Start + years.Width * years.Count > 1537678772);
        Assert.Equal((0L, 1L, 10, "1 units"), TimeBins.Choose(0, 9, "none"));
    }

    [Fact]
    public void AnEmptyTraceIsRefusedNamingTheFile()
    {
        using var dir = new TempDir();
        var path = TimelineTrace.Write(dir);
        var e = Assert.Throws<DataFormatException>(() => TraceAnalyzer.Measure(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void AZeroVectorUnderCosineIsRefusedNamingItsRow()
    {
        using var dir = new TempDir();
        var path = TimelineTrace.Write(dir, SimCacheArrow.DistanceCosine, (0, 0, 1, 0), (1, 1, 0, 2), (0, 2, 0, 0));
        var e = Assert.Throws<DataFormatException>(() => TraceAnalyzer.Measure(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("row 2", e.Message);
    }

    private static void AssertDistances(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i]);
    }

    private static void AssertClose(double expected, double actual)
    {
        if (double.IsNaN(expected)) Assert.True(double.IsNaN(actual), $"expected NaN, got {actual}");
        else Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, expected), $"expected {expected}, got {actual}");
    }

    private static (int User, long Time, float[] Vector)[] RandomRows(int seed, int count, int users)
    {
        var random = new Random(seed);
        int user = 0;
        var rows = new (int, long, float[])[count];
        for (int i = 0; i < count; i++)
        {
            if (random.NextDouble() < 0.6) user = random.Next(users); // else the same user again: sessions
            var v = new float[19];
            for (int d = 0; d < v.Length; d++) v[d] = (float)(random.NextDouble() * 4 - 2);
            rows[i] = (user, 1_000_000 + i * 3600L * random.Next(1, 5), v);
        }
        for (int i = 1; i < count; i++) rows[i].Item2 = Math.Max(rows[i].Item2, rows[i - 1].Item2);
        return rows;
    }

    private static string Write(TempDir dir, (int User, long Time, float[] Vector)[] rows, int dim)
    {
        var path = dir.File($"random-{Guid.NewGuid():N}.arrow");
        using var writer = new TraceFileWriter(path, dim, SimCacheArrow.DistanceL2, Provenance.For("test", null), withAnswer: false, withFuture: false);
        int seq = 0;
        foreach (var (user, time, v) in rows) writer.Append(user, seq++, time, v.AsSpan(0, dim));
        writer.Complete();
        for (int i = 0; i < rows.Length; i++) rows[i].Vector = rows[i].Vector[..dim];
        return path;
    }

    private static (long SameUser, int[] RequestsBetween, int[] UsersBetween, double[] Nearest, double[] SameUserPrevious) Naive((int User, long Time, float[] Vector)[] rows)
    {
        long same = 0;
        var requests = new List<int>();
        var users = new List<int>();
        var nearest = new double[rows.Length];
        var previous = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            if (i > 0 && rows[i - 1].User == rows[i].User) same++;
            int p = i - 1;
            while (p >= 0 && rows[p].User != rows[i].User) p--;
            if (p >= 0)
            {
                requests.Add(i - p - 1);
                users.Add(rows.Skip(p + 1).Take(i - p - 1).Select(r => r.User).Distinct().Count());
            }
            previous[i] = p >= 0 ? Distance(rows[i].Vector, rows[p].Vector) : double.NaN;
            nearest[i] = i == 0 ? double.NaN : Enumerable.Range(0, i).Min(j => Distance(rows[i].Vector, rows[j].Vector));
        }
        return (same, [.. requests], [.. users], nearest, previous);
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b).Sum(p => ((double)p.First - p.Second) * ((double)p.First - p.Second)));

    /// <summary>Hits of an LRU list of user keys with <paramref name="capacity"/> entries.</summary>
    private static int NaiveLruHits((int User, long Time, float[] Vector)[] rows, int capacity)
    {
        var list = new LinkedList<int>();
        int hits = 0;
        foreach (var row in rows)
        {
            var node = list.Find(row.User);
            if (node is not null)
            {
                hits++;
                list.Remove(node);
            }
            else if (list.Count == capacity) list.RemoveLast();
            list.AddFirst(row.User);
        }
        return hits;
    }
}
