using System.Diagnostics;
using System.Globalization;
using SimCache.Data.Progress;

namespace SimCache.Cli.Console;

/// <summary>
/// Progress for logs and pipes (CI, redirected stderr): one line when a task ends, and a line every few
/// seconds while a long task runs, each with how far along it is and its rate. No escape codes.
/// </summary>
public sealed class PlainWorkReporter(TextWriter writer, TimeSpan interval) : IWorkReporter
{
    public IWorkTask Start(string description, long total, string unit) => new Task(writer, interval, description, total, unit);

    private sealed class Task(TextWriter writer, TimeSpan interval, string description, long total, string unit) : IWorkTask
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last;
        private long _done;

        public void Report(long done)
        {
            _done = done;
            if (_clock.Elapsed - _last < interval) return;
            _last = _clock.Elapsed;
            writer.WriteLine($"{description}: {Amount.Format(done, unit)}{Of()} ({Amount.Rate(done, _clock.Elapsed, unit)})");
        }

        private string Of() => total > 0 ? string.Create(CultureInfo.InvariantCulture, $" of {Amount.Format(total, unit)}, {100.0 * _done / total:F0}%") : "";

        public void Dispose() =>
            writer.WriteLine($"{description}: done, {Amount.Format(_done, unit)} in {_clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s ({Amount.Rate(_done, _clock.Elapsed, unit)})");
    }
}
