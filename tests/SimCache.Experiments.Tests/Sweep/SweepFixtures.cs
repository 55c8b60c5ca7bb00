using SimCache.Experiments.Config;
using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Tests.Sweep;

/// <summary>A sweep read through the real loader, for the engine, store, report and kill tests.</summary>
public static class SweepFixtures
{
    public const string Json = """
        { "experiments": [ { "name": "demo", "data": { "synthetic": {} }, "sweep": {
            "caches": [ { "policy": "sim-lru", "capacity": { "from": 10, "to": 1000, "steps": 3, "scale": "log" }, "threshold": { "from": 0.2, "to": 2, "steps": 4 } },
                        { "policy": "lru", "capacity": [10, 100, 1000] } ],
            "seeds": [1, 2] } } ] }
        """;

    /// <summary>Writes the file into <paramref name="dir"/> and returns its path.</summary>
    public static string Write(TempDir dir, string json = Json) => dir.File("experiments.json", json);

    public static (string Name, IReadOnlyList<SweepPoint> Points, IReadOnlyList<long> Seeds) Load(TempDir dir, string json = Json)
    {
        var e = ExperimentFile.Load(Write(dir, json)).Select(null);
        return (e.Name, SweepPlan.Expand(e.Sweep!), e.Sweep!.Seeds);
    }

    public static SweepInputs Inputs { get; } = new("trace.arrow", null, null, "inputs-1");
}
