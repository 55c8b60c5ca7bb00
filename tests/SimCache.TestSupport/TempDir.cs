using System.Security.Cryptography;

namespace SimCache.TestSupport;

/// <summary>A scratch folder per test, deleted when the test ends, so tests run in parallel and leave nothing behind.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simcache-test-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>A path in the folder; with <paramref name="content"/>, the file is written first.</summary>
    public string File(string name, string? content = null)
    {
        var p = System.IO.Path.Combine(Path, name);
        if (content is not null) System.IO.File.WriteAllText(p, content);
        return p;
    }

    /// <summary>Every file under a folder with its sha256, to show that nothing changed (or that two runs agree).</summary>
    public static IReadOnlyDictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => System.IO.Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(f))));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
