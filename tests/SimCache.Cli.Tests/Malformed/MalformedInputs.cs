using System.Globalization;
using System.Text.Json.Nodes;

namespace SimCache.Cli.Tests.Malformed;

/// <summary>
/// The valid inputs every malformed case corrupts a copy of, made once for the whole suite: the committed golden
/// trace and decoder (d = 32, 300 items), a tiny synthetic data set prepared by the protocol, a RecVAE and a
/// Mult-VAE run of one epoch on it with their traces (d = 4), and a two-component mixture fitted by hand to the
/// golden trace. Cases copy what they change into their own folder; these files are never modified.
/// </summary>
public sealed class MalformedInputs : IDisposable
{
    private readonly TempDir _dir = new();

    public MalformedInputs()
    {
        Root = _dir.Path;
        Synth = Path.Combine(Root, "synth");
        Dataset = Path.Combine(Root, "dataset");
        RecVaeRun = Path.Combine(Root, "recvae");
        MultVaeRun = Path.Combine(Root, "multvae");
        RecVaeTrace = Path.Combine(Root, "recvae-trace.arrow");
        MultVaeTrace = Path.Combine(Root, "multvae-trace.arrow");
        Gmm = Path.Combine(Root, "gmm.json");
        Ok("data", "synth", "--users", "300", "--items", "120", "--clusters", "3", "--seed", "5", "--threads", "1", "--out", Synth);
        Ok("data", "prepare", "--format", "movielens-csv", "--input", RatingsCsv, "--out", Dataset, "--heldout", "40");
        Ok("train", "--data", Dataset, "--out", RecVaeRun, "--epochs", "1", "--hidden", "16", "--latent", "4", "--batch", "100", "--threads", "1", "--seed", "2");
        Ok("train", "--data", Dataset, "--out", MultVaeRun, "--model", "multvae", "--epochs", "1", "--hidden", "16", "--latent", "4", "--batch", "100", "--threads", "1", "--seed", "2");
        foreach (var (run, trace) in new[] { (RecVaeRun, RecVaeTrace), (MultVaeRun, MultVaeTrace) })
            Ok("trace", "--run", run, "--data", Dataset, "--out", trace, "--min-ratings", "10", "--warmup", "0.5", "--every", "4", "--answers", "10", "--future", "10", "--threads", "1");
        GoldenRows = ArrowTable.Read(GoldenTrace).Rows;
        GmmText = FitGmm(ArrowTable.Read(GoldenTrace));
        File.WriteAllText(Gmm, GmmText);
    }

    public string Root { get; }

    public static string GoldenTrace => RepoFiles.GoldenTrace;

    public static string GoldenDecoder => RepoFiles.GoldenDecoder;

    /// <summary>Rows of the golden trace (1,267).</summary>
    public int GoldenRows { get; }

    public string Synth { get; }

    /// <summary>The synthetic log (MovieLens ratings.csv layout) the data set was prepared from.</summary>
    public string RatingsCsv => Path.Combine(Synth, "ratings.csv");

    public string Dataset { get; }

    public string RecVaeRun { get; }

    public string MultVaeRun { get; }

    public string RecVaeTrace { get; }

    public string MultVaeTrace { get; }

    public string Embeddings => Path.Combine(RecVaeRun, "embeddings.arrow");

    /// <summary>A valid gmm.json of dimension 32 (the golden trace's), diagonal, two components.</summary>
    public string Gmm { get; }

    public string GmmText { get; }

    public void Dispose() => _dir.Dispose();

    private static void Ok(params string[] args)
    {
        var r = CliHarness.Run(args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"building the suite's base inputs failed: simcache {string.Join(' ', args)}\n{r}");
    }

    /// <summary>Two diagonal components split at the median of the first coordinate: a plausible mixture of the golden trace.</summary>
    private static string FitGmm(ArrowTable trace)
    {
        var rows = (float[][])trace["embedding"].Data;
        int d = rows[0].Length;
        double median = rows.Select(r => (double)r[0]).Order().ElementAt(rows.Length / 2);
        var groups = new[] { rows.Where(r => r[0] < median).ToArray(), rows.Where(r => r[0] >= median).ToArray() };
        var means = groups.Select(g => Enumerable.Range(0, d).Select(k => g.Average(r => (double)r[k])).ToArray()).ToArray();
        var variances = groups.Select((g, c) => Enumerable.Range(0, d).Select(k => g.Average(r => Math.Pow(r[k] - means[c][k], 2)) + 1e-3).ToArray()).ToArray();
        var root = new JsonObject
        {
            ["kind"] = "simcache-gmm",
            ["covariance_type"] = "diag",
            ["components"] = 2,
            ["dimension"] = d,
            ["weights"] = Numbers(groups.Select(g => (double)g.Length / rows.Length)),
            ["means"] = new JsonArray(means.Select(m => (JsonNode)Numbers(m)).ToArray()),
            ["covariances"] = new JsonArray(variances.Select(v => (JsonNode)Numbers(v)).ToArray()),
            ["mean_log_likelihood"] = -40.0,
            ["bic"] = 100000.0,
            ["aic"] = 99000.0,
            ["provenance"] = new JsonObject { ["command"] = "malformed-input suite", ["seed"] = 1, ["version"] = "test" },
        };
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    internal static JsonArray Numbers(IEnumerable<double> values) =>
        new(values.Select(v => (JsonNode)JsonValue.Create(Math.Round(v, 6))).ToArray());

    internal static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
