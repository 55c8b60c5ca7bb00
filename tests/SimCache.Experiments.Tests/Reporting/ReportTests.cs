using System.Text.RegularExpressions;
using SimCache.Experiments.Reporting;
using SimCache.Experiments.Running;
using SimCache.Experiments.Sweep;
using SimCache.Experiments.Tests.Sweep;
using SkiaSharp;
using Xunit;

namespace SimCache.Experiments.Tests.Reporting;

public class ReportTests
{
    private static string SweepInto(TempDir dir)
    {
        var outDir = dir.File("out");
        var (name, points, seeds) = SweepFixtures.Load(dir);
        SweepEngine.Run(new SweepRequest(name, points, seeds, SweepFixtures.Inputs, outDir, 2, "v1"), new FormulaPointRunner());
        return outDir;
    }

    /// <summary>Distinct colours of a PNG: a blank or flat image has one or two.</summary>
    private static int Colours(string png)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((PlotRenderer.Width, PlotRenderer.Height), (bitmap.Width, bitmap.Height));
        return bitmap.Pixels.Select(p => (uint)p).Distinct().Count();
    }

    [Fact]
    public void TheFiguresAreDrawnFromTheResultsWithUnitsAndLegends()
    {
        using var dir = new TempDir();
        var outDir = SweepInto(dir);
        ReportBuilder.Write(outDir);
        var figures = Path.Combine(outDir, "demo", "figures");
        foreach (var name in new[] { "hit-ratio-vs-capacity", "cost-vs-threshold", "quality-vs-hit-ratio", "hit-ratio-over-time" })
        {
            var png = Path.Combine(figures, name + ".png");
            Assert.True(File.Exists(png), name);
            Assert.True(Colours(png) > 50, $"{name}.png looks blank");
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(figures, name + ".svg")));
        }
        var capacity = File.ReadAllText(Path.Combine(figures, "hit-ratio-vs-capacity.svg"));
        Assert.Contains("capacity K (cached keys)", capacity);
        Assert.Contains("hit ratio (share of requests served from the cache)", capacity);
        // The legend: one line per policy and fixed parameters (ScottPlot writes each label as its own text element).
        foreach (var label in new[] { "sim-lru (threshold=0.2)", "sim-lru (threshold=0.8)", "sim-lru (threshold=1.4)", "sim-lru (threshold=2)", "lru" })
            Assert.Matches(">\\s*" + Regex.Escape(label) + "\\s*<", capacity);
        Assert.Contains("cost per request (× retrieval cost C_r)", File.ReadAllText(Path.Combine(figures, "cost-vs-threshold.svg")));
        Assert.Contains("sim-lru (capacity=1000)", File.ReadAllText(Path.Combine(figures, "cost-vs-threshold.svg")));
        Assert.Contains("time since the first request (s)", File.ReadAllText(Path.Combine(figures, "hit-ratio-over-time.svg")));
        Assert.Contains("sim-lru(capacity=1000,threshold=0.2) (seed 1)", File.ReadAllText(Path.Combine(figures, "hit-ratio-over-time.svg")));
    }

    [Fact]
    public void TheTradeoffCurveKeepsOnlyUndominatedSettings()
    {
        // (hit, loss): (0.5, 0.02) is beaten by (0.6, 0.01); (0.3, 0.01) by (0.6, 0.01) too; ties on hit keep the lower loss.
        (double, double)[] points = [(0.2, 0.0), (0.5, 0.02), (0.6, 0.01), (0.3, 0.01), (0.8, 0.05), (0.8, 0.04), (0.7, 0.04)];
        Assert.Equal([(0.2, 0.0), (0.6, 0.01), (0.8, 0.04)], FigureSet.ParetoFront(points));
        Assert.Empty(FigureSet.ParetoFront([]));
    }

    [Fact]
    public void TheReportPageLinksEveryFigureToItsSvgAndHasASortableTable()
    {
        using var dir = new TempDir();
        var outDir = SweepInto(dir);
        // A geometry stage's output as issue 4 will write it: the page links its report and shows its figures.
        var geometry = Path.Combine(outDir, "demo", "geometry");
        Directory.CreateDirectory(geometry);
        File.WriteAllText(Path.Combine(geometry, "geometry.json"), "{}");
        File.WriteAllText(Path.Combine(geometry, "index.html"), "<html></html>");
        PlotRenderer.Save(Path.Combine(geometry, "norms"), "Norms", "", "norm", "users", [new PlotSeries("embeddings", [1, 2, 3], [3, 1, 2])]);
        new ExperimentState
        {
            Name = "demo", Description = "a <test> study", Command = "simcache run", ToolVersion = "t", Geometry = geometry,
            Stages = [new StageStatus("sweep", StageStatus.Ran, "30 runs", null, 1.5)],
        }.Save(Path.Combine(outDir, "demo"));

        var index = ReportBuilder.Write(outDir);
        Assert.Equal(Path.Combine(outDir, "index.html"), index);
        var html = File.ReadAllText(index);
        Assert.Contains("a &lt;test&gt; study", html);
        foreach (var name in new[] { "hit-ratio-vs-capacity", "cost-vs-threshold", "quality-vs-hit-ratio", "hit-ratio-over-time" })
        {
            Assert.Contains($"<a href=\"demo/figures/{name}.svg\"><img src=\"demo/figures/{name}.png\"", html);
            Assert.True(File.Exists(Path.Combine(outDir, "demo", "figures", name + ".svg")));
        }
        Assert.Contains("<a href=\"demo/geometry/index.html\">", html);
        Assert.Contains("<a href=\"demo/geometry/norms.svg\"><img src=\"demo/geometry/norms.png\"", html);
        var table = Regex.Match(html, "<table class=\"sortable\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Equal(30, Regex.Matches(table, "<tr><td>").Count);
        Assert.Matches("<th[^>]*>hit_ratio</th><th[^>]*>cost_per_request</th><th[^>]*>ndcg_loss</th>", table);
        // A metric's heading carries its declared label, unit and direction.
        Assert.Contains("<th title=\"hit ratio (share of requests served from the cache); higher is better\">hit_ratio</th>", table);
        Assert.Contains("addEventListener(\"click\"", html);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html); // no external resources
        // Every local link resolves to a file.
        foreach (Match m in Regex.Matches(html, "(?:src|href)=\"([^\"#:]+)\""))
            Assert.True(File.Exists(Path.Combine(outDir, Uri.UnescapeDataString(m.Groups[1].Value))), m.Groups[1].Value);
    }
}
