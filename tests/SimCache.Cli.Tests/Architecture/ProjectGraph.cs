using System.Xml.Linq;

namespace SimCache.Cli.Tests.Architecture;

/// <summary>
/// The reference graph of the projects under <c>src/</c> as their <c>.csproj</c> files declare it: each
/// project's project references and package references, including the packages of <c>.targets</c> files a
/// project imports itself (Training takes TorchSharp that way). Read from the files, not from the build, so a
/// new edge shows up the moment someone types it.
/// </summary>
public sealed class ProjectGraph
{
    public ProjectGraph(IReadOnlyDictionary<string, IReadOnlySet<string>> projects, IReadOnlyDictionary<string, IReadOnlySet<string>> packages)
    {
        Projects = projects;
        Packages = packages;
    }

    /// <summary>Project name (SimCache.X) → the projects it references directly.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Projects { get; }

    /// <summary>Project name → the packages it references directly.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Packages { get; }

    /// <summary>Reads every <c>src/*/*.csproj</c> below <paramref name="root"/>.</summary>
    public static ProjectGraph Load(string root)
    {
        var projects = new SortedDictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var packages = new SortedDictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.GetDirectories(Path.Combine(root, "src")).SelectMany(d => Directory.GetFiles(d, "*.csproj")))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var doc = XDocument.Load(file);
            projects[name] = doc.Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension(((string?)e.Attribute("Include") ?? "").Replace('\\', '/')))
                .ToHashSet(StringComparer.Ordinal);
            var refs = PackageNames(doc).ToHashSet(StringComparer.Ordinal);
            foreach (var import in doc.Descendants("Import"))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, ((string?)import.Attribute("Project") ?? "").Replace('\\', '/')));
                if (File.Exists(target)) refs.UnionWith(PackageNames(XDocument.Load(target)));
            }
            packages[name] = refs;
        }
        return new ProjectGraph(projects, packages);
    }

    /// <summary>Every project reachable from <paramref name="project"/> through project references, itself excluded.</summary>
    public IReadOnlySet<string> ProjectsReachableFrom(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(Projects.GetValueOrDefault(project) ?? new HashSet<string>());
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (!seen.Add(next)) continue;
            foreach (var r in Projects.GetValueOrDefault(next) ?? new HashSet<string>()) stack.Push(r);
        }
        seen.Remove(project);
        return seen;
    }

    /// <summary>Every package <paramref name="project"/> gets, directly or through the projects it references.</summary>
    public IReadOnlySet<string> PackagesReachableFrom(string project) =>
        ProjectsReachableFrom(project).Append(project)
            .SelectMany(p => Packages.GetValueOrDefault(p) ?? new HashSet<string>())
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>One reference cycle as a path (first project repeated at the end), or null when the graph is acyclic.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        foreach (var start in Projects.Keys)
        {
            var cycle = Visit(start, state, path);
            if (cycle is not null) return cycle;
        }
        return null;
    }

    private List<string>? Visit(string node, Dictionary<string, int> state, List<string> path)
    {
        if (state.TryGetValue(node, out int s))
            return s == 1 ? [.. path.Skip(path.IndexOf(node)), node] : null;
        state[node] = 1;
        path.Add(node);
        foreach (var next in (Projects.GetValueOrDefault(node) ?? new HashSet<string>()).Order(StringComparer.Ordinal))
        {
            var cycle = Visit(next, state, path);
            if (cycle is not null) return cycle;
        }
        path.RemoveAt(path.Count - 1);
        state[node] = 2;
        return null;
    }

    private static IEnumerable<string> PackageNames(XDocument doc) =>
        doc.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include")).OfType<string>();
}
