using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SimCache.Data.IO;
using SimCache.Experiments.Config;
using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Results;

/// <summary>
/// results.db: one row per (experiment, point, seed), the durable record of a sweep. It must survive being
/// killed at any instant (kill -9, power cut aside) and resume without repeating or losing a point, so: SQLite
/// in WAL mode with synchronous=FULL; a point's row and its time series are committed in one transaction or
/// not at all; (experiment, point_key, seed) is UNIQUE and rows are inserted with INSERT OR IGNORE, so a
/// point finished twice (a crash between commit and bookkeeping) is still one row. Parameters, simulator options
/// and metrics are real columns of their own names (added on first use, inside the same transaction), so
/// the file answers plain SQL: <c>SELECT capacity, hit_ratio FROM results WHERE policy = 'sim-lru'</c>.
/// All methods are thread-safe (one connection, one lock); several processes may share the file.
/// </summary>
public sealed class ResultsStore : IDisposable
{
    public const string FileName = "results.db";
    private const int SchemaVersion = 1;
    private static readonly string[] RoleNames = ["simulator", "parameter", "metric"];

    private readonly SqliteConnection _db;
    private readonly object _gate = new();

    private ResultsStore(string path, SqliteConnection db)
    {
        Path = path;
        _db = db;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (or creates) <c>DIR/results.db</c>.</summary>
    public static ResultsStore Open(string dir)
    {
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, FileName));
        // No pooling: a disposed connection really closes, so the WAL is checkpointed and the file released.
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 60 }.ToString());
        return Connect(path, db, () =>
        {
            Exec(db, "PRAGMA journal_mode = WAL");
            Exec(db, "PRAGMA synchronous = FULL");
            using (var tx = db.BeginTransaction())
            {
                Exec(db, $"""
                    CREATE TABLE IF NOT EXISTS results (
                      {ResultColumns.Experiment} TEXT NOT NULL, {ResultColumns.PointKey} TEXT NOT NULL, {ResultColumns.Seed} INTEGER NOT NULL,
                      {ResultColumns.Policy} TEXT NOT NULL, {ResultColumns.Cache} TEXT NOT NULL, {ResultColumns.Inputs} TEXT NOT NULL,
                      {ResultColumns.CodeVersion} TEXT NOT NULL, {ResultColumns.WallSeconds} REAL NOT NULL,
                      UNIQUE ({ResultColumns.Experiment}, {ResultColumns.PointKey}, {ResultColumns.Seed}));
                    CREATE TABLE IF NOT EXISTS columns (name TEXT PRIMARY KEY, role TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS series (
                      experiment TEXT NOT NULL, point_key TEXT NOT NULL, seed INTEGER NOT NULL,
                      columns TEXT NOT NULL, rows INTEGER NOT NULL, data BLOB NOT NULL,
                      PRIMARY KEY (experiment, point_key, seed));
                    CREATE TABLE IF NOT EXISTS warnings (
                      experiment TEXT NOT NULL, point_key TEXT NOT NULL, seed INTEGER NOT NULL, position INTEGER NOT NULL, message TEXT NOT NULL,
                      PRIMARY KEY (experiment, point_key, seed, position));
                    PRAGMA user_version = {SchemaVersion};
                    """, tx);
                tx.Commit();
            }
        });
    }

    /// <summary>
    /// Opens an existing <c>DIR/results.db</c> read-only (a shard's database, possibly still being written by its
    /// sweep): nothing is written to it, not even the schema stamp. Refuses a file this tool did not write.
    /// </summary>
    public static ResultsStore OpenReadOnly(string dir)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, FileName));
        if (!File.Exists(path)) throw new DataFormatException(path, "does not exist");
        var db = new SqliteConnection(ReadOnly(path));
        return Connect(path, db, () =>
        {
            if (Scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'results'") is long n && n == 0)
                throw new DataFormatException(path, "has no results table: it is not a results database");
        });
    }

    /// <summary>
    /// Opens <paramref name="db"/>, refuses a foreign or newer database before anything is written to it, then
    /// runs <paramref name="prepare"/>; on any failure the connection is closed, and a SQLite error names the file.
    /// </summary>
    private static ResultsStore Connect(string path, SqliteConnection db, Action prepare)
    {
        try
        {
            db.Open();
            Exec(db, "PRAGMA busy_timeout = 60000");
            Vet(db, path); // before the first write: a foreign database is left as it was
            long version = Convert.ToInt64(Scalar(db, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            if (version > SchemaVersion) throw new DataFormatException(path, $"was written by a newer simcache (schema {version}; this one reads {SchemaVersion})");
            prepare();
            return new ResultsStore(path, db);
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new DataFormatException(path, "is not a usable results database: " + e.Message);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses <c>DIR/results.db</c> when it exists and is not a results database this tool wrote: not SQLite at
    /// all, another program's tables without ours, or a <c>results</c>, <c>columns</c> or <c>series</c> table of
    /// another shape. Opens the file read-only, so a refused file is left exactly as it was. Called before a sweep
    /// or run writes anything.
    /// </summary>
    public static void CheckCompatible(string dir)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, FileName));
        if (Directory.Exists(path)) throw new DataFormatException(path, "is a folder; the results database must be a file: give another --out");
        if (!File.Exists(path)) return;
        using var db = new SqliteConnection(ReadOnly(path));
        try
        {
            db.Open();
            Vet(db, path);
        }
        catch (SqliteException e)
        {
            throw new DataFormatException(path, $"is not a results database ({e.Message.TrimEnd('.')}): give another --out, or move the file away");
        }
    }

    /// <summary>
    /// A read-only connection that leaves no trace. With no write-ahead log beside the file, no connection has it open
    /// and all of it is in the file itself: it is read as immutable, which creates no -wal/-shm files (a refused run or
    /// merge leaves the folder as it was). With a log (a sweep is writing, or one was killed), it is opened read-only
    /// the ordinary way, which shares the writer's log.
    /// </summary>
    private static string ReadOnly(string path)
    {
        bool quiet = !File.Exists(path + "-wal") && !File.Exists(path + "-shm");
        var source = quiet ? "file:" + Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal) + "?immutable=1" : path;
        return new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 60 }.ToString();
    }

    /// <summary>The tables of a results database and the columns each must have (results: the fixed ones; parameters and metrics are added).</summary>
    private static readonly (string Table, string[] Columns)[] Shape =
    [
        ("results", [ResultColumns.Experiment, ResultColumns.PointKey, ResultColumns.Seed, ResultColumns.Policy, ResultColumns.Cache,
            ResultColumns.Inputs, ResultColumns.CodeVersion, ResultColumns.WallSeconds]),
        ("columns", ["name", "role"]),
        ("series", ["experiment", "point_key", "seed", "columns", "rows", "data"]),
        ("warnings", ["experiment", "point_key", "seed", "position", "message"]),
    ];

    private static void Vet(SqliteConnection db, string path)
    {
        var tables = new List<string>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var r = cmd.ExecuteReader();
            while (r.Read()) tables.Add(r.GetString(0));
        }
        if (tables.Count > 0 && !tables.Contains("results"))
            throw new DataFormatException(path, $"is a SQLite database of another program (tables: {string.Join(", ", tables)}; no results table): give another --out, or move the file away");
        foreach (var (table, required) in Shape)
        {
            if (!tables.Contains(table)) continue;
            var have = new HashSet<string>(StringComparer.Ordinal);
            using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
                using var r = cmd.ExecuteReader();
                while (r.Read()) have.Add(r.GetString(0));
            }
            var missing = required.Where(c => !have.Contains(c)).ToArray();
            if (missing.Length > 0)
                throw new DataFormatException(path,
                    $"is a SQLite database with a different '{table}' table (no column {string.Join(", ", missing)}): it was not written by simcache; give another --out, or move the file away");
        }
    }

    /// <summary>Variable columns and their roles, by name.</summary>
    public IReadOnlyDictionary<string, ColumnRole> Columns()
    {
        lock (_gate) return ReadColumns(null);
    }

    /// <summary>Deletes the experiment's rows made on other inputs (a changed trace or model); returns how many.</summary>
    public int RemoveOtherInputs(string experiment, string inputs)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            int n = Exec(_db, $"DELETE FROM results WHERE {ResultColumns.Experiment} = $e AND {ResultColumns.Inputs} <> $i", tx, ("$e", experiment), ("$i", inputs));
            Exec(_db, "DELETE FROM series WHERE experiment = $e AND NOT EXISTS (SELECT 1 FROM results r WHERE r.experiment = series.experiment AND r.point_key = series.point_key AND r.seed = series.seed)", tx, ("$e", experiment));
            Exec(_db, "DELETE FROM warnings WHERE experiment = $e AND NOT EXISTS (SELECT 1 FROM results r WHERE r.experiment = warnings.experiment AND r.point_key = warnings.point_key AND r.seed = warnings.seed)", tx, ("$e", experiment));
            tx.Commit();
            return n;
        }
    }

    /// <summary>The (point key, seed) pairs the experiment already has.</summary>
    public HashSet<(string PointKey, long Seed)> Done(string experiment)
    {
        lock (_gate)
        {
            var done = new HashSet<(string, long)>();
            using var cmd = Command($"SELECT {ResultColumns.PointKey}, {ResultColumns.Seed} FROM results WHERE {ResultColumns.Experiment} = $e", null, ("$e", experiment));
            using var r = cmd.ExecuteReader();
            while (r.Read()) done.Add((r.GetString(0), r.GetInt64(1)));
            return done;
        }
    }

    /// <summary>
    /// Adds a row, its time series and its warnings in one transaction; false if the row was already there (then
    /// nothing changes). New parameter or metric names become columns in the same transaction.
    /// </summary>
    public bool Add(ResultRow row, TimeSeries? series) => AddMany([(row, series)]) == 1;

    /// <summary>
    /// Adds rows and their time series in one transaction (all or none); returns how many were new (a row already
    /// there, by experiment, point and seed, is left as it was). How <c>results merge</c> folds a shard in quickly.
    /// </summary>
    /// <param name="rows">The rows.</param>
    /// <param name="columns">Columns to have whether or not a row has a value in them (a metric undefined in every row
    /// is a column of its source all the same; a row read back does not carry it).</param>
    public int AddMany(IEnumerable<(ResultRow Row, TimeSeries? Series)> rows, IReadOnlyDictionary<string, ColumnRole>? columns = null)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            var have = ReadColumns(tx);
            foreach (var (name, role) in (columns ?? new Dictionary<string, ColumnRole>()).OrderBy(c => c.Key, StringComparer.Ordinal))
                AddColumn(name, role, have, tx);
            var known = have;
            // One prepared statement per column set: rows of one sweep share it, so a shard of thousands of rows is
            // not thousands of statement compilations.
            var prepared = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
            try
            {
                int added = 0;
                foreach (var (row, series) in rows) added += Insert(row, series, known, tx, prepared);
                tx.Commit();
                return added;
            }
            finally
            {
                foreach (var cmd in prepared.Values) cmd.Dispose();
            }
        }
    }

    private int Insert(ResultRow row, TimeSeries? series, Dictionary<string, ColumnRole> columns, SqliteTransaction tx, Dictionary<string, SqliteCommand> prepared)
    {
        var wanted = new List<(string Name, ColumnRole Role, object Value)>();
        foreach (var p in row.Simulator) wanted.Add((p.Key, ColumnRole.Simulator, p.Value.ToDatabase()));
        foreach (var p in row.Parameters) wanted.Add((p.Key, ColumnRole.Parameter, p.Value.ToDatabase()));
        foreach (var m in row.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (double.IsInfinity(m.Value)) throw new InvalidOperationException($"metric {m.Key} of {row.PointKey} is infinite");
            wanted.Add((m.Key, ColumnRole.Metric, double.IsNaN(m.Value) ? DBNull.Value : m.Value));
        }
        foreach (var (name, _, _) in wanted)
            if (!ResultColumns.IsValidName(name) || ResultColumns.All.Contains(name))
                throw new InvalidOperationException($"'{name}' cannot be a results column (lower-case letters, digits and '_', not one of {string.Join(", ", ResultColumns.All)})");
        if (wanted.Select(w => w.Name).Distinct(StringComparer.Ordinal).Count() != wanted.Count)
            throw new InvalidOperationException($"{row.PointKey}: a metric has the name of a parameter or simulator option");

        foreach (var (name, role, _) in wanted) AddColumn(name, role, columns, tx);
        var names = new List<string> { ResultColumns.Experiment, ResultColumns.PointKey, ResultColumns.Seed, ResultColumns.Policy, ResultColumns.Cache, ResultColumns.Inputs, ResultColumns.CodeVersion, ResultColumns.WallSeconds };
        var values = new List<object> { row.Experiment, row.PointKey, row.Seed, row.Policy, row.Cache, row.Inputs, row.CodeVersion, row.WallSeconds };
        foreach (var (name, _, value) in wanted)
        {
            names.Add(name);
            values.Add(value);
        }
        var sql = $"INSERT OR IGNORE INTO results ({string.Join(", ", names.Select(n => "\"" + n + "\""))}) VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i))})";
        if (!prepared.TryGetValue(sql, out var insert))
        {
            insert = Command(sql, tx);
            for (int i = 0; i < values.Count; i++) insert.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), DBNull.Value));
            prepared[sql] = insert;
        }
        for (int i = 0; i < values.Count; i++) insert.Parameters[i].Value = values[i];
        int added = insert.ExecuteNonQuery();
        if (added == 1 && series is not null)
            Exec(_db, "INSERT OR IGNORE INTO series (experiment, point_key, seed, columns, rows, data) VALUES ($e, $k, $s, $c, $n, $d)", tx,
                ("$e", row.Experiment), ("$k", row.PointKey), ("$s", row.Seed), ("$c", JsonSerializer.Serialize(series.Columns)), ("$n", series.Rows.Count), ("$d", Pack(series)));
        if (added == 1)
            for (int i = 0; i < row.Warnings.Count; i++)
                Exec(_db, "INSERT OR IGNORE INTO warnings (experiment, point_key, seed, position, message) VALUES ($e, $k, $s, $i, $m)", tx,
                    ("$e", row.Experiment), ("$k", row.PointKey), ("$s", row.Seed), ("$i", i), ("$m", row.Warnings[i]));
        return added;
    }

    private void AddColumn(string name, ColumnRole role, Dictionary<string, ColumnRole> columns, SqliteTransaction tx)
    {
        if (columns.TryGetValue(name, out var existing))
        {
            if (existing != role) throw new InvalidOperationException($"'{name}' is a {RoleNames[(int)existing]} column of {Path}; it cannot also be a {RoleNames[(int)role]}");
            return;
        }
        if (!ResultColumns.IsValidName(name) || ResultColumns.All.Contains(name))
            throw new InvalidOperationException($"'{name}' cannot be a results column (lower-case letters, digits and '_', not one of {string.Join(", ", ResultColumns.All)})");
        Exec(_db, "INSERT INTO columns (name, role) VALUES ($n, $r)", tx, ("$n", name), ("$r", RoleNames[(int)role]));
        Exec(_db, $"ALTER TABLE results ADD COLUMN \"{name}\"", tx);
        columns[name] = role;
    }

    /// <summary>Every stored time series, by (experiment, point key, seed): one query, for copying a whole database.</summary>
    public Dictionary<(string Experiment, string PointKey, long Seed), TimeSeries> AllSeries()
    {
        lock (_gate)
        {
            var map = new Dictionary<(string, string, long), TimeSeries>();
            using var cmd = Command("SELECT experiment, point_key, seed, columns, rows, data FROM series", null);
            using var r = cmd.ExecuteReader();
            while (r.Read()) map[(r.GetString(0), r.GetString(1), r.GetInt64(2))] = Unpack(r.GetString(3), r.GetInt32(4), (byte[])r.GetValue(5));
            return map;
        }
    }

    /// <summary>Names of the experiments with rows, ordinal order.</summary>
    public IReadOnlyList<string> Experiments()
    {
        lock (_gate)
        {
            var list = new List<string>();
            using var cmd = Command($"SELECT DISTINCT {ResultColumns.Experiment} FROM results ORDER BY {ResultColumns.Experiment}", null);
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(r.GetString(0));
            return list.Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Every row's key and provenance, in no particular order (no values read: fast on a large file).</summary>
    public IReadOnlyList<RowProvenance> Provenance()
    {
        lock (_gate)
        {
            var list = new List<RowProvenance>();
            using var cmd = Command($"SELECT {ResultColumns.Experiment}, {ResultColumns.PointKey}, {ResultColumns.Seed}, {ResultColumns.Policy}, {ResultColumns.Inputs}, {ResultColumns.CodeVersion}, {ResultColumns.WallSeconds} FROM results", null);
            using var r = cmd.ExecuteReader();
            while (r.Read()) list.Add(new RowProvenance(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetDouble(6)));
            return list;
        }
    }

    /// <summary>Every row (of one experiment, or all), in <see cref="RowOrder"/> (or as stored, when <paramref name="ordered"/> is false).</summary>
    public IReadOnlyList<ResultRow> Rows(string? experiment = null, bool ordered = true)
    {
        lock (_gate)
        {
            var columns = ReadColumns(null);
            var warnings = ReadWarnings(experiment);
            var rows = new List<ResultRow>();
            using var cmd = Command("SELECT * FROM results" + (experiment is null ? "" : $" WHERE {ResultColumns.Experiment} = $e"), null, ("$e", experiment ?? ""));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var parameters = new List<KeyValuePair<string, ParamValue>>();
                var simulator = new List<KeyValuePair<string, ParamValue>>();
                var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int c = 0; c < r.FieldCount; c++)
                {
                    var name = r.GetName(c);
                    if (!columns.TryGetValue(name, out var role)) continue;
                    object v = r.GetValue(c);
                    if (v is DBNull) continue;
                    if (role == ColumnRole.Metric) metrics[name] = Convert.ToDouble(v, CultureInfo.InvariantCulture);
                    else (role == ColumnRole.Parameter ? parameters : simulator).Add(new(name, FromDatabase(v)));
                }
                rows.Add(new ResultRow(
                    r.GetString(r.GetOrdinal(ResultColumns.Experiment)), r.GetString(r.GetOrdinal(ResultColumns.PointKey)), r.GetInt64(r.GetOrdinal(ResultColumns.Seed)),
                    r.GetString(r.GetOrdinal(ResultColumns.Policy)), r.GetString(r.GetOrdinal(ResultColumns.Cache)),
                    parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(), simulator.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(), metrics,
                    r.GetString(r.GetOrdinal(ResultColumns.Inputs)), r.GetString(r.GetOrdinal(ResultColumns.CodeVersion)), r.GetDouble(r.GetOrdinal(ResultColumns.WallSeconds))));
                if (warnings.TryGetValue((rows[^1].Experiment, rows[^1].PointKey, rows[^1].Seed), out var w)) rows[^1] = rows[^1] with { Warnings = w };
            }
            if (ordered) rows.Sort(RowOrder.Instance);
            return rows;
        }
    }

    /// <summary>Every row's warnings in the order raised, by (experiment, point key, seed); none from a database written before warnings were kept.</summary>
    private Dictionary<(string, string, long), List<string>> ReadWarnings(string? experiment)
    {
        var map = new Dictionary<(string, string, long), List<string>>();
        if (Scalar(_db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'warnings'") is long n && n == 0) return map;
        using var cmd = Command("SELECT experiment, point_key, seed, message FROM warnings" + (experiment is null ? "" : " WHERE experiment = $e") + " ORDER BY experiment, point_key, seed, position",
            null, ("$e", experiment ?? ""));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var key = (r.GetString(0), r.GetString(1), r.GetInt64(2));
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(r.GetString(3));
        }
        return map;
    }

    /// <summary>The time series stored with a row, or null.</summary>
    public TimeSeries? Series(string experiment, string pointKey, long seed)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT columns, rows, data FROM series WHERE experiment = $e AND point_key = $k AND seed = $s", null, ("$e", experiment), ("$k", pointKey), ("$s", seed));
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            return Unpack(r.GetString(0), r.GetInt32(1), (byte[])r.GetValue(2));
        }
    }

    /// <summary>SQLite's own consistency check: "ok" for a sound file.</summary>
    public string IntegrityCheck()
    {
        lock (_gate) return Convert.ToString(Scalar(_db, "PRAGMA integrity_check"), CultureInfo.InvariantCulture) ?? "";
    }

    public void Dispose() => _db.Dispose();

    private static ParamValue FromDatabase(object v) => v switch
    {
        double d => ParamValue.Of(d),
        long l => ParamValue.Of(l),
        "true" => ParamValue.Of(true),
        "false" => ParamValue.Of(false),
        string s => ParamValue.Of(s),
        _ => ParamValue.Of(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""),
    };

    private static TimeSeries Unpack(string columnsJson, int n, byte[] data)
    {
        var columns = JsonSerializer.Deserialize<string[]>(columnsJson)!;
        var rows = new List<double[]>(n);
        for (int i = 0, o = 0; i < n; i++)
        {
            var row = new double[columns.Length];
            for (int c = 0; c < columns.Length; c++, o += 8) row[c] = BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(o));
            rows.Add(row);
        }
        return new TimeSeries(columns, rows);
    }

    private static byte[] Pack(TimeSeries series)
    {
        var data = new byte[series.Rows.Count * series.Columns.Count * 8];
        int o = 0;
        foreach (var row in series.Rows)
            foreach (var v in row)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(o), v);
                o += 8;
            }
        return data;
    }

    private Dictionary<string, ColumnRole> ReadColumns(SqliteTransaction? tx)
    {
        var map = new Dictionary<string, ColumnRole>(StringComparer.Ordinal);
        using var cmd = Command("SELECT name, role FROM columns", tx);
        using var r = cmd.ExecuteReader();
        while (r.Read()) map[r.GetString(0)] = (ColumnRole)Array.IndexOf(RoleNames, r.GetString(1));
        return map;
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object Value)[] parameters) => Command(_db, sql, tx, parameters);

    private static SqliteCommand Command(SqliteConnection db, string sql, SqliteTransaction? tx, params (string Name, object Value)[] parameters)
    {
        var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd;
    }

    private static int Exec(SqliteConnection db, string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(db, sql, tx, parameters);
        return cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var cmd = Command(db, sql, null);
        return cmd.ExecuteScalar();
    }
}
