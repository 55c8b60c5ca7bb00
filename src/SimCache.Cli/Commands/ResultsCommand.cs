using System.CommandLine;
using System.Globalization;
using SimCache.Cli.Console;
using SimCache.Data.IO;
using SimCache.Experiments.Cluster;
using SimCache.Experiments.Reporting;
using SimCache.Experiments.Results;

namespace SimCache.Cli.Commands;

/// <summary>
/// <c>simcache results merge OUT</c>: folds the shards of a sharded sweep (OUT/shards/I-of-N/results.db) into
/// OUT/results.db, then rewrites results.csv and the report, and shows per shard what is done and what is missing.
/// Idempotent; refuses rows made on other inputs or by another code version unless told (<see cref="ResultsMerge"/>).
/// </summary>
public static class ResultsCommand
{
    public static Command Build(CliContext context)
    {
        var output = new Argument<string>("out") { Description = "The output folder the shards wrote into (the sweep's --out)." };
        var otherInputs = new Option<bool>("--allow-other-inputs") { Description = "Replace rows of results.db made on other inputs (another trace or model) by the shards' rows, as a rerun of the sweep would." };
        var otherCode = new Option<bool>("--allow-other-code") { Description = "Merge rows made by different code versions side by side." };
        var complete = new Option<bool>("--require-complete") { Description = "Exit 1 (after merging what there is) when any shard still lacks pairs: how the Slurm merge job reports failed shards." };
        var merge = new Command("merge", "Fold every shard's rows (OUT/shards/I-of-N/results.db) into OUT/results.db; rewrite results.csv and the report.") { output, otherInputs, otherCode, complete };
        merge.SetAction(parse => CliApp.Guard(context, () =>
        {
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var outcome = ResultsMerge.Merge(outDir, parse.GetValue(otherInputs), parse.GetValue(otherCode), context.Error.WriteLine);
            double mergeSeconds = clock.Elapsed.TotalSeconds;
            foreach (var (shard, rows, added) in outcome.Shards)
                context.Output.WriteLine($"shard {shard}: {rows} rows, {added} new");
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Merged: {outcome.Added} new rows; {outcome.TotalRows} rows in {outcome.Database} ({mergeSeconds:F2} s), exported to {outcome.Csv}"));
            context.Output.WriteLine($"Report: {ReportBuilder.Write(outDir)}");
            var missing = WriteStatus(context, outDir);
            if (missing.Count > 0 && parse.GetValue(complete))
            {
                context.Error.WriteLine($"error: shards {string.Join(", ", missing)} still lack pairs: resubmit them ({Resubmit(outDir, missing)}), then merge again");
                return CliApp.Failure;
            }
            return CliApp.Success;
        }));
        return new Command("results", "Work with results databases.") { merge };
    }

    /// <summary>Writes done/missing pairs per shard and the timings by policy; returns the shards (I/N) with missing pairs.</summary>
    public static IReadOnlyList<string> WriteStatus(CliContext context, string outDir)
    {
        var states = ShardStatus.Read(outDir, Path.Combine(outDir, SlurmScripts.Folder));
        var missing = new List<string>();
        foreach (var s in states)
        {
            string what = s.Pairs is null
                ? $"{s.InShard} pairs done (its share is unknown: no shard.json or slurm/plan.json)"
                : (s.Started ? "" : "not started; ") + $"{s.Done} of {s.Pairs} pairs done" + (s.Missing > 0 ? $", {s.Missing} missing" : "");
            context.Output.WriteLine($"shard {s.Shard} ({s.Experiment}): {what}");
            if (s.Missing > 0) missing.Add(s.Shard.ToString());
        }
        var timings = ShardStatus.Timings(outDir);
        if (timings.Count > 0)
        {
            context.Output.WriteLine("Timings (to size shards: pairs × median seconds ÷ shards ≈ seconds per shard at --cpus 1):");
            foreach (var t in timings)
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Experiment}  {t.Policy,-20} {t.Pairs,6} pairs  median {t.MedianSeconds:G4} s per pair"));
        }
        return missing;
    }

    /// <summary>The command that reruns the given shards: the array script when there is one.</summary>
    public static string Resubmit(string outDir, IReadOnlyList<string> shards)
    {
        var script = Path.Combine(outDir, SlurmScripts.Folder, SlurmScripts.SweepFile);
        var indices = string.Join(",", shards.Select(s => s.Split('/')[0]));
        return File.Exists(script) ? $"sbatch --array={indices} {script}" : $"simcache sweep|run … --out {outDir} --shard I/N for each";
    }
}
