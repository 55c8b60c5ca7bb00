using Microsoft.Data.Sqlite;
using SimCache.Data.IO;
using SimCache.Experiments.Config;
using SimCache.Experiments.Running;
using Xunit;

namespace SimCache.Experiments.Tests.Running;

/// <summary>
/// <c>run</c> checks what it can before its first stage: every sweep value, that the stages making the inputs its
/// points need are configured, and the output folder. A refusal names the file and JSON path and creates nothing.
/// </summary>
public class ExperimentRunnerChecksTests
{
    private static (string File, ExperimentSpec Spec) Spec(TempDir dir, string caches, string extra = "")
    {
        var path = dir.File("e.json", $$"""
            { "experiments": [ { "name": "t", "data": { "synthetic": { "users": 300, "items": 120, "clusters": 3, "seed": 5 } },
                                 "training": { "model": "popularity" }, "trace": {} {{extra}},
                                 "sweep": { "caches": [ {{caches}} ] } } ] }
            """);
        return (path, ExperimentFile.Load(path).Select(null));
    }

    private static DataFormatException Refused(TempDir dir, ExperimentSpec spec) =>
        Assert.Throws<DataFormatException>(() => ExperimentRunner.Run(spec, new RunSettings(dir.File("out"), "c"), ExperimentServices.Available));

    [Theory]
    [InlineData("""{ "policy": "lru", "capacity": [10, 0] }""", "experiments[0].sweep.caches[0].capacity[1] (lru(capacity=0)): cache 'lru': parameter 'capacity' must be ≥ 1, got '0'")]
    [InlineData("""{ "policy": "sim-lru", "capacity": 10, "threshold": "NaN" }""", "experiments[0].sweep.caches[0].threshold (sim-lru(capacity=10,threshold=NaN)): cache 'sim-lru': parameter 'threshold' must be a finite number, got 'NaN'")]
    [InlineData("""{ "policy": "lru", "capacity": 1e12 }""", "experiments[0].sweep.caches[0].capacity (lru(capacity=1000000000000)): cache 'lru': parameter 'capacity' is out of range: 1000000000000 is not in [1, 2147483647]")]
    public void ABadSweepValueIsRefusedBeforeAnyStageRuns(string caches, string detail)
    {
        using var dir = new TempDir();
        var (file, spec) = Spec(dir, caches);
        var e = Refused(dir, spec);
        Assert.Equal(file, e.Path);
        Assert.Equal(detail, e.Detail);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void AMixtureFileNoStageMakesIsRefusedBeforeAnyStageRuns()
    {
        using var dir = new TempDir();
        var (file, spec) = Spec(dir, """{ "policy": "lru", "capacity": 10 }, { "policy": "gmm-placement", "capacity": 10, "threshold": 1, "source": "file" }""");
        var e = Refused(dir, spec);
        Assert.Equal(file, e.Path);
        Assert.StartsWith("experiments[0].sweep.caches[1] (gmm-placement(capacity=10,source=file,threshold=1)): needs the geometry stage's gmm.json (source=file), and the experiment has no geometry section", e.Detail);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void AResultsDatabaseOfAnotherProgramIsRefusedBeforeAnyStageRuns()
    {
        using var dir = new TempDir();
        var (_, spec) = Spec(dir, """{ "policy": "lru", "capacity": 10 }""");
        Directory.CreateDirectory(dir.File("out"));
        var db = dir.File("out/results.db");
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE results (id INTEGER)";
            cmd.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(db);
        var e = Refused(dir, spec);
        Assert.Equal(db, e.Path);
        Assert.StartsWith("is a SQLite database with a different 'results' table (no column experiment,", e.Detail);
        Assert.Equal(before, File.ReadAllBytes(db));
        Assert.Equal([db], Directory.GetFileSystemEntries(dir.File("out")));
    }
}
