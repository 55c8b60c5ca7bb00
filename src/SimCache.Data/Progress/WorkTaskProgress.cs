namespace SimCache.Data.Progress;

/// <summary>
/// Adapts an <see cref="IWorkTask"/> to <see cref="IProgress{T}"/> for code that reports a running count.
/// Synchronous on purpose: <see cref="System.Progress{T}"/> posts to the thread pool and reports late.
/// </summary>
public sealed class WorkTaskProgress(IWorkTask task) : IProgress<long>
{
    public void Report(long value) => task.Report(value);
}
