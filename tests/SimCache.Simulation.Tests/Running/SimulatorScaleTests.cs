using System.Text.Json.Nodes;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Running;
using SimCache.Simulation.Tests.Replay;
using Xunit;

namespace SimCache.Simulation.Tests.Running;

/// <summary>
/// <c>simulate</c> with the trace's distance scale: an omitted cr is the scale (recorded as derived), a given one is
/// kept (recorded as given), <c>N*scale</c> values are resolved, and degenerate results are warned about in
/// summary.json. The trace is a regular 100-gon of radius 5, one request per user per lap: on one lap the scale
/// is the chord to the 10th vertex, 10·sin(10π/100); on two (new users at the same points) the twin at 0 and
/// four requests per vertex distance make the 20th nearest the 5th vertex, 10·sin(5π/100).
/// </summary>
public class SimulatorScaleTests
{
    private const int N = 100;
    private static double Chord(int j) => 10 * Math.Sin(Math.PI * j / N);

    private static string Polygon(TempDir dir, int laps = 2)
    {
        var rows = new List<(int, long, float, float)>();
        for (int lap = 0; lap < laps; lap++)
            for (int u = 0; u < N; u++)
                rows.Add((u + lap * N, rows.Count, (float)(5 * Math.Cos(2 * Math.PI * u / N)), (float)(5 * Math.Sin(2 * Math.PI * u / N))));
        return TimelineTrace.Write(dir, [.. rows]);
    }

    private static JsonObject Simulate(TempDir dir, string trace, string cache)
    {
        var outDir = dir.File($"out-{Guid.NewGuid():N}");
        var (summary, _) = Simulator.Run(new SimulationRequest { TracePath = trace, Cache = cache, OutDir = outDir, Command = "test", Replay = new ReplayOptions() });
        return (JsonObject)JsonNode.Parse(summary)!;
    }

    [Fact]
    public void OmittedRetrievalCostIsTheTraceScale()
    {
        using var dir = new TempDir();
        var s = Simulate(dir, Polygon(dir, laps: 1), "lru(capacity=10)");
        Assert.Equal(Chord(10), s["cost"]!["retrieval_cost"]!.GetValue<double>(), 4);
        Assert.Equal("derived", s["cost"]!["retrieval_cost_source"]!.GetValue<string>());
        Assert.Equal(Chord(10), s["distance_scale"]!["value"]!.GetValue<double>(), 4);
        Assert.Equal(20, s["distance_scale"]!["k"]!.GetValue<int>());
        Assert.Equal(0.5, s["distance_scale"]!["quantile"]!.GetValue<double>());
        Assert.Equal(100, s["distance_scale"]!["sample"]!.GetValue<int>());
        Assert.Contains("cr=", s["parameters"]!["cost"]!.GetValue<string>());
    }

    [Fact]
    public void GivenRetrievalCostIsKept()
    {
        using var dir = new TempDir();
        var s = Simulate(dir, Polygon(dir), "lru(capacity=10, cost=power(alpha=1, cr=7))");
        Assert.Equal(7, s["cost"]!["retrieval_cost"]!.GetValue<double>());
        Assert.Equal("given", s["cost"]!["retrieval_cost_source"]!.GetValue<string>());
        Assert.Null(s["distance_scale"]); // not needed, not measured
    }

    [Fact]
    public void RelativeThresholdIsAMultipleOfTheScale()
    {
        using var dir = new TempDir();
        var trace = Polygon(dir);
        // θ = 0.5·chord(5) lies between chord(2) and chord(3): on the first lap every third vertex misses and
        // becomes a key (0, 3, …, 96: 33 of them; 99 is next to 0), the others are served by one; on the second lap those 33 points are
        // exact hits and the others approximate. A hitful replay raises no warning.
        var s = Simulate(dir, trace, "sim-lru(capacity=200, threshold=0.5*scale)");
        Assert.Equal("sim-lru(capacity=200, threshold=0.5*scale)", s["parameters"]!["cache_spec"]!.GetValue<string>());
        var described = s["parameters"]!["cache"]!.GetValue<string>();
        var threshold = double.Parse(described.Split("threshold=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0.5 * Chord(5), threshold, 4);
        Assert.Equal((33L, 134L, 33L), (s["counts"]!["exact_hits"]!.GetValue<long>(), s["counts"]!["approximate_hits"]!.GetValue<long>(), s["counts"]!["misses"]!.GetValue<long>()));
        Assert.Empty(s["warnings"]!.AsArray());
    }

    [Fact]
    public void HitlessReplayIsWarnedAbout()
    {
        using var dir = new TempDir();
        // One lap: every point is new and 3.1 apart from its neighbours, so a threshold of 0.1 serves nothing.
        var s = Simulate(dir, Polygon(dir, laps: 1), "sim-lru(capacity=50, threshold=0.1)");
        Assert.Equal(0, s["counts"]!["approximate_hits"]!.GetValue<long>());
        var warning = Assert.Single(s["warnings"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("0 hits in 100 counted requests", warning);
    }

    [Fact]
    public void GmmPlacementDefaultWindowFitsAShortTrace()
    {
        using var dir = new TempDir();
        var trace = Polygon(dir, laps: 4); // 400 requests: a window of 10,000 would never fill
        var s = Simulate(dir, trace, "gmm-placement(capacity=20, threshold=1, components=2, share=0.5)");
        Assert.Contains("window=100,", s["parameters"]!["cache"]!.GetValue<string>());
        Assert.Empty(s["warnings"]!.AsArray());

        var never = Simulate(dir, trace, "gmm-placement(capacity=20, threshold=1, components=2, share=0.5, window=10000)");
        var warning = Assert.Single(never["warnings"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("gmm-placement never placed a key", warning);
        Assert.Contains("window=10000", warning);
    }
}
