using System.Globalization;
using System.Text.Json.Nodes;
using SimCache.Simulation.Metrics;
using SimCache.Simulation.Replay;
using SimCache.Simulation.Running;
using Xunit;

namespace SimCache.Simulation.Tests.Metrics;

/// <summary>
/// timeseries.csv enumerates the registry: its columns are the window's place, every metric declared with a
/// per-window value (under its results name), then the window's time span; and each window's values add up to the
/// run's totals in summary.json, so a per-window definition cannot drift from the whole-run one unnoticed.
/// </summary>
public class WindowedMetricsTests
{
    [Fact]
    public void TimeSeriesColumnsAreTheRegistrysWindowedMetricsAndAddUpToTheTotals()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        var (summaryText, _) = Simulator.Run(new SimulationRequest
        {
            TracePath = RepoFiles.GoldenTrace, Cache = "sim-lru(capacity=100, threshold=0.8, cost=power(cr=1))", OutDir = outDir, Command = "test",
            Replay = new ReplayOptions { Warmup = 100, Window = 250 },
        });
        var lines = File.ReadAllLines(Path.Combine(outDir, SimulationSummary.TimeSeriesFile));
        string[] header = lines[0].Split(',');
        Assert.Equal(["window", "first_request", .. MetricRegistry.Windowed.Select(m => m.Name), "start_time", "end_time"], header);
        Assert.Equal(["requests", "exact_hits", "approximate_hits", "delayed_hits", "misses", "hit_ratio", "distance_mean", "approx_cost_mean",
            "cost_per_request", "overlap", "ndcg_served", "ndcg_own"], MetricRegistry.Windowed.Select(m => m.Name));

        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(5, rows.Count); // 1,167 counted requests in windows of 250
        double Column(string[] row, string name) => double.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        var summary = JsonNode.Parse(summaryText)!;
        foreach (var count in new[] { "requests", "exact_hits", "approximate_hits", "delayed_hits", "misses" })
            Assert.Equal(summary["counts"]![count]!.GetValue<long>(), (long)rows.Sum(r => Column(r, count)));
        foreach (var r in rows)
            Assert.Equal((Column(r, "exact_hits") + Column(r, "approximate_hits")) / Column(r, "requests"), Column(r, "hit_ratio"), 12);
        // Means per window, weighted by their requests, give the run's cost per request (C_r = 1 here).
        double cost = rows.Sum(r => Column(r, "cost_per_request") * Column(r, "requests")) / rows.Sum(r => Column(r, "requests"));
        Assert.Equal(summary["cost"]!["per_request_normalised"]!.GetValue<double>(), cost, 9);
    }
}
