using SimCache.Data.IO;
using SimCache.Experiments.Cluster;
using Xunit;

namespace SimCache.Experiments.Tests.Cluster;

public class SlurmScriptsTests
{
    private static SlurmOptions Options(string outDir, string? trace = null) => new()
    {
        ExperimentsFile = "/shared/exp.json", Experiment = "demo", OutDir = outDir, Shards = 4, Simcache = ["/usr/bin/dotnet", "/shared/bin/simcache.dll"],
        Partition = "short", Time = "1-02:00:00", Cpus = 3, Mem = "8G", SbatchArgs = SlurmOptions.SplitSbatchArgs("--account=lab --qos normal"), Trace = trace,
    };

    [Fact]
    public void TheArrayRunsShardIOfNWithTheTaskCpusAndLogsPerTask()
    {
        var s = SlurmScripts.Sweep(Options("/shared/out"));
        Assert.Contains("#SBATCH --array=0-3\n", s);
        Assert.Contains("#SBATCH --output=/shared/out/slurm/%A_%a.log\n", s);
        Assert.Contains("#SBATCH --cpus-per-task=3\n#SBATCH --partition=short\n#SBATCH --time=1-02:00:00\n#SBATCH --mem=8G\n#SBATCH --account=lab\n#SBATCH --qos normal\n", s);
        Assert.Contains("export DOTNET_PROCESSOR_COUNT=\"${SLURM_CPUS_PER_TASK:-3}\"\n", s);
        Assert.EndsWith("exec /usr/bin/dotnet /shared/bin/simcache.dll run /shared/exp.json --experiment demo --out /shared/out --jobs \"${SLURM_CPUS_PER_TASK:-3}\" --shard \"${SLURM_ARRAY_TASK_ID}/4\"\n", s);
    }

    [Fact]
    public void ASweepOnAGivenTraceHasNoStagesJobAndRunsSweep()
    {
        using var dir = new TempDir();
        var o = Options(dir.File("out"), trace: "/shared/t.arrow") with { Decoder = "/shared/d.arrow" };
        var slurm = SlurmScripts.Write(o);
        Assert.False(File.Exists(Path.Combine(slurm, SlurmScripts.StagesFile)));
        Assert.Contains(" sweep /shared/exp.json --experiment demo --trace /shared/t.arrow --decoder /shared/d.arrow --out " + o.OutDir + " --jobs ", File.ReadAllText(Path.Combine(slurm, SlurmScripts.SweepFile)));
        var submit = File.ReadAllText(Path.Combine(slurm, SlurmScripts.SubmitFile));
        Assert.DoesNotContain("stages", submit.Split('\n').Skip(2).FirstOrDefault() ?? "");
        Assert.Contains("array=$(sbatch --parsable sweep.sbatch)", submit);
        Assert.Contains("--dependency=afterany:$array merge.sbatch", submit);
    }

    [Fact]
    public void AWholeExperimentRunsItsStagesFirstAndTheArrayOnlyAfterThemSucceeded()
    {
        using var dir = new TempDir();
        var slurm = SlurmScripts.Write(Options(dir.File("out")));
        Assert.EndsWith($"run /shared/exp.json --experiment demo --out {dir.File("out")} --no-sweep --jobs \"${{SLURM_CPUS_PER_TASK:-3}}\"\n", File.ReadAllText(Path.Combine(slurm, SlurmScripts.StagesFile)));
        var submit = File.ReadAllText(Path.Combine(slurm, SlurmScripts.SubmitFile));
        Assert.True(submit.IndexOf("sbatch --parsable stages.sbatch", StringComparison.Ordinal) < submit.IndexOf("--dependency=afterok:$stages sweep.sbatch", StringComparison.Ordinal));
        Assert.EndsWith($"results merge {dir.File("out")} --require-complete\n", File.ReadAllText(Path.Combine(slurm, SlurmScripts.MergeFile)));
        Assert.Contains("#SBATCH --cpus-per-task=1\n", File.ReadAllText(Path.Combine(slurm, SlurmScripts.MergeFile)));
    }

    [Theory]
    [InlineData("shards", "--shards must be ≥ 1")]
    [InlineData("toomany", "--shards 31 is more than")]
    [InlineData("cpus", "--cpus must be ≥ 1")]
    [InlineData("time", "--time: '2h'")]
    [InlineData("mem", "--mem: '4GB'")]
    [InlineData("partition", "--partition: 'a;b'")]
    [InlineData("reserved", "--sbatch-args: --array is set by the scripts")]
    [InlineData("shell", "--sbatch-args: '--comment=$(id)'")]
    [InlineData("out", "--out: '/tmp/my out'")]
    public void RefusesABadValueNamingItsOption(string what, string message)
    {
        var o = Options("/shared/out");
        o = what switch
        {
            "shards" => o with { Shards = 0 },
            "toomany" => o with { Shards = 31 },
            "cpus" => o with { Cpus = 0 },
            "time" => o with { Time = "2h" },
            "mem" => o with { Mem = "4GB" },
            "partition" => o with { Partition = "a;b" },
            "reserved" => o with { SbatchArgs = ["--array=0-3"] },
            "shell" => o with { SbatchArgs = ["--comment=$(id)"] },
            _ => o with { OutDir = "/tmp/my out" },
        };
        var e = Assert.Throws<UsageException>(() => o.Validate(30));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void GroupsSbatchArgsIntoDirectives()
    {
        Assert.Equal(["--account=lab", "--qos normal", "-N 1"], SlurmOptions.SplitSbatchArgs("  --account=lab --qos normal  -N 1 "));
        Assert.Throws<UsageException>(() => SlurmOptions.SplitSbatchArgs("account=lab"));
    }
}
