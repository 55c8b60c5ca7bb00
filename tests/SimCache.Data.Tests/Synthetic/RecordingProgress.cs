namespace SimCache.Data.Tests.Synthetic;

/// <summary>Synchronous IProgress (Progress&lt;T&gt; posts asynchronously), so a test can assert on every report.</summary>
public sealed class RecordingProgress : IProgress<long>
{
    private readonly List<long> _values = [];

    public IReadOnlyList<long> Values
    {
        get { lock (_values) return _values.ToList(); }
    }

    public void Report(long value)
    {
        lock (_values) _values.Add(value);
    }
}
