namespace SimCache.Data.Progress;

/// <summary>Reports nowhere; the default when nobody is watching (tests, library use).</summary>
public sealed class NullWorkReporter : IWorkReporter, IWorkTask
{
    public static readonly NullWorkReporter Instance = new();

    public IWorkTask Start(string description, long total, string unit) => this;

    public void Report(long done) { }

    public void Dispose() { }
}
