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
/// With <see cref="SweepRequest.Shard"/> it runs only that shard's pairs into the shard's own folder, so the
/// shards of one sweep run on different machines and <c>results merge</c> gives the same rows as one run.
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

        // A shard writes only its own folder (and holds its lock, so the same shard started twice waits for nothing
        // and is refused at once); the pairs are the shard's share, fixed by their keys.
        var shard = request.Shard;
        var resultsDir = shard is null ? request.ResultsDir : shard.Folder(request.ResultsDir);
        if (shard is not null) ResultsStore.CheckCompatible(resultsDir);
        using var shardLock = shard is null ? null : Running.FolderLock.Acquire(resultsDir);
        StaleTemporaries.Clean(resultsDir);
        using var store = ResultsStore.Open(resultsDir);
        int removed = store.RemoveOtherInputs(request.Experiment, request.Inputs.Hash);
        if (removed > 0) log($"sweep: removed {removed} rows of '{request.Experiment}' made on other inputs (the trace or model changed)");
        var done = store.Done(request.Experiment);
        var pending = new List<(SweepPoint Point, long Seed)>();
        var share = new List<ShardPair>();
        foreach (var point in request.Points)
            foreach (var seed in request.Seeds)
            {
                if (shard is not null && !shard.Contains(point.Key, seed)) continue;
                share.Add(new ShardPair(point.Key, seed));
                if (!done.Contains((point.Key, seed))) pending.Add((point, seed));
            }
        int all = request.Points.Count * request.Seeds.Count, runs = share.Count;
        if (shard is not null)
            new ShardManifest { Experiment = request.Experiment, Index = shard.Index, Count = shard.Count, Inputs = request.Inputs.Hash, TotalPairs = all, Pairs = share }.Save(resultsDir);
        log($"sweep: {request.Points.Count} points × {request.Seeds.Count} seeds = {all} runs"
            + (shard is null ? "" : $"; shard {shard} has {runs} of them")
            + $"; {runs - pending.Count} already in {store.Path}, {pending.Count} to run with {runner.Name}, {request.Jobs} at a time");

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
                            result.Metrics, request.Inputs.Hash, request.CodeVersion, clock.Elapsed.TotalSeconds) { Warnings = result.Warnings };
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
        var csv = Path.Combine(resultsDir, ResultsCsv.FileName);
        ResultsCsv.Write(store, csv);
        failure?.Throw();
        cancel.ThrowIfCancellationRequested();
        return new SweepOutcome(runs, runs - pending.Count, finished, removed, store.Path, csv);
    }
}
