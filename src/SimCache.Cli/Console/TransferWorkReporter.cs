using System.Diagnostics;
using System.Globalization;
using SimCache.Data.Progress;
using Spectre.Console;

namespace SimCache.Cli.Console;

/// <summary>
/// Progress for transfers (downloads, unpacking, hashing), where the question is "how long until it is
/// here": bytes done of the total, the rate, and the time left. On a terminal a Spectre.Console bar with
/// those columns; otherwise a plain line every few seconds and one when a task ends. The rate and time
/// left count only this run's bytes, so a resumed download does not look faster than the line is.
/// </summary>
public sealed class TransferWorkReporter(TextWriter writer, TimeSpan interval) : IWorkReporter
{
    public IWorkTask Start(string description, long total, string unit) => new Task(writer, interval, description, total);

    /// <summary>Runs <paramref name="work"/> with transfer progress suited to <paramref name="context"/>'s console.</summary>
    public static T Run<T>(CliContext context, Func<IWorkReporter, T> work)
    {
        if (!context.Interactive) return work(new TransferWorkReporter(context.Error, TimeSpan.FromSeconds(5)));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(ctx => work(new SpectreTransfer(ctx)));
    }

    /// <summary>"12 s", "3 min 20 s", "1 h 05 min".</summary>
    public static string Duration(TimeSpan t)
    {
        if (t.TotalSeconds < 60) return ((int)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + " s";
        if (t.TotalMinutes < 60) return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min {t.Seconds:00} s");
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes:00} min");
    }

    private sealed class Task(TextWriter writer, TimeSpan interval, string description, long total) : IWorkTask
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _last;
        private long? _first;
        private long _done;

        public void Report(long done)
        {
            _first ??= done;
            _done = done;
            if (_clock.Elapsed - _last < interval) return;
            _last = _clock.Elapsed;
            var moved = done - _first.Value;
            var line = $"{description}: {Amount.Format(done, "B")}";
            if (total > 0) line += string.Create(CultureInfo.InvariantCulture, $" of {Amount.Format(total, "B")}, {100.0 * done / total:F0}%");
            line += $" ({Amount.Rate(moved, _clock.Elapsed, "B")}";
            if (total > 0 && moved > 0) line += ", " + Duration(TimeSpan.FromSeconds((total - done) * _clock.Elapsed.TotalSeconds / moved)) + " left";
            writer.WriteLine(line + ")");
        }

        public void Dispose() =>
            writer.WriteLine($"{description}: {Amount.Format(_done, "B")} in {_clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s ({Amount.Rate(_done - (_first ?? 0), _clock.Elapsed, "B")})");
    }

    private sealed class SpectreTransfer(ProgressContext context) : IWorkReporter
    {
        public IWorkTask Start(string description, long total, string unit)
        {
            var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: Math.Max(total, 1));
            if (total <= 0) task.IsIndeterminate = true;
            return new Bar(task);
        }
    }

    private sealed class Bar(ProgressTask task) : IWorkTask
    {
        public void Report(long done) => task.Value = Math.Min(done, task.MaxValue);

        public void Dispose()
        {
            task.IsIndeterminate = false;
            task.StopTask();
        }
    }
}
