using SimCache.Experiments.Config;
using SimCache.Experiments.Services;
using SimCache.Experiments.Sweep;
using SimCache.Simulation.Scale;
using Xunit;

namespace SimCache.Experiments.Tests.Services;

/// <summary>
/// The sweep's simulator and the trace's distance scale, on the committed golden trace: a cost without cr takes
/// the scale (the scale the estimator measures, recorded with its rule), a relative threshold is recorded both as
/// its absolute value and its multiple, and a hitless point carries its warning.
/// </summary>
public class SimulatorPointRunnerScaleTests
{
    private static readonly SweepInputs Inputs = SweepInputs.FromFiles(RepoFiles.GoldenTrace, RepoFiles.GoldenDecoder, null);
    private static readonly double Scale = DistanceScaleEstimator.Estimate(RepoFiles.GoldenTrace).Value;

    private static SweepPoint Point(string cache)
    {
        using var dir = new TempDir();
        var path = dir.File("e.json", $$"""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [{{cache}}] } } ] }""");
        return Assert.Single(SweepPlan.Expand(ExperimentFile.Load(path).Select(null).Sweep!));
    }

    [Fact]
    public void OmittedRetrievalCostIsTheScaleAndRecorded()
    {
        var result = new SimulatorPointRunner().Run(Inputs, Point("""{ "policy": "lru", "capacity": 32 }"""), 1, CancellationToken.None);
        var m = result.Metrics;
        Assert.Equal(Scale, m["retrieval_cost"], 12);
        Assert.Equal(Scale, m[SimulatorPointRunner.DistanceScaleMetric], 12);
        Assert.Equal(1, m[SimulatorPointRunner.RetrievalCostDerived]);
        Assert.Equal((20.0, 0.5, 1000.0), (m["distance_scale_k"], m["distance_scale_quantile"], m["distance_scale_sample"]));
        Assert.Null(result.Parameters);
    }

    [Fact]
    public void GivenRetrievalCostIsKept()
    {
        var m = new SimulatorPointRunner().Run(Inputs, Point("""{ "policy": "lru", "capacity": 32, "cost": "power(alpha=1,cr=0.5)" }"""), 1, CancellationToken.None).Metrics;
        Assert.Equal(0.5, m["retrieval_cost"]);
        Assert.Equal(0, m[SimulatorPointRunner.RetrievalCostDerived]);
        Assert.True(double.IsNaN(m[SimulatorPointRunner.DistanceScaleMetric]));
    }

    [Fact]
    public void RelativeThresholdIsRecordedBothWays()
    {
        var point = Point("""{ "policy": "sim-lru", "capacity": 32, "threshold": { "values": [0.7], "relative": true }, "cost": "power(alpha=1,cr=1)" }""");
        var runner = new SimulatorPointRunner();
        runner.Check(point);
        var result = runner.Run(Inputs, point, 1, CancellationToken.None);
        var parameters = result.Parameters!.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(0.7 * Scale, parameters["threshold"].Number!.Value, 12);
        Assert.Equal(0.7, parameters["threshold_relative"].Number);
        Assert.Equal(32, parameters["capacity"].Number);
        // The same replay as the absolute threshold gives.
        var absolute = runner.Run(Inputs, Point($$"""{ "policy": "sim-lru", "capacity": 32, "threshold": {{(0.7 * Scale).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}, "cost": "power(alpha=1,cr=1)" }"""), 1, CancellationToken.None);
        Assert.Equal(absolute.Metrics["approximate_hits"], result.Metrics["approximate_hits"]);
        Assert.Equal(Scale, result.Metrics[SimulatorPointRunner.DistanceScaleMetric], 12);
    }

    [Fact]
    public void HitlessPointCarriesItsWarning()
    {
        var result = new SimulatorPointRunner().Run(Inputs, Point("""{ "policy": "sim-lru", "capacity": 32, "threshold": 0, "cost": "power(alpha=1,cr=1)" }"""), 1, CancellationToken.None);
        Assert.Equal(0, result.Metrics["exact_hits"] + result.Metrics["approximate_hits"]);
        Assert.StartsWith("0 hits", Assert.Single(result.Warnings));
        Assert.Equal(1, result.Metrics[SimulatorPointRunner.Warnings]);
    }
}
