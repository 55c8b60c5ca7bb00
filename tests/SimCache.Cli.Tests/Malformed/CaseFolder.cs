using System.Text;

namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// A malformed case's own scratch folder, with the suite's base inputs and the methods that write corrupted copies
/// of them. Everything a case writes lives here, so the runner can show that a refusal left the folder as it was.
/// </summary>
public sealed class CaseFolder(string path, MalformedInputs inputs)
{
    public string Path { get; } = path;

    public MalformedInputs Inputs { get; } = inputs;

    /// <summary>The output path given to the command: a folder (or file) that must not appear.</summary>
    public string Out => System.IO.Path.Combine(Path, "out");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        var p = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        System.IO.File.WriteAllText(p, text);
        return p;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var p = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        System.IO.File.WriteAllBytes(p, bytes);
        return p;
    }

    public string Copy(string source, string name) => WriteBytes(name, System.IO.File.ReadAllBytes(source));

    /// <summary>Copies a folder (one level of files) into the case folder.</summary>
    public string CopyFolder(string source, string name)
    {
        var target = File(name);
        Directory.CreateDirectory(target);
        foreach (var f in Directory.GetFiles(source)) System.IO.File.Copy(f, System.IO.Path.Combine(target, System.IO.Path.GetFileName(f)));
        return target;
    }

    /// <summary>The first <paramref name="fraction"/> of a file's bytes: a file cut short by a full disk or a killed copy.</summary>
    public string Truncated(string source, string name, double fraction) =>
        WriteBytes(name, System.IO.File.ReadAllBytes(source)[..(int)(new FileInfo(source).Length * fraction)]);

    public string Truncated(string source, string name, int bytes) => WriteBytes(name, System.IO.File.ReadAllBytes(source)[..bytes]);

    /// <summary>A corrupted copy of an Arrow file.</summary>
    public string Arrow(string source, string name, Action<ArrowTable> corrupt)
    {
        var t = ArrowTable.Read(source);
        corrupt(t);
        var p = File(name);
        t.Write(p);
        return p;
    }

    public string Golden(string name, Action<ArrowTable> corrupt) => Arrow(MalformedInputs.GoldenTrace, name, corrupt);

    /// <summary>Sets one vector component of a row.</summary>
    public static void SetComponent(ArrowTable t, string column, int row, int component, float value) =>
        ((float[][])t[column].Data)[row][component] = value;

    /// <summary>A CSV-like text from lines joined by '\n' with a final newline.</summary>
    public static string Lines(IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var l in lines) sb.Append(l).Append('\n');
        return sb.ToString();
    }

    /// <summary>The common options of a replay: the golden trace into <see cref="Out"/>.</summary>
    public string[] Simulate(string trace, string cache, params string[] more) =>
        ["simulate", "--trace", trace, "--cache", cache, "--out", Out, .. more];
}
