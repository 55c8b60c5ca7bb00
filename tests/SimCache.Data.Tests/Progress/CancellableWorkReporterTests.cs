using SimCache.Data.Progress;
using Xunit;

namespace SimCache.Data.Tests.Progress;

/// <summary>Every report is a cancellation point: before the token fires reports pass through, after it they throw.</summary>
public class CancellableWorkReporterTests
{
    private sealed class Recorder : IWorkReporter, IWorkTask
    {
        public List<string> Events { get; } = [];

        public IWorkTask Start(string description, long total, string unit)
        {
            Events.Add($"start {description} {total} {unit}");
            return this;
        }

        public void Report(long done) => Events.Add($"report {done}");

        public void Dispose() => Events.Add("done");
    }

    [Fact]
    public void ReportsPassThroughUntilTheTokenFiresThenTheNextReportThrows()
    {
        var inner = new Recorder();
        using var cts = new CancellationTokenSource();
        var reporter = new CancellableWorkReporter(inner, cts.Token);
        using (var task = reporter.Start("fit", 10, "iterations"))
        {
            task.Report(1);
            task.Report(2);
            cts.Cancel();
            Assert.Throws<OperationCanceledException>(() => task.Report(3));
        }
        Assert.Equal(["start fit 10 iterations", "report 1", "report 2", "report 3", "done"], inner.Events);
        Assert.Throws<OperationCanceledException>(() => reporter.Start("next", 0, "rows"));
        Assert.Equal(5, inner.Events.Count); // a task started after the stop never reaches the display
    }
}
