using System.CommandLine;
using SimCache.Cli.Console;
using SimCache.Data.IO;
using SimCache.Experiments.Cluster;
using SimCache.Experiments.Config;
using SimCache.Experiments.Running;
using SimCache.Experiments.Sweep;

namespace SimCache.Cli.Commands;

/// <summary>
/// <c>simcache slurm FILE --out OUT --shards N</c>: a sweep as Slurm jobs — the stages before the sweep as one
/// job, the sweep as a job array of N shards, a merge job after them — written to OUT/slurm/ (<c>--print</c>,
/// the default) or also submitted (<c>--submit</c>). Every input and option is checked before a file is written.
/// <c>simcache slurm status OUT</c> shows done and missing pairs per shard and the timings to size shards by.
/// </summary>
public static class SlurmCommand
{
    public static Command Build(CliContext context) => Build(context, ExperimentServices.Available);

    public static Command Build(CliContext context, ExperimentServices services)
    {
        var file = new Argument<string>("experiments") { Description = "The experiments file (as for run and sweep).", DefaultValueFactory = _ => "experiments.json" };
        var name = new Option<string?>("--experiment") { Description = "Which experiment of the file (default: the first)." };
        var output = new Option<string>("--out") { Description = "Output folder on a file system every node sees: results, shards, OUT/slurm/ (scripts, logs).", Required = true };
        var shards = new Option<int>("--shards") { Description = "Number of shards: the job array's size.", Required = true };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition for every job." };
        var time = new Option<string?>("--time") { Description = "Time limit of each job (Slurm format: minutes, HH:MM:SS, D-HH:MM)." };
        var cpus = new Option<int>("--cpus") { Description = "CPUs per job; a shard runs that many points at once (--jobs).", DefaultValueFactory = _ => 1 };
        var mem = new Option<string?>("--mem") { Description = "Memory per job (Slurm format: 4G, 8000)." };
        var sbatchArgs = new Option<string?>("--sbatch-args") { Description = "More sbatch options for every job, e.g. \"--account=lab --qos=normal\"." };
        var simcache = new Option<string?>("--simcache") { Description = "The simcache the jobs run: a binary, or simcache.dll (run with dotnet); on the shared file system. Default: this one." };
        var trace = new Option<string?>("--trace") { Description = "Sweep this existing trace (as simcache sweep): no stages job." };
        var decoder = new Option<string?>("--decoder") { Description = "With --trace: the decoder (decoder.arrow)." };
        var gmm = new Option<string?>("--gmm") { Description = "With --trace: the Gaussian mixture (gmm.json)." };
        var submit = new Option<bool>("--submit") { Description = "Submit the jobs with sbatch and print their ids." };
        var print = new Option<bool>("--print") { Description = "Only write the scripts (the default), to submit with OUT/slurm/submit.sh." };
        var cmd = new Command("slurm", "Write (and with --submit, submit) Slurm jobs for a sharded sweep: the stages, a job array of N shards, a merge.")
        {
            file, name, output, shards, partition, time, cpus, mem, sbatchArgs, simcache, trace, decoder, gmm, submit, print,
        };
        cmd.SetAction(parse => CliApp.Guard(context, () =>
        {
            if (parse.GetValue(submit) && parse.GetValue(print)) throw new UsageException("--submit and --print exclude each other: --print only writes the scripts");
            if (parse.GetValue(trace) is null && (parse.GetValue(decoder) is not null || parse.GetValue(gmm) is not null))
                throw new UsageException("--decoder and --gmm go with --trace (a sweep on an existing trace); without --trace the experiment's own stages make them");
            var command = Simcache(parse.GetValue(simcache));
            var experiments = ExperimentFile.Load(parse.GetValue(file)!);
            var experiment = experiments.Select(parse.GetValue(name));
            var sweep = experiment.Sweep ?? throw new DataFormatException(experiments.FilePath,
                $"experiments[{experiments.Experiments.ToList().IndexOf(experiment)}]: experiment '{experiment.Name}' has no sweep section, so there is nothing to shard; add its \"sweep\" with the caches to compare");
            var points = SweepPlan.Expand(sweep);
            ExperimentRunner.CheckPoints(points, services.Simulator);
            string? tracePath = null, decoderPath = null, gmmPath = null;
            if (parse.GetValue(trace) is { } t)
            {
                tracePath = Existing(t, "--trace");
                decoderPath = parse.GetValue(decoder) is { } d ? Existing(d, "--decoder") : null;
                gmmPath = parse.GetValue(gmm) is { } g ? Existing(g, "--gmm") : null;
                if (decoderPath is not null) SimCache.Simulation.Running.TraceDecoderPairing.Check(tracePath, decoderPath, w => context.Error.WriteLine("warning: " + w));
                SweepPreflight.CheckInputs(points, SweepInputs.FromFiles(tracePath, decoderPath, gmmPath), services.Simulator);
            }
            else
            {
                if (experiment.Trace is null)
                    throw new DataFormatException(experiments.FilePath, $"experiments[{experiments.Experiments.ToList().IndexOf(experiment)}]: experiment '{experiment.Name}' has no trace section, so its stages make no trace to sweep: add one, or give --trace FILE");
                ExperimentRunner.CheckStages(experiment, points, services.Simulator);
            }
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var options = new SlurmOptions
            {
                ExperimentsFile = Path.GetFullPath(experiments.FilePath), Experiment = experiment.Name, OutDir = outDir, Shards = parse.GetValue(shards), Simcache = command,
                Partition = parse.GetValue(partition), Time = parse.GetValue(time), Cpus = parse.GetValue(cpus), Mem = parse.GetValue(mem),
                SbatchArgs = SlurmOptions.SplitSbatchArgs(parse.GetValue(sbatchArgs)), Trace = tracePath, Decoder = decoderPath, Gmm = gmmPath,
            };
            var pairs = points.SelectMany(p => sweep.Seeds.Select(s => new ShardPair(p.Key, s))).ToList();
            options.Validate(pairs.Count);
            OutputFolder.Check(outDir);
            if (parse.GetValue(submit) && !SlurmSubmitter.Available())
                throw new IOException("sbatch is not on PATH: this machine cannot submit Slurm jobs; use --print here and submit OUT/slurm/submit.sh on a login node");

            // Checked; now written.
            var slurmDir = Path.Combine(outDir, SlurmScripts.Folder);
            new ShardPlan { Experiment = experiment.Name, Shards = options.Shards, Pairs = pairs }.Save(slurmDir);
            SlurmScripts.Write(options);
            var sizes = new int[options.Shards];
            foreach (var p in pairs) sizes[SweepShard.Of(p.Point, p.Seed, options.Shards)]++;
            context.Output.WriteLine($"{pairs.Count} point × seed pairs in {options.Shards} shards (pairs per shard: {string.Join(", ", sizes)}); scripts in {slurmDir}:");
            foreach (var f in new[] { SlurmScripts.StagesFile, SlurmScripts.SweepFile, SlurmScripts.MergeFile, SlurmScripts.SubmitFile })
                if (File.Exists(Path.Combine(slurmDir, f))) context.Output.WriteLine("  " + Path.Combine(slurmDir, f));
            if (sizes.Contains(0)) context.Error.WriteLine("warning: some shards have no pairs (the assignment hashes each pair's key); they finish at once");
            if (!parse.GetValue(submit))
            {
                context.Output.WriteLine($"Submit with: bash {Path.Combine(slurmDir, SlurmScripts.SubmitFile)}");
                return CliApp.Success;
            }
            foreach (var line in SlurmSubmitter.Submit(slurmDir)) context.Output.WriteLine(line);
            context.Output.WriteLine($"Progress: simcache slurm status {outDir}; logs in {slurmDir}");
            return CliApp.Success;
        }));

        var statusOut = new Argument<string>("out") { Description = "The output folder of the sharded sweep." };
        var status = new Command("status", "Done and missing pairs per shard, and the median seconds per pair by policy (to size shards).") { statusOut };
        status.SetAction(parse => CliApp.Guard(context, () =>
        {
            var outDir = Path.GetFullPath(parse.GetValue(statusOut)!);
            if (!Directory.Exists(outDir)) throw new UsageException($"out: {outDir}: no such folder");
            var missing = ResultsCommand.WriteStatus(context, outDir);
            if (missing.Count > 0) context.Output.WriteLine($"Rerun the shards with missing pairs: {ResultsCommand.Resubmit(outDir, missing)}");
            return CliApp.Success;
        }));
        cmd.Subcommands.Add(status);
        return cmd;
    }

    /// <summary>
    /// Gives <c>slurm status</c> its own help text (see <see cref="SlurmStatusHelp"/>); every other command keeps the
    /// default help, to which the root's help option still hands over.
    /// </summary>
    public static void InstallStatusHelp(RootCommand root)
    {
        var status = root.Subcommands.Single(c => c.Name == "slurm").Subcommands.Single(c => c.Name == "status");
        var help = root.Options.OfType<System.CommandLine.Help.HelpOption>().Single();
        help.Action = new SlurmStatusHelp(status, help.Action as System.CommandLine.Invocation.SynchronousCommandLineAction);
    }

    /// <summary>The command the jobs run: <c>--simcache PATH</c> (a .dll runs under dotnet), else this process's own binary or dll.</summary>
    public static IReadOnlyList<string> Simcache(string? given)
    {
        var process = Environment.ProcessPath;
        string dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        if (given is not null)
        {
            var full = Existing(given, "--simcache");
            return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? [dotnet, full] : [full];
        }
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "simcache") return [process];
        return [dotnet, Path.Combine(AppContext.BaseDirectory, "simcache.dll")];
    }

    private static string Existing(string path, string option) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new UsageException($"{option}: {path}: no such file");
}
