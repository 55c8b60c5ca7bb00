using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Experiments.Reporting;
using SimCache.Experiments.Running;
using SimCache.Simulation.TraceAnalysis;
using Xunit;

namespace SimCache.Experiments.Tests.Reporting;

/// <summary>The report's Trace section: its numbers, its figures, and where its statistics come from.</summary>
public class TraceSectionTests
{
    /// <summary>Ten requests of four users; rows 1 and 6 follow their own user's request (20 %), 4 of 10 are first requests.</summary>
    private static string HandTrace(TempDir dir, string name)
    {
        (int User, long Time, float X, float Y)[] rows =
        [
            (0, 0, 0, 0), (0, 86400, 3, 4), (1, 2 * 86400, 3, 0), (2, 3 * 86400, 0, 4), (0, 4 * 86400, 3, 4),
            (1, 5 * 86400, 6, 0), (1, 6 * 86400, 6, 8), (3, 7 * 86400, 0, 0), (0, 8 * 86400, 0, 3), (2, 9 * 86400, 0, 4),
        ];
        var folder = dir.File(name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "trace.arrow");
        using var writer = new TraceFileWriter(path, 2, SimCacheArrow.DistanceL2, Provenance.For("test", null), withAnswer: false, withFuture: false);
        int seq = 0;
        foreach (var (user, time, x, y) in rows) writer.Append(user, seq++, time, [x, y]);
        writer.Complete();
        return path;
    }

    private static void State(string outDir, string name, string trace) =>
        new ExperimentState { Name = name, Command = "simcache sweep", ToolVersion = "t", Trace = trace, Stages = [] }.Save(Path.Combine(outDir, name));

    [Fact]
    public void ATraceWithoutStatisticsIsMeasuredByTheReportAndShown()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        var trace = HandTrace(dir, "traces");
        State(outDir, "a", trace);
        var html = File.ReadAllText(ReportBuilder.Write(outDir));

        var section = Part(html, "a");
        Assert.Contains("<tr><th>requests</th><td>10</td></tr>", section);
        Assert.Contains("<tr><th>users</th><td>4</td></tr>", section);
        Assert.Contains("<tr><th>previous request was the same user&#39;s</th><td>20.0 % of requests</td></tr>", section);
        Assert.Contains("40.0 % of requests", section); // first requests
        Assert.Contains("so the report measured it", section);
        // The report keeps what it measured in its own folder, never beside the trace.
        var own = Path.Combine(outDir, "a", "figures", "trace-stats.json");
        Assert.NotNull(TraceStatsFile.TryLoad(own, trace));
        Assert.False(File.Exists(TraceStatsFile.PathFor(trace)));
        foreach (var figure in new[] { "trace-reuse-distance", "trace-distances", "trace-requests-over-time" })
            Assert.Contains($"<a href=\"a/figures/{figure}.svg\"><img src=\"a/figures/{figure}.png\"", section);
        foreach (Match m in Regex.Matches(section, "(?:src|href)=\"([^\"#:]+)\""))
            Assert.True(File.Exists(Path.Combine(outDir, Uri.UnescapeDataString(m.Groups[1].Value))), m.Groups[1].Value);

        // Statistics beside the trace (as the trace stage writes them) are used as they are.
        var beside = TraceStatsFile.PathFor(trace);
        var stats = TraceStatsFile.Write(trace, beside);
        html = File.ReadAllText(ReportBuilder.Write(outDir));
        section = Part(html, "a");
        Assert.Contains("<a href=\"../traces/trace-stats.json\">trace-stats.json</a>", section);
        Assert.DoesNotContain("measured it", section);
        Assert.Equal(0.2, (double)stats["same_user_consecutive"]!["share"]!);
    }

    [Fact]
    public void StatisticsOfAReplacedTraceAreMeasuredAgain()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        var trace = HandTrace(dir, "traces");
        TraceStatsFile.Write(trace, TraceStatsFile.PathFor(trace));
        var stale = JsonNode.Parse(File.ReadAllText(TraceStatsFile.PathFor(trace)))!;
        stale["trace"]!["sha256"] = new string('0', 64);
        stale["requests"] = 999;
        File.WriteAllText(TraceStatsFile.PathFor(trace), stale.ToJsonString());
        State(outDir, "a", trace);
        var html = File.ReadAllText(ReportBuilder.Write(outDir));
        Assert.Contains("<tr><th>requests</th><td>10</td></tr>", html);
        Assert.DoesNotContain("999", html);
    }

    [Fact]
    public void EachExperimentsTraceSectionHasItsOwnId()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        State(outDir, "a", HandTrace(dir, "one"));
        State(outDir, "b", HandTrace(dir, "two"));
        var html = File.ReadAllText(ReportBuilder.Write(outDir));
        Assert.Single(Regex.Matches(html, "id=\"experiment-a-trace\""));
        Assert.Single(Regex.Matches(html, "id=\"experiment-b-trace\""));
        Assert.Contains("<h3>Trace</h3>", Part(html, "b"));
    }

    /// <summary>The Trace part of experiment <paramref name="name"/>: from its element to the next part or section.</summary>
    private static string Part(string html, string name)
    {
        int start = html.IndexOf($"id=\"experiment-{name}-trace\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no Trace part for experiment {name}");
        int next = html.IndexOf("<div class=\"part\"", start, StringComparison.Ordinal);
        int end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..(next >= 0 && next < end ? next : end)];
    }

    [Fact]
    public void TheDistanceFigureMarksTheSweepsScaleCostAndThresholds()
    {
        using var dir = new TempDir();
        var trace = HandTrace(dir, "traces");
        var stats = TraceStatsFile.Write(trace, dir.File("stats.json"));
        var figures = TraceFigures.Build(stats, new TraceFigures.References(3, [3, 4], [1, 2, 99]), dir.File("figures"));
        Assert.Equal(["Reuse distance of users", "Distance to earlier requests", "Requests over time"], figures.Select(f => f.Title));
        var svg = File.ReadAllText(figures[1].Svg);
        Assert.Contains("distance scale = C_r = 3", svg);
        Assert.Contains("C_r (retrieval cost) = 4", svg);
        // 99 lies far beyond every measured distance (at most 8): left out, and the count says two thresholds.
        Assert.Contains("thresholds θ of the sweep (2)", svg);
        Assert.Single(Regex.Matches(svg, "thresholds θ of the sweep"));
    }

    [Fact]
    public void AMissingTraceIsSaidNotShown()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        State(outDir, "a", dir.File("gone.arrow"));
        var html = File.ReadAllText(ReportBuilder.Write(outDir));
        Assert.Contains("is no longer there", html);
    }
}
