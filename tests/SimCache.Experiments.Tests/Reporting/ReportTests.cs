using System.Text.RegularExpressions;
using SimCache.Experiments.Reporting;
using SimCache.Experiments.Running;
using SimCache.Experiments.Sweep;
using SimCache.Experiments.Tests.Sweep;
using SimCache.Training.Training;
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

    /// <summary>
    /// The first seven line colours of the Category10 palette, in the order the figures assign them to series (the
    /// eighth, #7f7f7f, is also a grey of the anti-aliased axes and text, so it cannot tell a line apart).
    /// </summary>
    private static readonly string[] Category10 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];

    /// <summary>Which palette colours a PNG shows, as one letter each (x shown, . not): its markers are drawn in the exact colour.</summary>
    private static string PaletteShown(string png)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((PlotRenderer.Width, PlotRenderer.Height), (bitmap.Width, bitmap.Height));
        var colours = bitmap.Pixels.Select(p => (uint)p).ToHashSet();
        return string.Concat(Category10.Select(c => colours.Contains((uint)SKColor.Parse(c)) ? 'x' : '.'));
    }

    [Fact]
    public void TheFiguresAreDrawnFromTheResultsWithUnitsAndLegends()
    {
        using var dir = new TempDir();
        var outDir = SweepInto(dir);
        ReportBuilder.Write(outDir);
        var figures = Path.Combine(outDir, "demo", "figures");
        // Lines per figure, from the fixture: sim-lru at 4 thresholds and lru (capacity); sim-lru at 3 capacities
        // (threshold: lru has none); one per policy (trade-off, over time).
        foreach (var (name, lines) in new[] { ("hit-ratio-vs-capacity", 5), ("quality-loss-vs-capacity", 5), ("cost-vs-threshold", 3), ("quality-vs-hit-ratio", 2), ("hit-ratio-over-time", 2) })
        {
            var png = Path.Combine(figures, name + ".png");
            Assert.True(File.Exists(png), name);
            Assert.Equal((name, new string('x', lines).PadRight(Category10.Length, '.')), (name, PaletteShown(png)));
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(figures, name + ".svg")));
        }
        var capacity = File.ReadAllText(Path.Combine(figures, "hit-ratio-vs-capacity.svg"));
        Assert.Contains("capacity K (cached keys)", capacity);
        Assert.Contains("hit ratio (share of requests served from the cache)", capacity);
        // The legend: one line per policy and fixed parameters (ScottPlot writes each label as its own text element).
        foreach (var label in new[] { "sim-lru (threshold=0.2)", "sim-lru (threshold=0.8)", "sim-lru (threshold=1.4)", "sim-lru (threshold=2)", "lru" })
            Assert.Matches(">\\s*" + Regex.Escape(label) + "\\s*<", capacity);
        Assert.Contains("cost per request (× retrieval cost C_r)", File.ReadAllText(Path.Combine(figures, "cost-vs-threshold.svg")));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(SimCache.Simulation.Metrics.MetricRegistry.NdcgLoss.AxisLabel), File.ReadAllText(Path.Combine(figures, "quality-loss-vs-capacity.svg")));
        Assert.Contains("sim-lru (capacity=1000)", File.ReadAllText(Path.Combine(figures, "cost-vs-threshold.svg")));
        // Over time: the fixture's series count windows (no request column); each policy at its best setting (lowest
        // mean cost) at the largest capacity both share, 1000: for sim-lru, cost = 1 − hit·(1 − θ/4) is lowest at θ = 0.8.
        var overTime = File.ReadAllText(Path.Combine(figures, "hit-ratio-over-time.svg"));
        Assert.Contains("window (index)", overTime);
        Assert.Matches(">\\s*" + Regex.Escape("sim-lru (K=1000, θ=0.8)") + "\\s*<", overTime);
        Assert.Matches(">\\s*" + Regex.Escape("lru (K=1000)") + "\\s*<", overTime);
        // The comparison: one line per policy, on a log capacity axis.
        foreach (var name in new[] { "compare-hit-ratio", "compare-cost", "compare-quality-loss" })
            Assert.Equal((name, "xx....."), (name, PaletteShown(Path.Combine(figures, name + ".png"))));
        Assert.Contains("capacity K (cached keys, log scale)", File.ReadAllText(Path.Combine(figures, "compare-cost.svg")));
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
        // A geometry stage's output as simcache geometry writes it: the page links its report and shows its figures.
        var geometry = Path.Combine(outDir, "demo", "geometry");
        Directory.CreateDirectory(geometry);
        File.WriteAllText(Path.Combine(geometry, "geometry.json"), "{}");
        File.WriteAllText(Path.Combine(geometry, "index.html"), "<html></html>");
        PlotRenderer.Save(Path.Combine(geometry, "norms"), "Norms", "", "norm", "users", [new PlotSeries("embeddings", [1, 2, 3], [3, 1, 2])]);
        new ExperimentState
        {
            Name = "demo", Description = "a <test> study", Command = "simcache run", ToolVersion = "t", Geometry = geometry,
            Stages = [new StageStatus("train", StageStatus.Ran, "best epoch 7", null, 1818.04, 1_572_864_000), new StageStatus("sweep", StageStatus.Ran, "30 runs", null, 1.5)],
        }.Save(Path.Combine(outDir, "demo"));

        var index = ReportBuilder.Write(outDir);
        Assert.Equal(Path.Combine(outDir, "index.html"), index);
        var html = File.ReadAllText(index);
        Assert.Contains("a &lt;test&gt; study", html);
        // A stage's wall time, and its peak memory where it was measured.
        Assert.Contains("<td class=\"ran\">ran (1818.0 s, peak 1.57 GB)</td><td>best epoch 7</td>", html);
        Assert.Contains("<td class=\"ran\">ran (1.5 s)</td><td>30 runs</td>", html);
        foreach (var name in new[] { "compare-hit-ratio", "compare-cost", "compare-quality-loss", "hit-ratio-vs-capacity", "cost-vs-threshold", "quality-vs-hit-ratio", "hit-ratio-over-time" })
        {
            Assert.Contains($"<a href=\"demo/figures/{name}.svg\"><img src=\"demo/figures/{name}.png\"", html);
            Assert.True(File.Exists(Path.Combine(outDir, "demo", "figures", name + ".svg")));
        }
        // The parts of the comparison, in page order, each in an element whose id the page's check looks for.
        var parts = new[] { "stages", "geometry", "policies", "comparison", "frontier", "over-time", "detail" }.Select(p => html.IndexOf($"id=\"experiment-demo-{p}\"", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, parts);
        Assert.Equal(parts.Order(), parts);
        Assert.Contains("lowest mean cost per request", html);
        Assert.True(html.IndexOf("demo/figures/compare-hit-ratio.png", StringComparison.Ordinal) < html.IndexOf("demo/figures/hit-ratio-vs-capacity.png", StringComparison.Ordinal));
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

    /// <summary>An experiment folder whose state names a run whose metrics.json holds <paramref name="ndcg"/> as its validation curve.</summary>
    private static string ModelOnly(TempDir dir, params double[] ndcg)
    {
        var outDir = dir.File("out");
        var run = Path.Combine(outDir, "demo", "run");
        Directory.CreateDirectory(run);
        int best = Array.IndexOf(ndcg, ndcg.Max()) + 1;
        File.WriteAllText(Path.Combine(run, RunMetrics.FileName), new RunMetrics
        {
            Model = "recvae", ToolVersion = "t", Command = "simcache train", Parameters = new TrainOptions { Epochs = ndcg.Length }, Dataset = "d", DatasetSha256 = "00",
            BestEpoch = best, Validation = new Dictionary<string, double> { ["ndcg@100"] = ndcg.Max() }, Test = new Dictionary<string, double> { ["ndcg@100"] = 0.2 },
            ValidationUsers = 1000, TestUsers = 1000, TotalSeconds = 1,
            Epochs = ndcg.Select((v, i) => new EpochRecord(i + 1, 100 - i, v, 1, 100)).ToArray(),
        }.ToJson());
        new ExperimentState { Name = "demo", Command = "simcache run", ToolVersion = "t", Run = run, Stages = [] }.Save(Path.Combine(outDir, "demo"));
        return outDir;
    }

    [Fact]
    public void TheModelSectionDrawsTheValidationCurveAndWarnsWhenItWasStillRising()
    {
        using var dir = new TempDir();
        var rising = File.ReadAllText(ReportBuilder.Write(ModelOnly(dir, 0.10, 0.20, 0.25, 0.26, 0.262, 0.263, 0.2631)));
        Assert.Contains("id=\"experiment-demo-undertrained\"><b>Warning:</b> validation NDCG@100 was still rising at the last epoch: its best rose by 0.06310", rising);
        Assert.Contains("<img src=\"demo/figures/training-curve.png\"", rising);
        Assert.Contains("over the last 5 epochs, to 0.26310: still rising.", rising); // the caption's verdict
        Assert.True(File.Exists(dir.File("out/demo/figures/training-curve.svg")));

        using var other = new TempDir();
        var flat = File.ReadAllText(ReportBuilder.Write(ModelOnly(other, 0.1, 0.2, 0.3, 0.3, 0.301, 0.3005, 0.3012, 0.3011)));
        Assert.DoesNotContain("undertrained", flat);
        Assert.Contains("levelled off (under 1", flat);
        Assert.Contains("<img src=\"demo/figures/training-curve.png\"", flat);

        using var single = new TempDir();
        var one = File.ReadAllText(ReportBuilder.Write(ModelOnly(single, 0.2)));
        Assert.Contains("trained for one epoch: one validation point cannot show whether training has levelled off", one);
        Assert.DoesNotContain("training-curve", one); // one point is no curve
    }

    [Fact]
    public void RunsWithWarningsAreListedAboveTheResultsTableOnlyWhenThereAreAny()
    {
        using var dir = new TempDir();
        var quiet = ReportBuilder.Write(SweepInto(dir));
        Assert.DoesNotContain("-warnings\"", File.ReadAllText(quiet));

        var outDir = dir.File("warned");
        var (name, points, seeds) = SweepFixtures.Load(dir);
        SweepEngine.Run(new SweepRequest(name, points, seeds, SweepFixtures.Inputs, outDir, 2, "v1"), new WarningPointRunner((p, _) => p.Parameter("capacity")!.Number == 10 ? ["placed keys served none of the <requests>"] : []));
        var html = File.ReadAllText(ReportBuilder.Write(outDir));
        int warned = points.Count(p => p.Parameter("capacity")!.Number == 10) * seeds.Count;
        Assert.InRange(warned, 1, 29);
        int part = html.IndexOf("id=\"experiment-demo-warnings\"", StringComparison.Ordinal);
        Assert.True(part > 0 && part < html.IndexOf("<table class=\"sortable\">", StringComparison.Ordinal), "the warnings stand above the results table");
        Assert.Contains($"{warned} of 30 runs raised a warning", html);
        Assert.Single(Regex.Matches(html, "placed keys served none of the &lt;requests&gt;")); // once, with the runs that raised it
    }

    [Fact]
    public void TheUmapMapsStandBesideTheTsneMapsInTheUmapPart()
    {
        using var dir = new TempDir();
        var outDir = SweepInto(dir);
        var geometry = Path.Combine(outDir, "demo", "geometry");
        Directory.CreateDirectory(geometry);
        File.WriteAllText(Path.Combine(geometry, "geometry.json"), """{ "tsne": { "embeddings": { "trustworthiness": 0.989 } }, "umap": { "embeddings": { "trustworthiness": 0.9804 } } }""");
        foreach (var name in new[] { "tsne", "umap", "norms" })
            PlotRenderer.Save(Path.Combine(geometry, name), name, "", "x", "y", [new PlotSeries("embeddings", [1, 2, 3], [3, 1, 2])]);
        new ExperimentState
        {
            Name = "demo", Description = "maps", Command = "simcache run", ToolVersion = "t", Geometry = geometry,
            Stages = [new StageStatus("sweep", StageStatus.Ran, "30 runs", null, 1.5)],
        }.Save(Path.Combine(outDir, "demo"));

        var html = File.ReadAllText(ReportBuilder.Write(outDir));
        var block = Regex.Match(html, "<div class=\"figures maps\" id=\"experiment-demo-umap\">(.*?)</div>", RegexOptions.Singleline);
        Assert.True(block.Success, "no #umap block");
        var inside = block.Groups[1].Value;
        Assert.True(inside.IndexOf("demo/geometry/tsne.png", StringComparison.Ordinal) is var t && t >= 0
            && inside.IndexOf("demo/geometry/umap.png", StringComparison.Ordinal) > t, "t-SNE first, then UMAP, in the block");
        // Each map appears once on the page (not again among the other geometry figures), and both T(10) values are in the findings.
        Assert.Single(Regex.Matches(html, "<img src=\"demo/geometry/umap.png\""));
        Assert.Single(Regex.Matches(html, "<img src=\"demo/geometry/tsne.png\""));
        Assert.Contains("<td>t-SNE trustworthiness (k = 10)</td><td>0.989</td>", html);
        Assert.Contains("<td>UMAP trustworthiness (k = 10)</td><td>0.980</td>", html);
        Assert.Contains("demo/geometry/norms.png", html);
    }

    /// <summary>
    /// OUT/index.html is rewritten by every run and sweep, so OUT is checked for it first: a page this tool wrote
    /// (now with its generator tag; before the tag, with the report's title) is replaced, anyone else's page never.
    /// </summary>
    [Fact]
    public void TheOutputFolderAcceptsOnlyAReportPageThisToolWrote()
    {
        using var dir = new TempDir();
        var outDir = SweepInto(dir);
        var page = ReportBuilder.Write(outDir);
        Assert.Matches("<meta name=\"generator\" content=\"simcache [^\"]+\">", File.ReadAllText(page));
        OutputFolder.Check(outDir); // its own page: a second sweep may rewrite it
        SweepEngine.Run(new SweepRequest("demo", SweepFixtures.Load(dir).Points, [1], SweepFixtures.Inputs, outDir, 1, "v1"), new FormulaPointRunner());

        File.WriteAllText(page, "<!DOCTYPE html>\n<html>\n<head>\n<title>SimCache report</title>\n</head>\n</html>\n"); // a page from before the tag
        OutputFolder.Check(outDir);

        const string notes = "<html>my notes</html>\n";
        File.WriteAllText(page, notes);
        var e = Assert.Throws<SimCache.Data.IO.DataFormatException>(() => OutputFolder.Check(outDir));
        Assert.Equal(page, e.Path);
        Assert.Contains("not a report this tool wrote", e.Detail);
        var rows = File.ReadAllBytes(Path.Combine(outDir, "results.db"));
        Assert.Throws<SimCache.Data.IO.DataFormatException>(() =>
            SweepEngine.Run(new SweepRequest("demo", SweepFixtures.Load(dir).Points, [1], SweepFixtures.Inputs, outDir, 1, "v1"), new FormulaPointRunner()));
        Assert.Equal(notes, File.ReadAllText(page));
        Assert.Equal(rows, File.ReadAllBytes(Path.Combine(outDir, "results.db")));
    }
}
