using System.Globalization;
using System.Text;
using SimCache.Data.IO;

namespace SimCache.Experiments.Cluster;

/// <summary>
/// Writes the sbatch scripts of a sharded sweep into OUT/slurm/: <c>stages.sbatch</c> (one job: every stage
/// before the sweep, <c>simcache run … --no-sweep</c>; absent for a sweep on an existing trace),
/// <c>sweep.sbatch</c> (a job array of N tasks, task I running shard I/N), <c>merge.sbatch</c> (one job,
/// <c>simcache results merge OUT --require-complete</c>) and <c>submit.sh</c>, which submits the three in
/// order with <c>--dependency</c>: the array after the stages job succeeded (afterok), the merge after every
/// task ended, whatever the outcome (afterany), so a failed shard is reported by the merge (which names it and
/// exits 1) instead of leaving the merge pending forever. Logs: OUT/slurm/%A_%a.log for the array's tasks,
/// OUT/slurm/stages-%j.log and merge-%j.log. Every task runs with <c>--jobs</c> = its CPUs and
/// DOTNET_PROCESSOR_COUNT = its CPUs, so points in parallel × a cache's own threads never exceed what Slurm gave.
/// </summary>
public static class SlurmScripts
{
    public const string Folder = "slurm";
    public const string StagesFile = "stages.sbatch";
    public const string SweepFile = "sweep.sbatch";
    public const string MergeFile = "merge.sbatch";
    public const string SubmitFile = "submit.sh";

    /// <summary>Writes the scripts (each atomically) and returns the folder.</summary>
    public static string Write(SlurmOptions o)
    {
        var dir = Path.Combine(o.OutDir, Folder);
        Directory.CreateDirectory(dir);
        if (o.Trace is null) Save(Path.Combine(dir, StagesFile), Stages(o));
        else if (File.Exists(Path.Combine(dir, StagesFile))) File.Delete(Path.Combine(dir, StagesFile)); // a previous experiment-mode script would mislead
        Save(Path.Combine(dir, SweepFile), Sweep(o));
        Save(Path.Combine(dir, MergeFile), Merge(o));
        Save(Path.Combine(dir, SubmitFile), Submit(o));
        return dir;
    }

    public static string Stages(SlurmOptions o) => Script(o, "stages", $"--output={Log(o, "stages-%j.log")}", null,
        "Every stage before the sweep (cached by key: a rerun redoes only what changed).",
        [.. o.Simcache, "run", o.ExperimentsFile, "--experiment", o.Experiment, "--out", o.OutDir, "--no-sweep", "--jobs", Cpus(o)]);

    public static string Sweep(SlurmOptions o)
    {
        string[] command = o.Trace is null
            ? [.. o.Simcache, "run", o.ExperimentsFile, "--experiment", o.Experiment, "--out", o.OutDir]
            : [.. o.Simcache, "sweep", o.ExperimentsFile, "--experiment", o.Experiment, "--trace", o.Trace,
                .. o.Decoder is null ? Array.Empty<string>() : ["--decoder", o.Decoder], .. o.Gmm is null ? Array.Empty<string>() : ["--gmm", o.Gmm], "--out", o.OutDir];
        return Script(o, "sweep", $"--output={Log(o, "%A_%a.log")}", $"--array=0-{o.Shards - 1}",
            $"Shard $SLURM_ARRAY_TASK_ID of {o.Shards}: only its point × seed pairs, into {o.OutDir}/shards/I-of-{o.Shards}/results.db. Resumable: rerun one shard with\n#   sbatch --array=I {Path.Combine(o.OutDir, Folder, SweepFile)}",
            [.. command, "--jobs", Cpus(o), "--shard", "${SLURM_ARRAY_TASK_ID}/" + o.Shards.ToString(CultureInfo.InvariantCulture)]);
    }

    public static string Merge(SlurmOptions o) => Script(o, "merge", $"--output={Log(o, "merge-%j.log")}", null,
        "Folds every shard's rows into results.db, rewrites results.csv and index.html; exits 1 naming any shard with missing pairs.",
        [.. o.Simcache, "results", "merge", o.OutDir, "--require-complete"], cpus: 1);

    public static string Submit(SlurmOptions o)
    {
        var dir = Path.Combine(o.OutDir, Folder);
        var sb = new StringBuilder("#!/bin/bash\n# Submits the sharded sweep: ")
            .Append(o.Trace is null ? "the stages job, then " : "").Append("the shard array, then the merge (after every shard ended).\nset -euo pipefail\n");
        sb.Append("cd ").Append(Quote(dir)).Append('\n');
        string after = "";
        if (o.Trace is null)
        {
            sb.Append("stages=$(sbatch --parsable ").Append(StagesFile).Append("); stages=${stages%%;*}\necho \"stages job: $stages\"\n");
            after = "--kill-on-invalid-dep=yes --dependency=afterok:$stages ";
        }
        sb.Append("array=$(sbatch --parsable ").Append(after).Append(SweepFile).Append("); array=${array%%;*}\necho \"sweep array: $array (").Append(o.Shards).Append(" tasks)\"\n");
        sb.Append("merge=$(sbatch --parsable --kill-on-invalid-dep=yes --dependency=afterany:$array ").Append(MergeFile).Append("); merge=${merge%%;*}\necho \"merge job: $merge\"\n");
        return sb.ToString();
    }

    private static string Script(SlurmOptions o, string job, string output, string? array, string about, IReadOnlyList<string> command, int? cpus = null)
    {
        var sb = new StringBuilder("#!/bin/bash\n");
        sb.Append("#SBATCH --job-name=simcache-").Append(job).Append('\n');
        sb.Append("#SBATCH ").Append(output).Append('\n');
        if (array is not null) sb.Append("#SBATCH ").Append(array).Append('\n');
        sb.Append("#SBATCH --cpus-per-task=").Append(cpus ?? o.Cpus).Append('\n');
        if (o.Partition is not null) sb.Append("#SBATCH --partition=").Append(o.Partition).Append('\n');
        if (o.Time is not null) sb.Append("#SBATCH --time=").Append(o.Time).Append('\n');
        if (o.Mem is not null) sb.Append("#SBATCH --mem=").Append(o.Mem).Append('\n');
        foreach (var a in o.SbatchArgs) sb.Append("#SBATCH ").Append(a).Append('\n');
        sb.Append("# ").Append(about).Append('\n');
        sb.Append("set -eu\n");
        // .NET sizes its thread pools and "all cores" by this: the cores Slurm gave, not the node's.
        sb.Append("export DOTNET_PROCESSOR_COUNT=\"${SLURM_CPUS_PER_TASK:-").Append(cpus ?? o.Cpus).Append("}\"\n");
        sb.Append("exec ").Append(string.Join(' ', command.Select(Quote))).Append('\n');
        return sb.ToString();
    }

    private static string Cpus(SlurmOptions o) => "${SLURM_CPUS_PER_TASK:-" + o.Cpus.ToString(CultureInfo.InvariantCulture) + "}";

    private static string Log(SlurmOptions o, string name) => Path.Combine(o.OutDir, Folder, name);

    /// <summary>Shell quoting: plain words as they are, "${…}" expansions in double quotes, anything else in single quotes.</summary>
    public static string Quote(string s)
    {
        if (s.StartsWith("${", StringComparison.Ordinal)) return "\"" + s + "\"";
        return s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:+@%".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
    }

    private static void Save(string path, string text)
    {
        AtomicFile.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
