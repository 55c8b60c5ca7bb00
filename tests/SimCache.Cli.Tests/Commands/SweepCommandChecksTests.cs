using System.CommandLine;
using Microsoft.Data.Sqlite;
using SimCache.Cli.Commands;
using SimCache.Cli.Console;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Experiments.Running;
using SimCache.Experiments.Sweep;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>
/// <c>sweep</c> checks everything before it writes or runs anything: every point's values, its inputs, the trace
/// and the output folder. Each refusal is exit 2 naming the file and the JSON path, row or folder, and leaves
/// the output folder as it was (here: not created).
/// </summary>
public class SweepCommandChecksTests
{
    private static string Experiments(string caches) => $$"""
        { "experiments": [ { "name": "s", "data": { "synthetic": {} },
          "sweep": { "caches": [ {{caches}} ], "seeds": [1] } } ] }
        """;

    /// <summary>A trace of <paramref name="vectors"/> (d = 4, one user per row, no answers).</summary>
    private static string WriteTrace(string path, params float[][] vectors)
    {
        using var w = new TraceFileWriter(path, 4, "l2", Provenance.For("test", 1), withAnswer: false, withFuture: false);
        for (int i = 0; i < vectors.Length; i++) w.Append(i, 0, 1_000 + i, vectors[i]);
        w.Complete();
        return path;
    }

    private static void AssertRefused(CliHarness.Result r, string outDir, params string[] fragments)
    {
        Assert.True(r.ExitCode == 2, r.ToString());
        foreach (var f in fragments) Assert.True(r.Err.Contains(f), r.Err);
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
        Assert.False(Directory.Exists(outDir), "the output folder was created: " + r);
    }

    [Theory]
    [InlineData("""{ "policy": "knn-cache", "capacity": 10, "k": 5 }""", "experiments[0].sweep.caches[1] (knn-cache(capacity=10,k=5)): knn-cache answers from the decoder's item catalogue: give the decoder (--decoder)")]
    [InlineData("""{ "policy": "gmm-placement", "capacity": 10, "threshold": [1, 2] }""", "experiments[0].sweep.caches[1] (gmm-placement(capacity=10,threshold=1)): cache 'gmm-placement': placed keys stand where no request did, so their answers come from the decoder; give the decoder (--decoder)")]
    public void APointWhoseDecoderIsMissingIsRefusedBeforeAnyPointRuns(string cache, string message)
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", Experiments("""{ "policy": "lru", "capacity": [10, 100] }, """ + cache));
        var outDir = dir.File("out");
        var r = CliHarness.Run("sweep", file, "--trace", RepoFiles.GoldenTrace, "--out", outDir);
        AssertRefused(r, outDir, $"{file}: {message}");
    }

    [Fact]
    public void RunRefusesABadSweepValueOrOutputBeforeItsFirstStage()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", """
            { "experiments": [ { "name": "r", "data": { "synthetic": { "users": 300, "items": 120, "clusters": 3 } }, "training": { "model": "popularity" }, "trace": {},
              "sweep": { "caches": [ { "policy": "lru", "capacity": [10, "lots"] } ] } } ] }
            """);
        var outDir = dir.File("out");
        var r = CliHarness.Run("run", file, "--out", outDir);
        AssertRefused(r, outDir, $"error: {file}: experiments[0].sweep.caches[0].capacity[1] (lru(capacity=lots)): cache 'lru': parameter 'capacity' must be an integer, got 'lots'");
        var afile = dir.File("afile", "x");
        var good = dir.File("g.json", File.ReadAllText(file).Replace("[10, \"lots\"]", "10"));
        r = CliHarness.Run("run", good, "--out", afile);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"error: --out: {afile} is a file, not a folder", r.Err);
    }

    [Theory]
    [InlineData("""{ "policy": "lru", "capacity": [10, 0] }""", "experiments[0].sweep.caches[0].capacity[1] (lru(capacity=0)): cache 'lru': parameter 'capacity' must be ≥ 1, got '0'")]
    [InlineData("""{ "policy": "lru", "capacity": -5 }""", "experiments[0].sweep.caches[0].capacity (lru(capacity=-5)): cache 'lru': parameter 'capacity' must be ≥ 1, got '-5'")]
    [InlineData("""{ "policy": "lru", "capacity": 1e12 }""", "experiments[0].sweep.caches[0].capacity (lru(capacity=1000000000000)): cache 'lru': parameter 'capacity' is out of range: 1000000000000 is not in [1, 2147483647]")]
    [InlineData("""{ "policy": "lru", "capacity": [10, "lots"] }""", "experiments[0].sweep.caches[0].capacity[1] (lru(capacity=lots)): cache 'lru': parameter 'capacity' must be an integer, got 'lots'")]
    [InlineData("""{ "policy": "lru", "capacity": 10 }, { "policy": "sim-lru", "capacity": 10, "threshold": [1, "NaN"] }""", "experiments[0].sweep.caches[1].threshold[1] (sim-lru(capacity=10,threshold=NaN)): cache 'sim-lru': parameter 'threshold' must be a finite number, got 'NaN'")]
    public void ABadValueIsRefusedNamingTheFileAndItsJsonPath(string caches, string message)
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", Experiments(caches));
        var outDir = dir.File("out");
        var r = CliHarness.Run("sweep", file, "--trace", RepoFiles.GoldenTrace, "--decoder", RepoFiles.GoldenDecoder, "--out", outDir);
        AssertRefused(r, outDir, $"error: {file}: {message}");
    }

    [Fact]
    public void ACapacityWhoseKeysCannotFitIsRefusedWithTheMemoryTheyNeed()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", Experiments("""{ "policy": "lru", "capacity": [10, 100000000] }"""));
        var outDir = dir.File("out");
        var r = CliHarness.Run("sweep", file, "--trace", RepoFiles.GoldenTrace, "--decoder", RepoFiles.GoldenDecoder, "--out", outDir);
        // The golden trace: d = 32, with answers (10 kept per key): 100,000,001 × (32·4 + 10·4 + 44) = 21,200,000,212 bytes.
        AssertRefused(r, outDir,
            $"{file}: experiments[0].sweep.caches[0].capacity[1] (lru(capacity=100000000)): cache 'lru': its capacity: 100000001 keys × (32 vector floats + 10 answer items + 44 bytes) need 21.2 GB of memory");
    }

    [Fact]
    public void ANaNInTheTraceIsRefusedNamingTheRowBeforeAnythingIsWritten()
    {
        using var dir = new TempDir();
        var trace = WriteTrace(dir.File("t.arrow"), [1f, 2f, 3f, 4f], [5f, 1234.5f, 7f, 8f], [1f, 1f, 1f, 1f]);
        var bytes = File.ReadAllBytes(trace);
        int at = bytes.AsSpan().IndexOf(BitConverter.GetBytes(1234.5f));
        Assert.True(at > 0);
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, at);
        File.WriteAllBytes(trace, bytes);
        var file = dir.File("e.json", Experiments("""{ "policy": "lru", "capacity": 2 }"""));
        var outDir = dir.File("out");
        var r = CliHarness.Run("sweep", file, "--trace", trace, "--out", outDir);
        AssertRefused(r, outDir, $"{trace}:1: column 'embedding' row 1 component 1 is NaN");
    }

    [Fact]
    public void AComponentWhoseSquareOverflowsFloatIsRefusedNamingTheRow()
    {
        using var dir = new TempDir();
        var trace = WriteTrace(dir.File("t.arrow"), [1f, 2f, 3f, 4f], [5f, 6f, 7f, 8f], [1f, 4321.5f, 1f, 1f]);
        SimCache.Cli.Tests.Inputs.TraceFiles.Replace(trace, 4321.5f, 3e38f); // the tool's writer refuses such a vector
        var file = dir.File("e.json", Experiments("""{ "policy": "sim-lru", "capacity": 2, "threshold": 1 }"""));
        var outDir = dir.File("out");
        var r = CliHarness.Run("sweep", file, "--trace", trace, "--out", outDir);
        AssertRefused(r, outDir, $"{trace}:2: column 'embedding' row 2 component 1 is 3E+38, too large", "overflow float");
    }

    [Fact]
    public void ADecoderOfAnotherDimensionIsRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDir();
        var trace = WriteTrace(dir.File("t.arrow"), [1f, 2f, 3f, 4f], [5f, 6f, 7f, 8f]);
        var file = dir.File("e.json", Experiments("""{ "policy": "lru", "capacity": 2 }"""));
        var outDir = dir.File("out");
        var r = CliHarness.Run("sweep", file, "--trace", trace, "--decoder", RepoFiles.GoldenDecoder, "--out", outDir);
        AssertRefused(r, outDir, RepoFiles.GoldenDecoder, "the trace holds 4-d points, the decoder reads 32-d points");
    }

    [Fact]
    public void AResultsDatabaseOfAnotherProgramIsRefusedAndLeftAsItWas()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        Directory.CreateDirectory(outDir);
        var db = Path.Combine(outDir, "results.db");
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE results (id INTEGER, score REAL); INSERT INTO results VALUES (1, 0.5);";
            cmd.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(db);
        var file = dir.File("e.json", Experiments("""{ "policy": "lru", "capacity": 10 }"""));
        var r = CliHarness.Run("sweep", file, "--trace", RepoFiles.GoldenTrace, "--out", outDir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"{db}: is a SQLite database with a different 'results' table (no column experiment, point_key, seed, policy, cache, inputs, code_version, wall_seconds)", r.Err);
        Assert.Equal(before, File.ReadAllBytes(db));
        Assert.Equal([db], Directory.GetFileSystemEntries(outDir));
    }

    [Fact]
    public void AnOutputThatIsAFileIsRefusedInTheUsersTerms()
    {
        using var dir = new TempDir();
        var afile = dir.File("afile", "not a folder");
        var file = dir.File("e.json", Experiments("""{ "policy": "lru", "capacity": 10 }"""));
        var r = CliHarness.Run("sweep", file, "--trace", RepoFiles.GoldenTrace, "--out", afile);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"error: --out: {afile} is a file, not a folder", r.Err);
        Assert.Equal("not a folder", File.ReadAllText(afile));
        var below = Path.Combine(afile, "sub");
        r = CliHarness.Run("sweep", file, "--trace", RepoFiles.GoldenTrace, "--out", below);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"error: --out: {below} cannot be made: {afile} is a file, not a folder", r.Err);
    }

    [Fact]
    public void ATrailingCommaIsRefusedWithItsLineAndColumn()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", "{ \"experiments\": [\n  { \"name\": \"s\", \"data\": { \"synthetic\": {} } },\n] }");
        var r = CliHarness.Run("sweep", file, "--trace", RepoFiles.GoldenTrace, "--out", dir.File("out"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"{file}:3: column 1: is not valid JSON (strict: no comments, no trailing commas)", r.Err);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    /// <summary>A test double that asks to stop (as Ctrl+C does) when its third run finishes.</summary>
    private sealed class InterruptingRunner(CancellationTokenSource interrupt) : ISweepPointRunner
    {
        private int _runs;

        public string Name => "interrupting test runner";

        public void Check(SweepPoint point) { }

        public PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            if (Interlocked.Increment(ref _runs) == 3) interrupt.Cancel();
            return new PointResult(new Dictionary<string, double> { ["hit_ratio"] = point.Parameter("capacity")!.Number!.Value / 1000 });
        }
    }

    [Fact]
    public void CtrlCStopsTheSweepKeepsTheCommittedRunsAndExits130()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json", Experiments("""{ "policy": "lru", "capacity": [10, 20, 30, 40, 50, 60, 70, 80] }"""));
        var trace = dir.File("trace.arrow", "the test runner does not read it");
        using var interrupt = new CancellationTokenSource();
        var o = new StringWriter();
        var e = new StringWriter();
        var context = new CliContext(o, e, interactive: false) { Cancellation = interrupt.Token };
        var root = new RootCommand { SweepCommand.Build(context, new ExperimentServices(new InterruptingRunner(interrupt))) };
        int code = root.Parse(["sweep", file, "--trace", trace, "--jobs", "1", "--out", dir.File("out")])
            .Invoke(new InvocationConfiguration { Output = o, Error = e, EnableDefaultExceptionHandler = false });
        Assert.True(code == 130, $"exit {code}\n{e}");
        Assert.Contains("interrupted", e.ToString());
        // The three finished runs are committed and exported; the other five never started.
        var csv = File.ReadAllLines(dir.File("out/results.csv"));
        Assert.Equal(4, csv.Length);
        Assert.Equal(["10", "20", "30"], csv.Skip(1).Select(l => l.Split(',')[Array.IndexOf(csv[0].Split(','), "capacity")]).Order(StringComparer.Ordinal));
    }
}
