using SimCache.Experiments.Config;
using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;
using Xunit;

namespace SimCache.Experiments.Tests.Sweep;

/// <summary>
/// The engine records what a runner resolved on the trace (a relative threshold's absolute value beside its
/// multiple) instead of the point's own parameters, and prints each run's warnings.
/// </summary>
public class ResolvedPointTests
{
    /// <summary>Resolves <c>N*scale</c> with a scale of 10 and warns on every run.</summary>
    private sealed class ScaledRunner : ISweepPointRunner
    {
        public string Name => "scaled";

        public void Check(SweepPoint point) { }

        public PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel)
        {
            var parameters = point.Parameters.SelectMany(p => p.Value.Text is { } t && t.EndsWith("*scale", StringComparison.Ordinal)
                ? new[] { new KeyValuePair<string, ParamValue>(p.Key, ParamValue.Of(10 * double.Parse(t[..^6], System.Globalization.CultureInfo.InvariantCulture))),
                          new KeyValuePair<string, ParamValue>(p.Key + "_relative", ParamValue.Of(double.Parse(t[..^6], System.Globalization.CultureInfo.InvariantCulture))) }
                : [p]).ToList();
            return new PointResult(new Dictionary<string, double> { [SweepMetrics.HitRatio] = 0 })
            {
                Parameters = parameters,
                Warnings = ["0 hits in 5 counted requests"],
            };
        }
    }

    [Fact]
    public void RowsHoldTheResolvedParametersAndWarningsArePrinted()
    {
        using var dir = new TempDir();
        var (name, points, seeds) = SweepFixtures.Load(dir, """
            { "experiments": [ { "name": "demo", "data": { "synthetic": {} }, "sweep": {
                "caches": [ { "policy": "sim-lru", "capacity": 10, "threshold": { "values": [0.5, 1], "relative": true } } ] } } ] }
            """);
        var log = new List<string>();
        var outDir = dir.File("out");
        SweepEngine.Run(new SweepRequest(name, points, seeds, SweepFixtures.Inputs, outDir, 1, "v1"), new ScaledRunner(), log: log.Add);
        using var store = ResultsStore.Open(outDir);
        var rows = store.Rows(name).OrderBy(r => r.PointKey, StringComparer.Ordinal).ToList();
        Assert.Equal([5.0, 10.0], rows.Select(r => r.Parameter("threshold")!.Number!.Value));
        Assert.Equal([0.5, 1.0], rows.Select(r => r.Parameter("threshold_relative")!.Number!.Value));
        Assert.StartsWith("sim-lru(capacity=10,threshold=0.5*scale)|", rows[0].PointKey);
        Assert.Equal(2, log.Count(l => l.StartsWith("warning: sim-lru(capacity=10,threshold=", StringComparison.Ordinal) && l.EndsWith(": 0 hits in 5 counted requests", StringComparison.Ordinal)));
    }

    [Fact]
    public void AFixedRelativeThresholdIsNamedByItsMultipleInALegend()
    {
        using var dir = new TempDir();
        var (name, points, seeds) = SweepFixtures.Load(dir, """
            { "experiments": [ { "name": "demo", "data": { "synthetic": {} }, "sweep": {
                "caches": [ { "policy": "sim-lru", "capacity": [10, 20], "threshold": { "values": [0.5, 1], "relative": true } } ] } } ] }
            """);
        var outDir = dir.File("out");
        SweepEngine.Run(new SweepRequest(name, points, seeds, SweepFixtures.Inputs, outDir, 1, "v1"), new ScaledRunner());
        using var store = ResultsStore.Open(outDir);
        var figuresDir = dir.File("figures");
        Directory.CreateDirectory(figuresDir);
        var (figures, _) = SimCache.Experiments.Reporting.FigureSet.Build(store.Rows(name).ToList(), _ => null, figuresDir);
        var svg = File.ReadAllText(Path.Combine(figuresDir, "hit-ratio-vs-capacity.svg"));
        Assert.Matches(">\\s*sim-lru \\(threshold=0\\.5×scale\\)\\s*<", svg);
        Assert.Matches(">\\s*sim-lru \\(threshold=1×scale\\)\\s*<", svg);
        Assert.DoesNotContain("threshold_relative", svg);
    }
}
