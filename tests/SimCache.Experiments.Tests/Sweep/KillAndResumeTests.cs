using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SimCache.Experiments.Results;
using SimCache.Experiments.Tests.Results;
using Xunit;
using Xunit.Abstractions;

namespace SimCache.Experiments.Tests.Sweep;

/// <summary>
/// The results store's promise, tested for real: a child process runs a slow sweep and is killed with SIGKILL at
/// random moments while it is committing rows, several times; a last run resumes to the end. Every point × seed
/// must then be present exactly once with its own values, the database must pass SQLite's integrity check, and
/// the CSV must match it.
/// </summary>
public class KillAndResumeTests(ITestOutputHelper output)
{
    private const string Json = """
        { "experiments": [ { "name": "killed", "data": { "synthetic": {} }, "sweep": {
            "caches": [ { "policy": "sim-lru", "capacity": { "from": 10, "to": 1000, "steps": 5, "scale": "log", "integer": true }, "threshold": { "from": 0.1, "to": 2, "steps": 10 } },
                        { "policy": "lru", "capacity": [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] } ],
            "seeds": [1, 2] } } ] }
        """;
    private const int Runs = (5 * 10 + 10) * 2;

    [Fact]
    public void KilledAtRandomMomentsThenRerunEveryPointIsThereExactlyOnce()
    {
        using var dir = new TempDir();
        var file = dir.File("experiments.json", Json);
        var outDir = dir.File("out");
        var random = new Random(20240607);
        var counts = new List<long>();
        int killedWhileRunning = 0;
        for (int attempt = 0; attempt < 6; attempt++)
        {
            long before = Count(outDir);
            using var child = Start(file, outDir, delayMs: 25);
            // Kill only once this child has committed something, then at a random moment while it keeps writing.
            var deadline = Stopwatch.StartNew();
            while (!child.HasExited && Count(outDir) <= before && deadline.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(5);
            Thread.Sleep(random.Next(0, 120));
            if (!child.HasExited)
            {
                child.Kill(); // SIGKILL: no finally blocks, no flush, no clean close
                killedWhileRunning++;
            }
            child.WaitForExit();
            counts.Add(Count(outDir));
            if (counts[^1] == Runs) break;
        }
        output.WriteLine($"rows after each kill: {string.Join(", ", counts)}");
        Assert.True(killedWhileRunning >= 3, $"only {killedWhileRunning} kills hit a running sweep");
        Assert.Contains(counts, c => c > 0 && c < Runs);

        using (var last = Start(file, outDir, delayMs: 0))
        {
            var stdout = last.StandardOutput.ReadToEnd();
            last.WaitForExit();
            Assert.True(last.ExitCode == 0, stdout + last.StandardError.ReadToEnd());
            Assert.Contains($"finished {Runs - counts[^1]}", stdout);
        }

        using var store = ResultsStore.Open(outDir);
        Assert.Equal("ok", store.IntegrityCheck());
        var rows = store.Rows("killed");
        Assert.Equal(Runs, rows.Count);
        Assert.Equal(Runs, rows.Select(r => (r.PointKey, r.Seed)).Distinct().Count());
        foreach (var r in rows)
        {
            var expected = FormulaPointRunner.Expected(r.Parameter("capacity")!.Number!.Value, r.Parameter("threshold")?.Number ?? 0, r.Seed);
            foreach (var (name, value) in expected) Assert.Equal(value, r.Metric(name));
            Assert.Equal(5, store.Series(r.Experiment, r.PointKey, r.Seed)!.Rows.Count);
        }
        var csv = CsvTable.Read(Path.Combine(outDir, ResultsCsv.FileName));
        Assert.Equal(rows.Select(r => (r.PointKey, r.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture))), csv.Rows.Select(r => (r["point_key"], r["seed"])));
        Assert.Empty(Directory.GetFiles(outDir, ".results.csv.tmp-*"));
    }

    private static Process Start(string file, string outDir, int delayMs)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet, ["exec", typeof(ChildProcess).Assembly.Location, "sweep-child", file, outDir, delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture), "2"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + dotnet);
    }

    /// <summary>Rows committed so far, read as a separate reader (WAL lets it read while the child writes).</summary>
    private static long Count(string outDir)
    {
        var path = Path.Combine(outDir, ResultsStore.FileName);
        if (!File.Exists(path)) return 0;
        try
        {
            using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False;Default Timeout=5");
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM results";
            return (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // not created yet
        }
    }
}
