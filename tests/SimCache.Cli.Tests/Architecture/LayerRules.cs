namespace SimCache.Cli.Tests.Architecture;

/// <summary>
/// The layers of <c>src/</c>, declared once: which project may reference which, which packages each may take,
/// and what must never be reachable from where. The cache library stays free of plotting, the command line and
/// libtorch so that a replay links only what it runs; the shared maths sits below both of its users. The README's
/// layout table is checked against <see cref="ProjectEdges"/> and <see cref="PackageEdges"/>, so code, test and
/// docs cannot drift apart.
/// </summary>
public static class LayerRules
{
    /// <summary>Direct project references, exactly (a new reference is added here, and in the README, on purpose).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ProjectEdges = new SortedDictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["SimCache.Data"] = [],
        ["SimCache.Numerics"] = ["SimCache.Data"],
        ["SimCache.Training"] = ["SimCache.Data"],
        ["SimCache.Geometry"] = ["SimCache.Data", "SimCache.Numerics"],
        ["SimCache.Caching"] = ["SimCache.Data", "SimCache.Numerics"],
        ["SimCache.Simulation"] = ["SimCache.Caching"],
        ["SimCache.Experiments"] = ["SimCache.Training", "SimCache.Geometry", "SimCache.Simulation"],
        ["SimCache.Cli"] = ["SimCache.Experiments", "SimCache.Training"],
        ["SimCache.Benchmarks"] = ["SimCache.Data", "SimCache.Caching"],
    };

    /// <summary>Direct package references, exactly (Training's come from build/TorchSharp.targets, which it imports).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> PackageEdges = new SortedDictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["SimCache.Data"] = ["Apache.Arrow", "System.Numerics.Tensors"],
        ["SimCache.Numerics"] = ["MathNet.Numerics"],
        ["SimCache.Training"] = ["TorchSharp", "libtorch-cpu-linux-x64"],
        ["SimCache.Geometry"] = ["MathNet.Numerics", "ScottPlot"],
        ["SimCache.Caching"] = ["Cloud.Unum.USearch", "System.Numerics.Tensors"],
        ["SimCache.Simulation"] = [],
        ["SimCache.Experiments"] = ["Microsoft.Data.Sqlite", "ScottPlot"],
        ["SimCache.Cli"] = ["Spectre.Console", "System.CommandLine"],
        ["SimCache.Benchmarks"] = ["BenchmarkDotNet"],
    };

    /// <summary>What a project must not reach, directly or through any chain of references, and why.</summary>
    public static readonly (string Project, string Target, string Why)[] Forbidden =
    [
        ("SimCache.Caching", "SimCache.Geometry", "the cache takes its maths from Numerics, not from the analysis and its figures"),
        ("SimCache.Caching", "ScottPlot", "the cache library does not plot"),
        ("SimCache.Caching", "System.CommandLine", "the cache library has no command line"),
        ("SimCache.Caching", "SimCache.Training", "a replay runs without the trainer"),
        ("SimCache.Simulation", "ScottPlot", "the replay does not plot"),
        ("SimCache.Numerics", "SimCache.Geometry", "the shared maths sits below its users"),
        ("SimCache.Numerics", "SimCache.Caching", "the shared maths sits below its users"),
        ("SimCache.Numerics", "SimCache.Training", "the shared maths needs no trainer"),
        ("SimCache.Numerics", "ScottPlot", "the shared maths does not plot"),
        ("SimCache.Numerics", "System.CommandLine", "the shared maths has no command line"),
        ("SimCache.Numerics", "Spectre.Console", "the shared maths has no console"),
        ("SimCache.Data", "Spectre.Console", "the data layer reports progress through IWorkReporter; the CLI draws it"),
        ("SimCache.Data", "ScottPlot", "the data layer does not plot"),
    ];

    /// <summary>The packages only the command line may reference directly.</summary>
    public static readonly string[] CliOnlyPackages = ["System.CommandLine", "Spectre.Console"];

    private const string Torch = "TorchSharp", Training = "SimCache.Training";

    /// <summary>Every way <paramref name="graph"/> breaks the layers, one readable line each; empty when it keeps them.</summary>
    public static IReadOnlyList<string> Violations(ProjectGraph graph)
    {
        var found = new List<string>();
        foreach (var p in graph.Projects.Keys.Except(ProjectEdges.Keys)) found.Add($"{p} is not in the layer table");
        foreach (var p in ProjectEdges.Keys.Except(graph.Projects.Keys)) found.Add($"{p} is in the layer table but has no project under src/");
        foreach (var (p, refs) in graph.Projects)
        {
            if (!ProjectEdges.TryGetValue(p, out var allowed)) continue;
            foreach (var r in refs.Except(allowed).Order(StringComparer.Ordinal)) found.Add($"{p} → {r} is not an allowed reference");
            foreach (var r in allowed.Except(refs).Order(StringComparer.Ordinal)) found.Add($"{p} → {r} is declared but not referenced");
        }
        foreach (var (p, refs) in graph.Packages)
        {
            if (!PackageEdges.TryGetValue(p, out var allowed)) continue;
            foreach (var r in refs.Except(allowed).Order(StringComparer.Ordinal)) found.Add($"{p} → package {r} is not an allowed reference");
            foreach (var r in allowed.Except(refs).Order(StringComparer.Ordinal)) found.Add($"{p} → package {r} is declared but not referenced");
        }
        if (graph.FindCycle() is { } cycle) found.Add("reference cycle: " + string.Join(" → ", cycle));
        foreach (var (p, target, why) in Forbidden)
        {
            if (!graph.Projects.ContainsKey(p)) continue;
            if (graph.ProjectsReachableFrom(p).Contains(target) || graph.PackagesReachableFrom(p).Contains(target))
                found.Add($"{p} reaches {target}: forbidden, {why}");
        }
        foreach (var p in graph.Projects.Keys)
        {
            if (p != Training && graph.Packages[p].Contains(Torch)) found.Add($"{p} → package {Torch}: only {Training} references it directly");
            if (graph.PackagesReachableFrom(p).Contains(Torch) && p != Training && !graph.ProjectsReachableFrom(p).Contains(Training))
                found.Add($"{p} reaches {Torch} without going through {Training}");
            foreach (var pkg in CliOnlyPackages)
                if (p != "SimCache.Cli" && graph.Packages[p].Contains(pkg)) found.Add($"{p} → package {pkg}: only SimCache.Cli references it");
        }
        return found;
    }

    /// <summary>The declared table as a graph, to check that the table itself keeps the rules.</summary>
    public static ProjectGraph Declared() => new(
        ProjectEdges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value.ToHashSet(StringComparer.Ordinal)),
        PackageEdges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value.ToHashSet(StringComparer.Ordinal)));
}
