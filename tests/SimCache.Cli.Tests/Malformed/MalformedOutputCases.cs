using Microsoft.Data.Sqlite;

namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// Output locations: <c>--out</c> that is a file, a folder of someone else's files, another run, a results.db the
/// tool did not write, or a folder a command creates before it has checked its input; and, exit 1, a place the
/// file system will not let anyone write (an environment failure, not bad input). What was there stays as it was.
/// </summary>
public static class MalformedOutputCases
{
    public const string Family = "output";

    /// <summary>A folder the operating system refuses to create anything in, even for root.</summary>
    private const string Unwritable = "/sys/simcache-malformed-input-suite";

    private const string RawPathMessage = "Could not find a part of the path|Access to the path|already exists|Not a directory|IOException";

    private static string File(CaseFolder c, string text = "mine\n") => c.Write("out", text);

    private static string Foreign(CaseFolder c, string name = "notes.txt", string text = "mine\n")
    {
        c.Write(Path.Combine("out", name), text);
        return c.Out;
    }

    private static string ForeignResultsDb(CaseFolder c)
    {
        Directory.CreateDirectory(c.Out);
        var db = Path.Combine(c.Out, "results.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE results (id INTEGER PRIMARY KEY, score REAL); INSERT INTO results (score) VALUES (0.5);";
            command.ExecuteNonQuery();
        }
        return db;
    }

    private static string[] Simulate(CaseFolder c, string output) =>
        ["simulate", "--trace", MalformedInputs.GoldenTrace, "--cache", "lru(capacity=10)", "--out", output];

    private static string[] Sweep(CaseFolder c, string output) =>
        ["sweep", MalformedExperimentCases.SweepFile(c), "--trace", MalformedInputs.GoldenTrace, "--out", output, "--jobs", "1"];

    private static string[] Run(CaseFolder c, string output) =>
        ["run", c.Write("experiments.json", MalformedExperimentCases.RunText(c)), "--out", output, "--jobs", "1"];

    private static string[] Train(CaseFolder c, string output, string? data = null, string model = "recvae") =>
        ["train", "--data", data ?? c.Inputs.Dataset, "--out", output, "--model", model, "--epochs", "1", "--hidden", "8", "--latent", "2", "--batch", "100", "--threads", "1"];

    private static string[] Trace(CaseFolder c, string output) =>
        ["trace", "--run", c.Inputs.RecVaeRun, "--data", c.Inputs.Dataset, "--out", output, "--min-ratings", "10", "--threads", "1"];

    private static string[] Geometry(CaseFolder c, string output) =>
        ["geometry", "--embeddings", c.Inputs.Embeddings, "--out", output, "--gmm-max", "2", "--gmm-init", "1", "--knn", "5", "--tsne", "0", "--sample", "0", "--threads", "1"];

    private static string[] Prepare(CaseFolder c, string output) =>
        ["data", "prepare", "--format", "movielens-csv", "--input", c.Inputs.RatingsCsv, "--out", output, "--heldout", "40"];

    private static string[] Synth(CaseFolder c, string output) => ["data", "synth", "--users", "50", "--items", "40", "--out", output];

    private static MalformedCase Case(string name, Func<CaseFolder, string> place, Func<CaseFolder, string, string[]> args, string? pattern = null, string? forbidden = null) =>
        new(Family, name, 2, c =>
        {
            var output = place(c);
            return new CaseRun(args(c, output), output, [output], pattern, forbidden);
        });

    private static MalformedCase Environment(string name, string leaf, Func<CaseFolder, string, string[]> args) =>
        new(Family, name, 1, c =>
        {
            var output = Path.Combine(Unwritable, leaf);
            return new CaseRun(args(c, output), output, [Unwritable]);
        });

    public static IReadOnlyList<MalformedCase> Cases { get; } =
    [
        Case("SimulateOutIsAFile", c => File(c), Simulate),
        Case("SimulateOutIsTheTrace", c => c.Copy(MalformedInputs.GoldenTrace, "trace.arrow"), (c, o) => ["simulate", "--trace", o, "--cache", "lru(capacity=10)", "--out", o]),
        Case("SimulateOutIsAFolderOfOtherFiles", c => Foreign(c), Simulate),
        Case("SimulateOutHoldsAForeignSummary", c => Foreign(c, "summary.json", "{ \"mine\": true }\n"), Simulate),
        Case("SweepOutIsAFile", c => File(c), Sweep, null, RawPathMessage),
        new(Family, "SweepOutHoldsAForeignResultsDb", 2, c =>
        {
            var db = ForeignResultsDb(c);
            return new CaseRun(Sweep(c, c.Out), c.Out, [db], null, "no such column");
        }),
        new(Family, "SweepOutHoldsATextResultsDb", 2, c =>
        {
            var db = c.Write(Path.Combine("out", "results.db"), "experiment,hit_ratio\nm,0.5\n");
            return new CaseRun(Sweep(c, c.Out), c.Out, [db]);
        }),
        Case("SweepOutHoldsAForeignReportPage", c => Foreign(c, "index.html", "<html>my notes</html>\n"), Sweep),
        Case("RunOutHoldsAForeignReportPage", c => Foreign(c, "index.html", "<html>my notes</html>\n"), Run),
        Case("SimulateOutHoldsASummaryOfAnotherKind", c => Foreign(c, "summary.json", "{ \"kind\": \"simcache-gmm\", \"tool_version\": \"0.1.0\" }\n"), Simulate),
        Case("RunOutIsAFile", c => File(c), Run, null, RawPathMessage),
        new(Family, "RunOutHoldsAForeignResultsDb", 2, c =>
        {
            var db = ForeignResultsDb(c);
            return new CaseRun(Run(c, c.Out), c.Out, [db], null, "no such column");
        }),
        Case("TrainOutIsAnotherRun", c => c.CopyFolder(c.Inputs.RecVaeRun, "out"), (c, o) => Train(c, o, model: "popularity"), "--force"),
        Case("TrainOutIsAFolderOfOtherFiles", c => Foreign(c), (c, o) => Train(c, o)),
        Case("TrainOutIsAFile", c => File(c), (c, o) => Train(c, o), null, RawPathMessage),
        new(Family, "TrainDataIsNotADataSet", 2, c =>
        {
            Directory.CreateDirectory(c.File("data"));
            return new CaseRun(Train(c, c.Out, data: c.File("data")), c.Out, [c.File("data")]);
        }),
        new(Family, "TrainDataMissing", 2, c => new CaseRun(Train(c, c.Out, data: c.File("no-such-data")), c.Out, [c.File("no-such-data")])),
        Case("TraceOutIsATextFile", c => c.Write("notes.txt", "mine\n"), Trace),
        Case("TraceOutIsAnEmbeddingsFile", c => c.Copy(c.Inputs.Embeddings, "embeddings.arrow"), Trace),
        Case("TraceOutIsAFolder", c => Foreign(c), Trace),
        Case("GeometryOutIsAFolderOfOtherFiles", c => Foreign(c), Geometry),
        Case("GeometryOutIsAFile", c => File(c), Geometry, null, RawPathMessage),
        Case("PrepareOutIsAFolderOfOtherFiles", c => Foreign(c), Prepare),
        Case("PrepareOutIsAFile", c => File(c), Prepare, null, RawPathMessage),
        Case("PrepareOutIsTheInputFolder", c =>
        {
            c.Copy(c.Inputs.RatingsCsv, Path.Combine("in", "ratings.csv"));
            return c.File("in");
        }, (c, o) => ["data", "prepare", "--format", "movielens-csv", "--input", o, "--out", o, "--heldout", "40", "--force"]),
        Case("SynthOutIsAFolderOfOtherFiles", c => Foreign(c), Synth),
        Case("SynthOutIsAFile", c => File(c), Synth, null, RawPathMessage),
        Case("BenchRepeatOutIsATextFile", c => c.Write("notes.txt", "mine\n"), (c, o) => ["bench", "repeat", "--trace", MalformedInputs.GoldenTrace, "--out", o, "--requests", "2000"]),
        Case("BenchRepeatOutIsItsOwnInput", c => c.Copy(MalformedInputs.GoldenTrace, "trace.arrow"), (c, o) => ["bench", "repeat", "--trace", o, "--out", o, "--requests", "2000"]),
        Case("BenchRepeatOutIsItsOwnInputWithForce", c => c.Copy(MalformedInputs.GoldenTrace, "trace.arrow"), (c, o) => ["bench", "repeat", "--trace", o, "--out", o, "--requests", "2000", "--force"]),
        Case("BenchRepeatOutIsAnExistingTrace", c => c.Copy(MalformedInputs.GoldenTrace, "old.arrow"), (c, o) => ["bench", "repeat", "--trace", MalformedInputs.GoldenTrace, "--out", o, "--requests", "2000"], "--force"),
        Case("BenchRepeatOutIsAFolder", c => Foreign(c), (c, o) => ["bench", "repeat", "--trace", MalformedInputs.GoldenTrace, "--out", o, "--requests", "2000"]),

        // Environment failures: exit 1, with the place named and no raw .NET message.
        Environment("SimulateOutUnwritable", "sim", Simulate),
        Environment("SweepOutUnwritable", "sweep", Sweep),
        Environment("TrainOutUnwritable", "run", (c, o) => Train(c, o)),
        Environment("TraceOutUnwritable", "trace.arrow", Trace),
        Environment("GeometryOutUnwritable", "geometry", Geometry),
        Environment("PrepareOutUnwritable", "data", Prepare),
        Environment("SynthOutUnwritable", "synth", Synth),
    ];
}
