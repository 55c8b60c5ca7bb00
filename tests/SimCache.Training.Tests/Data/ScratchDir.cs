namespace SimCache.Training.Tests.Data;

/// <summary>A scratch folder deleted when the test (or fixture) ends.</summary>
public sealed class ScratchDir : IDisposable
{
    public ScratchDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simcache-training-test-" + Guid.NewGuid().ToString("N")[..12]);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
