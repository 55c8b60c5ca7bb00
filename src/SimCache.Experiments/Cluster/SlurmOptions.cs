using System.Text.RegularExpressions;
using SimCache.Data.IO;

namespace SimCache.Experiments.Cluster;

/// <summary>
/// A sharded sweep as Slurm jobs: which experiment, where (absolute paths, on a file system every node sees),
/// how many shards, and the resources each job asks for. <see cref="Validate"/> checks every value before a
/// script is written, naming the option at fault.
/// </summary>
public sealed partial record SlurmOptions
{
    /// <summary>The experiments file (absolute).</summary>
    public required string ExperimentsFile { get; init; }
    public required string Experiment { get; init; }
    /// <summary>The output folder (absolute): results, shards, OUT/slurm/ scripts and logs.</summary>
    public required string OutDir { get; init; }
    public required int Shards { get; init; }
    /// <summary>The command the jobs run: a binary, or <c>dotnet PATH/simcache.dll</c>.</summary>
    public required IReadOnlyList<string> Simcache { get; init; }
    public string? Partition { get; init; }
    public string? Time { get; init; }
    public int Cpus { get; init; } = 1;
    public string? Mem { get; init; }
    /// <summary>Extra sbatch options, one directive each (<c>--account=lab</c>, <c>--qos normal</c>).</summary>
    public IReadOnlyList<string> SbatchArgs { get; init; } = [];
    /// <summary>A sweep on an existing trace (no stages job) when set; else the experiment's stages run first.</summary>
    public string? Trace { get; init; }
    public string? Decoder { get; init; }
    public string? Gmm { get; init; }

    /// <summary>sbatch options the scripts set themselves, which <c>--sbatch-args</c> may not.</summary>
    private static readonly string[] Reserved = ["--array", "-a", "--dependency", "-d", "--output", "-o", "--error", "-e", "--parsable", "--wrap", "--job-name", "-J", "--cpus-per-task", "-c"];

    [GeneratedRegex(@"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2}|UNLIMITED|INFINITE|unlimited|infinite)$")]
    private static partial Regex TimeFormat();

    [GeneratedRegex(@"^[1-9]\d*[KMGT]?$")]
    private static partial Regex MemFormat();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex PartitionFormat();

    [GeneratedRegex(@"^-{1,2}[A-Za-z][A-Za-z0-9\-]*(=[^\s'""\\`$;|&<>]*)?$")]
    private static partial Regex SbatchOption();

    [GeneratedRegex(@"^[^\s'""\\`$;|&<>]+$")]
    private static partial Regex SbatchValue();

    /// <summary>Refuses the first bad value (exit 2, naming the option).</summary>
    public void Validate(int pairs)
    {
        if (Shards < 1) throw new UsageException($"--shards must be ≥ 1 (got {Shards})");
        if (Shards > pairs) throw new UsageException($"--shards {Shards} is more than the sweep's {pairs} point × seed pairs: some shards would have nothing to do; give at most {pairs}");
        if (Cpus < 1) throw new UsageException($"--cpus must be ≥ 1 (got {Cpus})");
        if (Partition is not null && !PartitionFormat().IsMatch(Partition)) throw new UsageException($"--partition: '{Partition}' is not a Slurm partition name (letters, digits, '_', '.', '-'; several separated by ',')");
        if (Time is not null && !TimeFormat().IsMatch(Time)) throw new UsageException($"--time: '{Time}' is not a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)");
        if (Mem is not null && !MemFormat().IsMatch(Mem)) throw new UsageException($"--mem: '{Mem}' is not a Slurm memory size (a whole number > 0 of megabytes, or with a K, M, G or T suffix: 4G)");
        foreach (var arg in SbatchArgs)
        {
            var words = arg.Split(' ');
            if (!SbatchOption().IsMatch(words[0]) || words.Skip(1).Any(w => !SbatchValue().IsMatch(w)))
                throw new UsageException($"--sbatch-args: '{arg}' is not an sbatch option (each must start with '-'; no quotes, '$', '`', '\\', ';', '|', '&', '<', '>')");
            var name = words[0].Split('=')[0];
            if (Reserved.Contains(name)) throw new UsageException($"--sbatch-args: {name} is set by the scripts themselves; use the matching simcache slurm option (--cpus) or leave it out");
        }
        if (OutDir.Any(c => char.IsWhiteSpace(c) || c is '%' or '\'' or '"' or '\\' or '$' or '`'))
            throw new UsageException($"--out: '{OutDir}': a path with spaces, quotes, '%', '$' or '\\' cannot be written into sbatch directives (#SBATCH --output); choose another folder");
    }

    /// <summary>Groups <c>--sbatch-args</c> text into directives: an option word and the words after it that do not start with '-'.</summary>
    public static IReadOnlyList<string> SplitSbatchArgs(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        if (text.Contains('\n') || text.Contains('\r')) throw new UsageException("--sbatch-args: must be one line");
        var words = text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var list = new List<string>();
        foreach (var w in words)
        {
            if (w.StartsWith('-')) list.Add(w);
            else if (list.Count == 0) throw new UsageException($"--sbatch-args: '{w}' is not an option (sbatch options start with '-': \"--account=lab --qos=normal\")");
            else list[^1] += " " + w;
        }
        return list;
    }
}
