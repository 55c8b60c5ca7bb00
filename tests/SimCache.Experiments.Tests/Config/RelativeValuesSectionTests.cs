using SimCache.Data.IO;
using SimCache.Experiments.Config;
using SimCache.Experiments.Sweep;
using Xunit;

namespace SimCache.Experiments.Tests.Config;

/// <summary>Sweep values relative to the trace's distance scale: a range or a list with <c>"relative": true</c>.</summary>
public class RelativeValuesSectionTests
{
    private static string Write(TempDir dir, string threshold) =>
        dir.File("e.json", $$"""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "sweep": { "caches": [ { "policy": "sim-lru", "capacity": 10, "threshold": {{threshold}} } ] } } ] }""");

    private static IReadOnlyList<SweepPoint> Points(string threshold)
    {
        using var dir = new TempDir();
        return SweepPlan.Expand(ExperimentFile.Load(Write(dir, threshold)).Select(null).Sweep!);
    }

    private static string Refused(string threshold)
    {
        using var dir = new TempDir();
        return Assert.Throws<DataFormatException>(() => ExperimentFile.Load(Write(dir, threshold))).Detail;
    }

    [Fact]
    public void RelativeRangeIsMultiplesOfTheScale()
    {
        var points = Points("""{ "from": 0.2, "to": 1, "steps": 5, "relative": true }""");
        Assert.Equal(["sim-lru(capacity=10,threshold=0.2*scale)", "sim-lru(capacity=10,threshold=0.4*scale)", "sim-lru(capacity=10,threshold=0.6*scale)",
            "sim-lru(capacity=10,threshold=0.8*scale)", "sim-lru(capacity=10,threshold=1*scale)"], points.Select(p => p.Cache));
        Assert.StartsWith("sim-lru(capacity=10,threshold=0.2*scale)|", points[0].Key);
    }

    [Fact]
    public void RelativeListAndPlainListForms()
    {
        Assert.Equal(["sim-lru(capacity=10,threshold=0.5*scale)", "sim-lru(capacity=10,threshold=2*scale)"],
            Points("""{ "values": [0.5, 2], "relative": true }""").Select(p => p.Cache));
        Assert.Equal(["sim-lru(capacity=10,threshold=0.5)", "sim-lru(capacity=10,threshold=2)"],
            Points("""{ "values": [0.5, 2] }""").Select(p => p.Cache));
        Assert.Equal(["sim-lru(capacity=10,threshold=0.5*scale)"], Points("""["0.5*scale"]""").Select(p => p.Cache));
        // An absolute and a relative value are different points.
        Assert.Equal(2, Points("""[1, "1*scale"]""").Count);
    }

    [Theory]
    [InlineData("""{ "values": ["a"], "relative": true }""", "threshold.values[0]")]
    [InlineData("""{ "values": [-1], "relative": true }""", "threshold.values[0]")]
    [InlineData("""{ "values": [1], "steps": 3 }""", "threshold.steps")]
    [InlineData("""{ "values": [] }""", "threshold.values")]
    [InlineData("""{ "from": -1, "to": 1, "steps": 3, "relative": true }""", "threshold")]
    [InlineData("""{ "values": [1], "relative": 1 }""", "threshold.relative")]
    [InlineData("""{ "values": [0.5, 0.5], "relative": true }""", "threshold.values[1]")]
    public void MalformedRelativeValuesNameTheirPath(string threshold, string at) =>
        Assert.Contains("experiments[0].sweep.caches[0]." + at, Refused(threshold));
}
