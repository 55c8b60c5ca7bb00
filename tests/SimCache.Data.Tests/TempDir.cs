namespace SimCache.Data.Tests;

/// <summary>A scratch folder deleted when the test ends.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simcache-test-" + Guid.NewGuid().ToString("N")[..12]);

    public string File(string name, string? content = null)
    {
        var p = System.IO.Path.Combine(Path, name);
        if (content is not null) System.IO.File.WriteAllText(p, content);
        return p;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
