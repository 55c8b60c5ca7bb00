using System.Collections.Concurrent;
using SimCache.Data.Progress;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SimCache.Cli.Console;

/// <summary>Live progress bars on a terminal: what is being done, how far along, and the rate in the task's own unit.</summary>
public sealed class SpectreWorkReporter(ProgressContext context, ConcurrentDictionary<int, string> units) : IWorkReporter
{
    public IWorkTask Start(string description, long total, string unit)
    {
        var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: Math.Max(total, 1));
        units[task.Id] = unit;
        if (total <= 0) task.IsIndeterminate = true;
        return new Task(task);
    }

    /// <summary>Runs <paramref name="work"/> inside a progress display on <paramref name="console"/>.</summary>
    public static T Run<T>(IAnsiConsole console, Func<IWorkReporter, T> work)
    {
        var units = new ConcurrentDictionary<int, string>();
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new CountColumn(units), new RateColumn(units), new ElapsedTimeColumn())
            .Start(ctx => work(new SpectreWorkReporter(ctx, units)));
    }

    private sealed class Task(ProgressTask task) : IWorkTask
    {
        public void Report(long done) => task.Value = Math.Min(done, task.MaxValue);

        public void Dispose()
        {
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    private sealed class CountColumn(ConcurrentDictionary<int, string> units) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var unit = units.GetValueOrDefault(task.Id, "");
            return new Text(Amount.Format(task.Value, unit)); // the percentage column already says how far along
        }
    }

    private sealed class RateColumn(ConcurrentDictionary<int, string> units) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var speed = task.Speed;
            return new Text(speed is null ? "" : Amount.Format(speed.Value, units.GetValueOrDefault(task.Id, "")) + "/s", new Style(Color.Grey));
        }
    }
}
