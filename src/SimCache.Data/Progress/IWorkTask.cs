namespace SimCache.Data.Progress;

/// <summary>One running task of an <see cref="IWorkReporter"/>; disposing it marks it complete.</summary>
public interface IWorkTask : IDisposable
{
    /// <summary>Sets the number of units done so far.</summary>
    void Report(long done);
}
