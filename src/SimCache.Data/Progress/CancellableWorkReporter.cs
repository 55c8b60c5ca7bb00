namespace SimCache.Data.Progress;

/// <summary>
/// A reporter that turns every progress report into a cancellation point: once <paramref name="cancel"/> fires,
/// the next <see cref="IWorkTask.Report"/> or <see cref="Start"/> throws <see cref="OperationCanceledException"/>.
/// Long loops already report their progress every iteration or block (a mixture's EM iterations, the t-SNE and
/// UMAP layouts, a k-NN search's blocks), so wrapping the reporter makes the first Ctrl+C stop them at the next
/// one without threading a token through every algorithm. Work that must stop only at a safe point (a trainer
/// between batches, a sweep between points) reports there, or checks the token itself.
/// </summary>
public sealed class CancellableWorkReporter(IWorkReporter inner, CancellationToken cancel) : IWorkReporter
{
    public IWorkTask Start(string description, long total, string unit)
    {
        cancel.ThrowIfCancellationRequested();
        return new Task(inner.Start(description, total, unit), cancel);
    }

    private sealed class Task(IWorkTask inner, CancellationToken cancel) : IWorkTask
    {
        public void Report(long done)
        {
            inner.Report(done);
            cancel.ThrowIfCancellationRequested();
        }

        public void Dispose() => inner.Dispose();
    }
}
