using SimCache.Data.Progress;

namespace SimCache.Data.Tests.Dataset;

/// <summary>
/// Records the tasks started and cancels a token at a chosen moment: when a task whose description starts with
/// the trigger starts, or (with <c>onReport</c>) at its first progress report, as a user pressing Ctrl+C there.
/// </summary>
public sealed class CancellingReporter(string trigger, bool onReport, CancellationTokenSource cancel) : IWorkReporter
{
    public List<string> Started { get; } = [];

    public IWorkTask Start(string description, long total, string unit)
    {
        Started.Add(description);
        bool armed = description.StartsWith(trigger, StringComparison.Ordinal);
        if (armed && !onReport) cancel.Cancel();
        return new Task(armed && onReport ? cancel : null);
    }

    private sealed class Task(CancellationTokenSource? cancel) : IWorkTask
    {
        public void Report(long done)
        {
            if (done > 0) cancel?.Cancel();
        }

        public void Dispose()
        {
        }
    }
}
