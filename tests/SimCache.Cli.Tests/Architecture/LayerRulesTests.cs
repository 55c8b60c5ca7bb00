using Xunit;

namespace SimCache.Cli.Tests.Architecture;

/// <summary>
/// The projects under <c>src/</c> keep the declared layers (<see cref="LayerRules"/>), the rules catch the edges
/// they exist to catch, and the README's layout table says what the project files say.
/// </summary>
public class LayerRulesTests
{
    private static readonly ProjectGraph Real = ProjectGraph.Load(RepoFiles.Root);

    [Fact]
    public void SourceProjectsKeepTheDeclaredLayers() => AssertNone(LayerRules.Violations(Real));

    [Fact]
    public void DeclaredTableKeepsItsOwnRules() => AssertNone(LayerRules.Violations(LayerRules.Declared()));

    [Fact]
    public void ReaderSeesProjectPackageAndImportedReferences()
    {
        Assert.Equal(["SimCache.Data", "SimCache.Numerics"], Real.Projects["SimCache.Caching"].Order(StringComparer.Ordinal));
        Assert.Equal(["BenchmarkDotNet"], Real.Packages["SimCache.Benchmarks"]);
        Assert.Contains("TorchSharp", Real.Packages["SimCache.Training"]); // from build/TorchSharp.targets
        Assert.Contains("SimCache.Numerics", Real.ProjectsReachableFrom("SimCache.Cli"));
        Assert.DoesNotContain("ScottPlot", Real.PackagesReachableFrom("SimCache.Caching"));
    }

    [Fact]
    public void CachingReferencingGeometryIsRefused()
    {
        var v = LayerRules.Violations(With(Real, "SimCache.Caching", project: "SimCache.Geometry"));
        Assert.Contains("SimCache.Caching → SimCache.Geometry is not an allowed reference", v);
        Assert.Contains(v, m => m.StartsWith("SimCache.Caching reaches SimCache.Geometry: forbidden", StringComparison.Ordinal));
        Assert.Contains(v, m => m.StartsWith("SimCache.Caching reaches ScottPlot: forbidden", StringComparison.Ordinal)); // through Geometry
        Assert.Contains(v, m => m.StartsWith("SimCache.Simulation reaches ScottPlot: forbidden", StringComparison.Ordinal)); // through Caching
        Assert.Equal(4, v.Count);
    }

    [Fact]
    public void SpectreConsoleInDataIsRefused()
    {
        var v = LayerRules.Violations(With(Real, "SimCache.Data", package: "Spectre.Console"));
        Assert.Contains("SimCache.Data → package Spectre.Console is not an allowed reference", v);
        Assert.Contains(v, m => m.StartsWith("SimCache.Data reaches Spectre.Console: forbidden", StringComparison.Ordinal));
        Assert.Contains(v, m => m.StartsWith("SimCache.Numerics reaches Spectre.Console: forbidden", StringComparison.Ordinal)); // Numerics → Data
        Assert.Contains("SimCache.Data → package Spectre.Console: only SimCache.Cli references it", v);
        Assert.Equal(4, v.Count);
    }

    [Fact]
    public void TorchSharpOutsideTrainingIsRefused()
    {
        var v = LayerRules.Violations(With(Real, "SimCache.Simulation", package: "TorchSharp"));
        Assert.Contains("SimCache.Simulation → package TorchSharp is not an allowed reference", v);
        Assert.Contains("SimCache.Simulation → package TorchSharp: only SimCache.Training references it directly", v);
        Assert.Contains("SimCache.Simulation reaches TorchSharp without going through SimCache.Training", v);
        // The experiments and the CLI reference Training, so reaching TorchSharp is expected there: no line for them.
        Assert.Equal(3, v.Count);
    }

    [Fact]
    public void ReferenceCycleIsFound()
    {
        var graph = With(Real, "SimCache.Data", project: "SimCache.Caching");
        var cycle = graph.FindCycle();
        Assert.NotNull(cycle);
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Contains("SimCache.Data", cycle);
        Assert.Contains("SimCache.Caching", cycle);
        for (int i = 0; i + 1 < cycle.Count; i++) Assert.Contains(cycle[i + 1], graph.Projects[cycle[i]]);
        Assert.Contains(LayerRules.Violations(graph), m => m.StartsWith("reference cycle: ", StringComparison.Ordinal));
        Assert.Null(Real.FindCycle());
    }

    [Fact]
    public void UndeclaredProjectIsRefused()
    {
        var projects = Real.Projects.ToDictionary(e => e.Key, e => e.Value);
        var packages = Real.Packages.ToDictionary(e => e.Key, e => e.Value);
        projects["SimCache.Plugins"] = new HashSet<string> { "SimCache.Data" };
        packages["SimCache.Plugins"] = new HashSet<string>();
        Assert.Equal(["SimCache.Plugins is not in the layer table"], LayerRules.Violations(new ProjectGraph(projects, packages)));
    }

    [Fact]
    public void ReadmeLayoutTableMatchesTheDeclaredLayers()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoFiles.Root, "README.md"));
        int start = Array.IndexOf(lines, "## Layout");
        Assert.True(start >= 0, "README.md has no '## Layout' section");
        var rows = lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| Project", StringComparison.Ordinal))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToDictionary(c => "SimCache." + c[0], c => (Projects: Names(c[1], "SimCache."), Packages: Names(c[2], "")));
        Assert.Equal(LayerRules.ProjectEdges.Keys.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var (p, row) in rows)
        {
            Assert.True(LayerRules.ProjectEdges[p].Order(StringComparer.Ordinal).SequenceEqual(row.Projects), $"README: references of {p}");
            Assert.True(LayerRules.PackageEdges[p].Order(StringComparer.Ordinal).SequenceEqual(row.Packages), $"README: packages of {p}");
        }
    }

    private static void AssertNone(IReadOnlyList<string> violations) =>
        Assert.True(violations.Count == 0, "layer violations:\n" + string.Join("\n", violations));

    private static IEnumerable<string> Names(string cell, string prefix) =>
        cell == "—" ? [] : cell.Split(',').Select(n => prefix + n.Trim().Trim('`')).Order(StringComparer.Ordinal).ToArray();

    private static ProjectGraph With(ProjectGraph graph, string from, string? project = null, string? package = null)
    {
        var projects = graph.Projects.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value.ToHashSet(StringComparer.Ordinal));
        var packages = graph.Packages.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value.ToHashSet(StringComparer.Ordinal));
        if (project is not null) projects[from] = projects[from].Append(project).ToHashSet(StringComparer.Ordinal);
        if (package is not null) packages[from] = packages[from].Append(package).ToHashSet(StringComparer.Ordinal);
        return new ProjectGraph(projects, packages);
    }
}
