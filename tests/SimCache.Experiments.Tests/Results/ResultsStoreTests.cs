using System.Globalization;
using Microsoft.Data.Sqlite;
using SimCache.Experiments.Config;
using SimCache.Experiments.Results;
using SimCache.Experiments.Sweep;
using SimCache.Experiments.Tests.Sweep;
using Xunit;

namespace SimCache.Experiments.Tests.Results;

public class ResultsStoreTests
{
    private static ResultRow Row(SweepPoint p, long seed, string inputs = "in", double wall = 0.5) =>
        new("demo", p.Key, seed, p.Policy, p.Cache, p.Parameters, p.Simulator,
            FormulaPointRunner.Expected(p.Parameter("capacity")!.Number!.Value, p.Parameter("threshold")?.Number ?? 0, seed), inputs, "v1", wall);

    [Fact]
    public void ARowIsStoredOnceWithEveryParameterAndMetricAsColumns()
    {
        using var dir = new TempDir();
        var (_, points, _) = SweepFixtures.Load(dir);
        using var store = ResultsStore.Open(dir.Path);
        var series = new TimeSeries(["time", "hit_ratio"], [[1, 0.25], [2, 0.5]]);
        Assert.True(store.Add(Row(points[0], 1), series));
        Assert.False(store.Add(Row(points[0], 1, wall: 9), null)); // the same point and seed again: ignored
        Assert.True(store.Add(Row(points[^1], 1), null));
        Assert.Equal(2, store.Rows().Count);
        Assert.Equal(0.5, store.Rows().Single(r => r.PointKey == points[0].Key).WallSeconds);

        // Plain SQL sees named, typed columns.
        using var db = new SqliteConnection($"Data Source={store.Path};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT capacity, threshold, hit_ratio, distance_mean, ttl, seed, code_version FROM results WHERE policy = 'sim-lru'";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(10.0, r.GetDouble(0));
        Assert.Equal(0.2, r.GetDouble(1));
        Assert.Equal(FormulaPointRunner.Expected(10, 0.2, 1)["hit_ratio"], r.GetDouble(2));
        Assert.Equal(0.1, r.GetDouble(3));
        Assert.Equal("none", r.GetString(4));
        Assert.Equal((1L, "v1"), (r.GetInt64(5), r.GetString(6)));
        Assert.False(r.Read());

        var back = store.Series("demo", points[0].Key, 1)!;
        Assert.Equal(["time", "hit_ratio"], back.Columns);
        Assert.Equal([0.25, 0.5], back.Column("hit_ratio")!);
        Assert.Null(store.Series("demo", points[^1].Key, 1));
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void WarningsGoWithTheirRowAndLeaveWithIt()
    {
        using var dir = new TempDir();
        var (_, points, _) = SweepFixtures.Load(dir);
        using (var store = ResultsStore.Open(dir.Path))
        {
            Assert.True(store.Add(Row(points[0], 1, "old") with { Warnings = ["b: raised first", "a: raised second"] }, null));
            Assert.False(store.Add(Row(points[0], 1, "old") with { Warnings = ["c"] }, null)); // the row is there: nothing changes
            Assert.True(store.Add(Row(points[1], 1, "new"), null));
            var rows = store.Rows();
            Assert.Equal(["b: raised first", "a: raised second"], rows.Single(r => r.PointKey == points[0].Key).Warnings);
            Assert.Empty(rows.Single(r => r.PointKey == points[1].Key).Warnings);
            Assert.Equal(1, store.RemoveOtherInputs("demo", "new"));
        }
        using var db = new SqliteConnection($"Data Source={Path.Combine(dir.Path, ResultsStore.FileName)};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM warnings";
        Assert.Equal(0L, (long)cmd.ExecuteScalar()!);
    }

    [Fact]
    public void ADatabaseWrittenBeforeWarningsWereKeptReadsWithNone()
    {
        using var dir = new TempDir();
        var (_, points, _) = SweepFixtures.Load(dir);
        using (var store = ResultsStore.Open(dir.Path)) store.Add(Row(points[0], 1), null);
        using (var db = new SqliteConnection($"Data Source={Path.Combine(dir.Path, ResultsStore.FileName)};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "DROP TABLE warnings";
            cmd.ExecuteNonQuery();
        }
        using (var old = ResultsStore.OpenReadOnly(dir.Path)) Assert.Empty(Assert.Single(old.Rows()).Warnings);
        using var reopened = ResultsStore.Open(dir.Path); // opening for writing adds the table
        Assert.True(reopened.Add(Row(points[1], 1) with { Warnings = ["w"] }, null));
        Assert.Equal(["w"], reopened.Rows().Single(r => r.PointKey == points[1].Key).Warnings);
    }

    [Fact]
    public void RowsOfOtherInputsAreRemovedWithTheirSeries()
    {
        using var dir = new TempDir();
        var (_, points, _) = SweepFixtures.Load(dir);
        using var store = ResultsStore.Open(dir.Path);
        store.Add(Row(points[0], 1, "old"), new TimeSeries(["time"], [[1]]));
        store.Add(Row(points[1], 1, "new"), null);
        Assert.Equal(1, store.RemoveOtherInputs("demo", "new"));
        Assert.Equal([(points[1].Key, 1L)], store.Done("demo"));
        Assert.Null(store.Series("demo", points[0].Key, 1));
        Assert.True(store.Add(Row(points[0], 1, "new"), new TimeSeries(["time"], [[2]])));
        Assert.Equal([2.0], store.Series("demo", points[0].Key, 1)!.Column("time")!);
    }

    [Fact]
    public void NamesThatWouldBreakTheTableAreRefused()
    {
        using var dir = new TempDir();
        var (_, points, _) = SweepFixtures.Load(dir);
        using var store = ResultsStore.Open(dir.Path);
        var p = points[0];
        Assert.Throws<InvalidOperationException>(() => store.Add(Row(p, 1) with { Metrics = new Dictionary<string, double> { ["Hit Ratio"] = 1 } }, null));
        Assert.Throws<InvalidOperationException>(() => store.Add(Row(p, 1) with { Metrics = new Dictionary<string, double> { ["capacity"] = 1 } }, null));
        Assert.Throws<InvalidOperationException>(() => store.Add(Row(p, 1) with { Metrics = new Dictionary<string, double> { ["seed"] = 1 } }, null));
        Assert.Throws<InvalidOperationException>(() => store.Add(Row(p, 1) with { Metrics = new Dictionary<string, double> { ["x"] = double.PositiveInfinity } }, null));
        Assert.Empty(store.Rows());
    }

    [Fact]
    public void TheCsvIsTheDatabaseRowForRowSortedByValue()
    {
        using var dir = new TempDir();
        var (_, points, seeds) = SweepFixtures.Load(dir);
        using (var store = ResultsStore.Open(dir.Path))
        {
            foreach (var p in points.Reverse()) // inserted in reverse: the export must not depend on it
                foreach (var s in seeds)
                    store.Add(Row(p, s, wall: s * 0.25), null);
            ResultsCsv.Write(store, dir.File("results.csv"));
        }
        var csv = CsvTable.Read(dir.File("results.csv"));
        Assert.Equal(
        [
            "experiment", "point_key", "seed", "policy", "cache", "arrivals", "index", "latency", "ttl", "warmup", "window", "capacity", "threshold",
            "cost_per_request", "distance_mean", "hit_ratio", "misses", "ndcg_loss", "requests", "inputs", "code_version", "wall_seconds",
        ], csv.Header);
        // Read the database with plain SQL, independently of the store, and compare every cell.
        var expected = new Dictionary<(string, long), Dictionary<string, string>>();
        using (var db = new SqliteConnection($"Data Source={dir.File("results.db")};Mode=ReadOnly;Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT * FROM results";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var cells = new Dictionary<string, string>();
                for (int c = 0; c < r.FieldCount; c++)
                    cells[r.GetName(c)] = r.GetValue(c) switch
                    {
                        DBNull => "",
                        double d => ParamValue.FormatNumber(d),
                        long l => l.ToString(CultureInfo.InvariantCulture),
                        var o => (string)o,
                    };
                expected[(cells["point_key"], long.Parse(cells["seed"], CultureInfo.InvariantCulture))] = cells;
            }
        }
        Assert.Equal(points.Count * seeds.Count, csv.Rows.Count);
        Assert.Equal(expected.Count, csv.Rows.Count);
        foreach (var row in csv.Rows)
        {
            var db = expected[(row["point_key"], long.Parse(row["seed"], CultureInfo.InvariantCulture))];
            foreach (var column in csv.Header) Assert.Equal(db[column], row[column]);
        }
        // Sorted by policy, then capacity by value (10 < 100 < 1000, not as text), threshold, seed.
        Assert.Equal(["lru(capacity=10)", "lru(capacity=10)", "lru(capacity=100)", "lru(capacity=100)", "lru(capacity=1000)", "lru(capacity=1000)", "sim-lru(capacity=10,threshold=0.2)"],
            csv.Rows.Take(7).Select(r => r["cache"]));
        Assert.Equal(["1", "2"], csv.Rows.Take(2).Select(r => r["seed"]));
        Assert.Equal("", csv.Rows[0]["distance_mean"]); // NaN (no approximate hits) is an empty cell
        Assert.Equal("sim-lru(capacity=1000,threshold=2)", csv.Rows[^1]["cache"]);
    }

    [Fact]
    public void ADatabaseOfAnotherProgramIsRefusedAndLeftAsItWas()
    {
        using var dir = new TempDir();
        var db = dir.File(ResultsStore.FileName);
        using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE scores (id INTEGER); INSERT INTO scores VALUES (7);";
            cmd.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(db);
        var e = Assert.Throws<SimCache.Data.IO.DataFormatException>(() => ResultsStore.CheckCompatible(dir.Path));
        Assert.Equal($"{db}: is a SQLite database of another program (tables: scores; no results table): give another --out, or move the file away", e.Message);
        e = Assert.Throws<SimCache.Data.IO.DataFormatException>(() => ResultsStore.Open(dir.Path));
        Assert.StartsWith($"{db}: is a SQLite database of another program", e.Message);
        Assert.Equal(before, File.ReadAllBytes(db));

        File.WriteAllText(db, "not a database at all, just text long enough to have a header of its own....");
        e = Assert.Throws<SimCache.Data.IO.DataFormatException>(() => ResultsStore.CheckCompatible(dir.Path));
        Assert.StartsWith($"{db}: is not a results database (", e.Message);
    }

    [Fact]
    public void ItsOwnDatabaseAndNoDatabaseAreCompatible()
    {
        using var dir = new TempDir();
        ResultsStore.CheckCompatible(dir.Path);
        Assert.False(File.Exists(dir.File(ResultsStore.FileName))); // checking creates nothing
        using (ResultsStore.Open(dir.Path)) { }
        ResultsStore.CheckCompatible(dir.Path);
    }
}
