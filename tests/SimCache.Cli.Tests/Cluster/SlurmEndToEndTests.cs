using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SimCache.Experiments.Results;
using Xunit;
using Xunit.Abstractions;

namespace SimCache.Cli.Tests.Cluster;

/// <summary>
/// A real Slurm cluster runs a sharded sweep: <c>simcache slurm --submit</c> with 3 shards on the golden trace, the
/// job array and the merge job run through sbatch, and the merged rows equal an unsharded sweep's (timings aside).
/// Skipped, with the reason, where Slurm is not available (<see cref="SlurmFactAttribute"/>).
/// </summary>
public sealed partial class SlurmEndToEndTests(ITestOutputHelper log)
{
    private const string Experiments = """
        { "experiments": [ { "name": "golden", "data": { "synthetic": {} }, "sweep": {
            "caches": [ { "policy": "sim-lru", "capacity": [20, 80], "threshold": [0.5, 1.5] },
                        { "policy": "lru", "capacity": [20, 80] } ],
            "seeds": [1, 2] } } ] }
        """;

    /// <summary>Metrics that measure the machine, not the cache: they differ between any two runs.</summary>
    private static readonly string[] Timing = ["wall_seconds", "sim_seconds", "requests_per_second"];

    [GeneratedRegex(@"^merge job: (\d+)$", RegexOptions.Multiline)]
    private static partial Regex MergeJob();

    [GeneratedRegex(@"JobState=(\w+)")]
    private static partial Regex JobState();

    /// <summary>The simcache the jobs run: the CLI project's own build (next to its runtimeconfig), else this test's copy.</summary>
    private static string SimcacheDll()
    {
        foreach (var config in new[] { "Release", "Debug" })
        {
            var dll = Path.Combine(RepoFiles.Root, "src", "SimCache.Cli", "bin", config, "net10.0", "simcache.dll");
            if (File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"))) return dll;
        }
        return Path.Combine(AppContext.BaseDirectory, "simcache.dll");
    }

    [SlurmFact]
    public void AShardedSweepThroughSlurmMergesToTheUnshardedRows()
    {
        // Slurm runs the jobs as this user on this machine: the folder must be one its nodes (this one) can write.
        using var dir = new TempDir();
        var file = dir.File("experiments.json", Experiments);
        var clock = Stopwatch.StartNew();
        var whole = CliHarness.Run("sweep", file, "--trace", RepoFiles.GoldenTrace, "--decoder", RepoFiles.GoldenDecoder, "--out", dir.File("whole"), "--jobs", "1");
        var unsharded = clock.Elapsed;
        Assert.True(whole.ExitCode == 0, whole.ToString());

        clock.Restart();
        var submitted = CliHarness.Run("slurm", file, "--trace", RepoFiles.GoldenTrace, "--decoder", RepoFiles.GoldenDecoder, "--out", dir.File("sharded"),
            "--shards", "3", "--cpus", "1", "--time", "10", "--simcache", SimcacheDll(), "--submit");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var merge = MergeJob().Match(submitted.Out);
        Assert.True(merge.Success, submitted.ToString());
        var state = WaitFor(merge.Groups[1].Value, TimeSpan.FromMinutes(10));
        var sharded = clock.Elapsed;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"unsharded sweep (in-process, --jobs 1): {unsharded.TotalSeconds:F1} s; through Slurm, 3 shards (submit to merge done): {sharded.TotalSeconds:F1} s"));
        var slurmDir = dir.File("sharded/slurm");
        foreach (var f in Directory.GetFiles(slurmDir, "*.log").Order()) log.WriteLine($"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}");
        Assert.True(state is null or "COMPLETED", $"merge job {merge.Groups[1].Value} ended {state}");

        using var a = ResultsStore.Open(dir.File("whole"));
        using var b = ResultsStore.Open(dir.File("sharded"));
        Assert.Equal(12, a.Rows().Count);
        Assert.Equal(Comparable(a), Comparable(b));
        Assert.Equal(3, Directory.GetDirectories(dir.File("sharded/shards")).Length);
        Assert.True(File.Exists(dir.File("sharded/index.html")));
    }

    private static List<string> Comparable(ResultsStore store) =>
        store.Rows().Select(r => $"{r.PointKey}|{r.Seed}|{r.Inputs}|" + string.Join(";", r.Metrics.Where(m => !Timing.Contains(m.Key)).OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => m.Key + "=" + m.Value.ToString("R", CultureInfo.InvariantCulture)))).ToList();

    /// <summary>Waits until the job has left the queue; returns its final state while scontrol still knows it (null after).</summary>
    private static string? WaitFor(string job, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var (queued, _) = Shell("squeue", "-h", "-j", job);
            if (queued.Trim().Length == 0) break;
            Thread.Sleep(1000);
        }
        Assert.True(clock.Elapsed < limit, $"job {job} still queued or running after {limit.TotalMinutes} minutes");
        var (show, code) = Shell("scontrol", "show", "job", job);
        return code == 0 && JobState().Match(show) is { Success: true } m ? m.Groups[1].Value : null;
    }

    private static (string Output, int ExitCode) Shell(string command, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var output = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000)) p.Kill(true);
        return (output.Result, p.ExitCode);
    }
}
