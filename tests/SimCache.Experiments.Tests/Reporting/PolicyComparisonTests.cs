using SimCache.Caching.Policies;
using SimCache.Experiments.Config;
using SimCache.Experiments.Reporting;
using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;
using SimCache.Simulation.Metrics;
using Xunit;

namespace SimCache.Experiments.Tests.Reporting;

/// <summary>
/// The comparison's choice of each policy's best setting per capacity and its bands over seeds, on rows written by
/// hand so every expected value is computed here: sim-lru at capacity 100 with three thresholds and two seeds.
/// </summary>
public class PolicyComparisonTests
{
    private static ResultRow Row(string policy, long seed, double? capacity, (string Name, double Value)[] parameters, double hit, double cost, double loss = 0.01)
    {
        var p = new List<KeyValuePair<string, ParamValue>>();
        if (capacity is double k) p.Add(new("capacity", ParamValue.Of(k)));
        p.AddRange(parameters.Select(x => new KeyValuePair<string, ParamValue>(x.Name, ParamValue.Of(x.Value))));
        var cache = policy + "(" + string.Join(",", p.Select(x => x.Key + "=" + x.Value.Canonical)) + ")";
        var metrics = new Dictionary<string, double> { ["hit_ratio"] = hit, ["cost_per_request"] = cost, ["ndcg_loss"] = loss, ["requests"] = 1000 };
        return new ResultRow("demo", cache, seed, policy, cache, p, [new("index", ParamValue.Of("exact"))], metrics, "in", "v", 0);
    }

    /// <summary>
    /// sim-lru, capacity 100: θ=0.2 costs 0.60 and 0.70 (mean 0.65), θ=0.5 costs 0.50 and 0.62 (mean 0.56), θ=0.8 costs
    /// 0.55 and 0.58 (mean 0.565): θ=0.5 is best, though its second seed is not the cheapest run. Capacity 200: θ=0.2 and
    /// θ=0.5 both have mean cost 0.5, the tie goes to the first in the results' order (θ=0.2). Capacity 300: no seed
    /// has a cost. lru: one setting per capacity. knn-cache: declared not comparable by its registry line.
    /// </summary>
    private static List<ResultRow> Rows() =>
    [
        Row("sim-lru", 1, 100, [("threshold", 0.2)], 0.30, 0.60),
        Row("sim-lru", 2, 100, [("threshold", 0.2)], 0.32, 0.70),
        Row("sim-lru", 1, 100, [("threshold", 0.5)], 0.40, 0.50, loss: 0.02),
        Row("sim-lru", 2, 100, [("threshold", 0.5)], 0.46, 0.62, loss: 0.04),
        Row("sim-lru", 1, 100, [("threshold", 0.8)], 0.50, 0.55),
        Row("sim-lru", 2, 100, [("threshold", 0.8)], 0.52, 0.58),
        Row("sim-lru", 1, 200, [("threshold", 0.5)], 0.60, 0.50),
        Row("sim-lru", 2, 200, [("threshold", 0.5)], 0.60, 0.50),
        Row("sim-lru", 1, 200, [("threshold", 0.2)], 0.55, 0.40),
        Row("sim-lru", 2, 200, [("threshold", 0.2)], 0.57, 0.60),
        Row("sim-lru", 1, 300, [("threshold", 0.2)], 0.70, double.NaN),
        Row("sim-lru", 2, 300, [("threshold", 0.2)], 0.70, double.NaN),
        Row("lru", 1, 100, [], 0.20, 0.80),
        Row("lru", 2, 100, [], 0.24, 0.76),
        Row("lru", 1, 1000, [], 0.40, 0.60),
        Row("lru", 2, 1000, [], 0.40, 0.60),
        Row("knn-cache", 1, 100, [("k", 10)], 0.90, 0.004),
        Row("knn-cache", 2, 100, [("k", 10)], 0.92, 0.002),
    ];

    [Fact]
    public void ChoosesTheSettingWithTheLowestMeanCostAtEachCapacity()
    {
        var notes = new List<string>();
        var best = PolicyComparison.Best(Rows(), notes);
        Assert.Equal([("knn-cache", 100.0), ("lru", 100.0), ("lru", 1000.0), ("sim-lru", 100.0), ("sim-lru", 200.0)], best.Select(b => (b.Policy, b.X)));

        var at100 = best.Single(b => b.Policy == "sim-lru" && b.X == 100);
        Assert.Equal(0.5, at100.Row.Parameter("threshold")!.Number);
        Assert.Equal("threshold=0.5", at100.Setting);
        Assert.Equal(3, at100.Candidates);
        Assert.Equal(1, at100.Row.Seed);
        var hit = at100["hit_ratio"];
        Assert.Equal(2, hit.Seeds);
        Assert.Equal(0.43, hit.Mean, 12);
        Assert.Equal(0.40, hit.Min, 12);
        Assert.Equal(0.46, hit.Max, 12);
        Assert.Equal(Math.Sqrt(2 * 0.03 * 0.03), hit.Sd, 12); // sample sd of two values: |a − b| / √2
        Assert.Equal(0.56, at100["cost_per_request"].Mean, 12);
        Assert.Equal((0.02, 0.04), (at100["ndcg_loss"].Min, at100["ndcg_loss"].Max));

        // A tie on mean cost goes to the first setting in the results' order (the lower threshold).
        Assert.Equal(0.2, best.Single(b => b.Policy == "sim-lru" && b.X == 200).Row.Parameter("threshold")!.Number);
        // No setting with a cost at capacity 300: absent, and said.
        Assert.Equal(["sim-lru at capacity = 300: no setting has 'cost_per_request', so it has no best setting there."], notes);
        // One setting: nothing else varies, so no setting is named.
        var lru = best.Single(b => b.Policy == "lru" && b.X == 100);
        Assert.Equal(("", 1), (lru.Setting, lru.Candidates));
        Assert.Equal((0.78, 0.76, 0.80), (lru["cost_per_request"].Mean, lru["cost_per_request"].Min, lru["cost_per_request"].Max));
        Assert.Equal(SeedBand.Undefined, lru["no_such_metric"]);
    }

    [Fact]
    public void TheComparisonFiguresDrawTheBestSettingsOnALogCapacityAxisWithMinMaxBands()
    {
        using var dir = new TempDir();
        var c = new FigureContext(Rows(), _ => null, dir.File("figures"));
        var spec = ComparisonFigures.Spec(c, MetricRegistry.HitRatio, "t")!;
        Assert.True(spec.LogX);
        Assert.Equal(["knn-cache (not comparable: see text)", "lru", "sim-lru"], spec.Series.Select(s => s.Label));
        var sim = spec.Series[2];
        Assert.Equal([100.0, 200.0], sim.X);
        Assert.Equal(0.43, sim.Y[0], 12);
        Assert.Equal(0.56, sim.Y[1], 12); // θ = 0.2 at 200: (0.55 + 0.57) / 2
        Assert.Equal([0.40, 0.55], sim.Low!);
        Assert.Equal([0.46, 0.57], sim.High!);
        Assert.Equal([false, false, true], spec.Series.Select(s => s.OtherFooting).Reverse());
        // Each policy keeps its palette slot (its place among the experiment's policies) in every figure.
        Assert.Equal([0, 1, 2], spec.Series.Select(s => s.Colour!.Value));
        Assert.Contains("lowest mean cost per request", spec.Caption);
        Assert.Contains("min–max", spec.Caption);

        // Written, the figure keeps its data and sits in the comparison part of the page.
        ComparisonFigures.Draw(c);
        Assert.Equal(["compare-hit-ratio", "compare-cost", "compare-quality-loss"], c.Figures.Select(f => Path.GetFileNameWithoutExtension(f.Png)));
        Assert.All(c.Figures, f => Assert.Equal((FigureSections.Comparison, true), (f.Section, f.Plot!.LogX)));
        Assert.Equal([0.78, 0.6], c.Figures[1].Plot!.Series[1].Y);
    }

    [Fact]
    public void NotComparableIsDeclaredByThePolicyNotNamedByTheReport()
    {
        Assert.Equal(KnnCachePolicy.Info.Caveat, PolicyComparison.Caveat("knn-cache"));
        Assert.NotNull(KnnCachePolicy.Info.Caveat);
        // The key caches carry no caveat, so they are drawn as peers.
        Assert.Equal(["knn-cache"], PolicyRegistry.Registry.Entries.Where(e => e.Caveat is not null).Select(e => e.Name));
        Assert.Null(PolicyComparison.Caveat("no-such-policy"));
    }

    [Fact]
    public void FrontierPointsAreLabelledWithTheirSetting()
    {
        using var dir = new TempDir();
        // A threshold given relative to the trace's scale is labelled by its multiple; qlru-dc by its q.
        var rows = new List<ResultRow>
        {
            Row("sim-lru", 1, 100, [("threshold", 3.2), ("threshold_relative", 0.4)], 0.5, 0.6, loss: 0.01),
            Row("sim-lru", 1, 100, [("threshold", 6.4), ("threshold_relative", 0.8)], 0.7, 0.5, loss: 0.03),
            Row("sim-lru", 1, 100, [("threshold", 9.6), ("threshold_relative", 1.2)], 0.6, 0.7, loss: 0.05), // dominated by θ = 0.8×
            Row("qlru-dc", 1, 400, [("q", 1)], 0.8, 0.4, loss: 0.02),
            Row("qlru-dc", 1, 400, [("q", 0.1)], 0.5, 0.7, loss: 0.03), // dominated
            Row("knn-cache", 1, 100, [("k", 10)], 0.9, 0.01, loss: 0.07),
        };
        var spec = FrontierFigure.Spec(new FigureContext(rows, _ => null, dir.Path), "t")!;
        Assert.Equal(["knn-cache (not comparable: see text)", "qlru-dc", "sim-lru"], spec.Series.Select(s => s.Label));
        Assert.Equal(["K=100"], spec.Series[0].PointLabels!);
        Assert.True(spec.Series[0].OtherFooting);
        Assert.Equal(["K=400, q=1"], spec.Series[1].PointLabels!);
        Assert.Equal(["K=100, θ=0.4×", "K=100, θ=0.8×"], spec.Series[2].PointLabels!);
        Assert.Equal([0.5, 0.7], spec.Series[2].X);
        Assert.False(spec.LogX);
    }

    [Fact]
    public void CostVsThresholdShowsThresholdlessPoliciesAsReferenceLines()
    {
        using var dir = new TempDir();
        var c = new FigureContext(Rows(), _ => null, dir.Path);
        var (lines, text) = FigureSet.ThresholdlessReferences(c, "threshold");
        // lru's cheapest setting: capacity 1000 (mean 0.6, against 0.78 at 100); knn-cache is named, not drawn (another scale).
        Assert.Equal([new ReferenceLine("lru, no θ: best 0.6 (K=1000)", 0.6)], lines);
        Assert.Contains("Not shown: knn-cache", text);

        FigureSet.Build(Rows(), _ => null, dir.Path);
        var figure = Assert.Single(FigureSet.Build(Rows(), _ => null, dir.Path).Figures, f => f.Title == "Cost vs threshold");
        Assert.Equal(lines, figure.Plot!.References);
        Assert.Equal(FigureSections.Detail, figure.Section);
    }

    [Fact]
    public void OverTimeDrawsEachPolicyAtItsBestSettingAtTheLargestSharedCapacityAgainstRequestsReplayed()
    {
        using var dir = new TempDir();
        var series = new TimeSeries(["time", "requests", "hit_ratio"], [[5, 1000, 0.1], [9, 1000, 0.2], [12, 500, 0.3]]);
        var asked = new List<string>();
        var c = new FigureContext(Rows(), r => { asked.Add(r.Cache); return series; }, dir.Path);
        // The capacities every policy has: knn-cache only 100, so every line is at 100, each at its best setting there.
        Assert.Equal([("knn-cache", 100.0), ("lru", 100.0), ("sim-lru", 100.0)], OverTimeFigure.Chosen(c.Best).Select(b => (b.Policy, b.X)));
        var spec = OverTimeFigure.Spec(c, "t")!;
        Assert.Equal(["knn-cache(capacity=100,k=10)", "lru(capacity=100)", "sim-lru(capacity=100,threshold=0.5)"], asked);
        Assert.Equal("sim-lru (K=100, θ=0.5)", spec.Series[2].Label);
        Assert.Equal([1000.0, 2000, 2500], spec.Series[2].X);
        Assert.Equal("requests replayed (end of window)", spec.XLabel);
    }

    [Fact]
    public void LogTicksAreTheSweptValuesLabelledInTheirOwnUnits()
    {
        var ticks = PlotRenderer.LogTicks([100, 200, 400, 800, 200]);
        Assert.Equal(["100", "200", "400", "800"], ticks.Select(t => t.Label));
        Assert.Equal(Math.Log10(400), ticks[2].Position, 12);
        // Many values: 1, 2, 5 per decade inside the range.
        Assert.Equal(["10", "20", "50", "100", "200", "500", "1,000"], PlotRenderer.LogTicks(Enumerable.Range(1, 12).Select(i => 15.0 * i * i / 2)).Select(t => t.Label));
    }
}
