using System.Diagnostics;
using System.Runtime.ExceptionServices;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using SimCache.Experiments.Results;
using SimCache.Experiments.Stages;

namespace SimCache.Experiments.Sweep;

/// <summary>
/// Runs a sweep's points × seeds into results.db, resumably and in parallel. Whatever is already in the
/// database for these inputs is skipped, so a sweep stopped in any way (Ctrl-C, kill -9, a crash) and run
/// again does only what is missing; each finished run is committed at once, so at most the runs in flight are
/// lost. <c>--jobs N</c> workers take runs in plan order; each run depends only on (inputs, point, seed), and
/// rows are exported in <see cref="RowOrder"/>, so the results are the same for any N (wall times aside).
/// </summary>
public static class SweepEngine
{
    public static SweepOutcome Run(SweepRequest request, ISweepPointRunner runner, IWorkReporter? reporter = null, Action<string>? log = null, CancellationToken cancel = default)
    {
        reporter ??= NullWorkReporter.Instance;
        log ??= _ => { };
        if (request.Jobs < 1) throw new UsageException("--jobs must be ≥ 1");
        // Every point's values, the inputs and every point against them, before anything is written.
        SweepPreflight.CheckValues(request.Points, runner);
        SweepPreflight.CheckInputs(request.Points, request.Inputs, runner);
        Running.OutputFolder.Check(request.ResultsDir);

        StaleTemporaries.Clean(request.ResultsDir);
        using var store = ResultsStore.Open(request.ResultsDir);
        int removed = store.RemoveOtherInputs(request.Experiment, request.Inputs.Hash);
        if (removed > 0) log($"sweep: removed {removed} rows of '{request.Experiment}' made on other inputs (the trace or model changed)");
        var done = store.Done(request.Experiment);
        var pending = new List<(SweepPoint Point, long Seed)>();
        foreach (var point in request.Points)
            foreach (var seed in request.Seeds)
                if (!done.Contains((point.Key, seed))) pending.Add((point, seed));
        int runs = request.Points.Count * request.Seeds.Count;
        log($"sweep: {request.Points.Count} points × {request.Seeds.Count} seeds = {runs} runs; {runs - pending.Count} already in {store.Path}, {pending.Count} to run with {runner.Name}, {request.Jobs} at a time");

        // Several points at once get one thread each (unless their spec asks for more): points × threads per
        // point must not exceed the cores.
        int jobs = Math.Min(request.Jobs, Math.Max(1, pending.Count));
        var inputs = jobs > 1 ? request.Inputs with { Threads = 1 } : request.Inputs;
        int next = -1, finished = 0;
        ExceptionDispatchInfo? failure = null;
        var gate = new object();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using (var task = reporter.Start("Sweep", pending.Count, "runs"))
        {
            void Work()
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        int i = Interlocked.Increment(ref next);
                        if (i >= pending.Count) return;
                        var (point, seed) = pending[i];
                        var clock = Stopwatch.StartNew();
                        PointResult result;
                        try
                        {
                            result = runner.Run(inputs, point, seed, stop.Token);
                        }
                        catch (UsageException e)
                        {
                            throw new UsageException($"{point.Cache} (seed {seed}): {e.Message}");
                        }
                        foreach (var warning in result.Warnings) log($"warning: {point.Key} (seed {seed}): {warning}");
                        var row = new ResultRow(request.Experiment, point.Key, seed, point.Policy, point.Cache, result.Parameters ?? point.Parameters, point.Simulator,
                            result.Metrics, request.Inputs.Hash, request.CodeVersion, clock.Elapsed.TotalSeconds);
                        store.Add(row, result.Series);
                        lock (gate) task.Report(++finished);
                    }
                }
                catch (Exception e)
                {
                    lock (gate) failure ??= ExceptionDispatchInfo.Capture(e);
                    stop.Cancel();
                }
            }

            var workers = new Task[jobs];
            for (int w = 0; w < workers.Length; w++)
                workers[w] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Task.WaitAll(workers);
        }

        // The export always reflects the database, also after a failure, so nothing finished is hidden.
        var csv = Path.Combine(request.ResultsDir, ResultsCsv.FileName);
        ResultsCsv.Write(store, csv);
        failure?.Throw();
        cancel.ThrowIfCancellationRequested();
        return new SweepOutcome(runs, runs - pending.Count, finished, removed, store.Path, csv);
    }
}
