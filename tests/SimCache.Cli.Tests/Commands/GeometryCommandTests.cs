using SimCache.Cli.Tests.Inputs;
using System.Text.Json;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using SimCache.Numerics.Mixture;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>The geometry report end to end on a small embeddings file: outputs, fields, determinism, refusals.</summary>
public class GeometryCommandTests
{
    private const float Marker = 7777.25f;

    /// <summary>300 vectors in 12-D from two clusters, plus two exact duplicates of earlier rows.</summary>
    private static string SmallEmbeddings(TempDir dir)
    {
        var path = dir.File("embeddings.arrow");
        var rnd = new Random(5);
        var rows = new List<float[]>();
        for (int i = 0; i < 300; i++)
            rows.Add(Enumerable.Range(0, 12).Select(l => (float)((i % 2 == 0 ? 10 : -10) * (l == 0 ? 1 : 0) + Normal(rnd))).ToArray());
        rows.Add(rows[7]);
        rows.Add(rows[20]);
        using var w = new EmbeddingFileWriter(path, 12, SimCacheArrow.DistanceL2, Provenance.For("test", 5));
        for (int i = 0; i < rows.Count; i++) w.Append(i, "u" + i, rows[i]);
        w.Complete();
        return path;
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static string[] Args(string input, string output, params string[] more) =>
        ["geometry", "--embeddings", input, "--out", output, "--gmm-max", "3", "--gmm-init", "2", "--knn", "8", "--tsne", "120", .. more];

    [Fact]
    public void WritesTheReportWithItsFieldsAndTheSameBytesForTheSameSeed()
    {
        using var dir = new TempDir();
        var input = SmallEmbeddings(dir);
        var a = dir.File("a");
        var r = CliHarness.Run(Args(input, a, "--threads", "1"));
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var f in new[] { "geometry.json", "gmm.json", "index.html", "norms.png", "norms.svg", "angles.png", "tsne.png", "gmm-bic.svg", "intrinsic-dimension.png" })
            Assert.True(File.Exists(Path.Combine(a, f)), f);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(a, "geometry.json")));
        var root = json.RootElement;
        Assert.Equal("simcache-geometry", root.GetProperty("kind").GetString());
        Assert.Contains("simcache geometry", root.GetProperty("provenance").GetProperty("command").GetString());
        Assert.Equal(302, root.GetProperty("input").GetProperty("rows").GetInt64());
        Assert.Equal(2, root.GetProperty("input").GetProperty("duplicates_removed").GetInt32());
        Assert.Equal(300, root.GetProperty("input").GetProperty("distinct_rows").GetInt32());
        foreach (var set in new[] { "embeddings", "uniform_ball", "gaussian" })
        {
            var dim = root.GetProperty("intrinsic_dimension").GetProperty(set);
            // Every set here fills all 12 dimensions (two 12-D Gaussian clusters, a 12-D ball, a 12-D Gaussian). With
            // 300 points both estimators fall below 12, as they do at this size (TwoNN by about 15 %, Levina–Bickel
            // with 8 neighbours by about a third), but far above a low-dimensional set's (see the plane test).
            Assert.InRange(dim.GetProperty("twonn").GetProperty("maximum_likelihood").GetDouble(), 9, 12.5);
            Assert.InRange(dim.GetProperty("levina_bickel").GetProperty("dimension").GetDouble(), 7, 12.5);
            Assert.Equal(3, root.GetProperty("gmm").GetProperty(set).GetProperty("curve").GetArrayLength());
            Assert.InRange(root.GetProperty("tsne").GetProperty(set).GetProperty("trustworthiness").GetDouble(), 0.5, 1.0);
            Assert.InRange(root.GetProperty("angles").GetProperty(set).GetProperty("between_pairs").GetProperty("ks_distance").GetDouble(), 0, 1);
            Assert.True(root.GetProperty("hubness").GetProperty(set).GetProperty("anti_hub_share").GetDouble() >= 0);
        }
        // Two well-separated clusters: the embeddings' BIC picks at least 2 components; the Gaussian cloud picks 1.
        Assert.True(root.GetProperty("gmm").GetProperty("embeddings").GetProperty("best_k_bic").GetInt32() >= 2);
        Assert.Equal(1, root.GetProperty("gmm").GetProperty("gaussian").GetProperty("best_k_bic").GetInt32());
        var model = GmmFile.Load(Path.Combine(a, "gmm.json"));
        Assert.Equal(12, model.EmbeddingDimension);
        Assert.Equal(root.GetProperty("gmm").GetProperty("embeddings").GetProperty("fit_dimension").GetInt32(), model.Model.Dimension);
        Assert.NotNull(model.Projection);
        var html = File.ReadAllText(Path.Combine(a, "index.html"));
        Assert.Contains("href=\"tsne.svg\"", html);
        Assert.Contains("data:image/png;base64,", html);

        // Same seed, two threads, another folder: byte-identical geometry.json and gmm.json.
        var b = dir.File("b");
        Assert.Equal(0, CliHarness.Run(Args(input, b, "--threads", "2")).ExitCode);
        foreach (var f in new[] { "geometry.json", "gmm.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, f)), File.ReadAllBytes(Path.Combine(b, f)));

        // Rerunning into an earlier report replaces it.
        Assert.Equal(0, CliHarness.Run(Args(input, a, "--seed", "7")).ExitCode);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, "geometry.json")), File.ReadAllBytes(Path.Combine(b, "geometry.json")));
    }

    [Fact]
    public void EmbeddingsOnAPlaneHaveIntrinsicDimensionTwo()
    {
        // 400 points uniform on a 2-D square, rotated into 12-D by two orthonormal directions: the intrinsic
        // dimension is 2 whatever the ambient dimension, while the reference clouds of the same size fill all 12.
        using var dir = new TempDir();
        var path = dir.File("plane.arrow");
        var rnd = new Random(9);
        double[] e1 = Enumerable.Range(0, 12).Select(l => l % 2 == 0 ? 1 / Math.Sqrt(6) : 0).ToArray();
        double[] e2 = Enumerable.Range(0, 12).Select(l => l % 2 == 1 ? 1 / Math.Sqrt(6) : 0).ToArray();
        using (var w = new EmbeddingFileWriter(path, 12, SimCacheArrow.DistanceL2, Provenance.For("test", 9)))
        {
            for (int i = 0; i < 400; i++)
            {
                double a = rnd.NextDouble() * 10, b = rnd.NextDouble() * 10;
                w.Append(i, "u" + i, Enumerable.Range(0, 12).Select(l => (float)(a * e1[l] + b * e2[l])).ToArray());
            }
            w.Complete();
        }
        var outDir = dir.File("g");
        var r = CliHarness.Run(Args(path, outDir, "--threads", "1"));
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "geometry.json")));
        var dims = json.RootElement.GetProperty("intrinsic_dimension");
        var plane = dims.GetProperty("embeddings");
        // 2 within the estimators' small-sample error (Levina–Bickel reads a little low at the square's edges).
        Assert.InRange(plane.GetProperty("twonn").GetProperty("maximum_likelihood").GetDouble(), 1.7, 2.3);
        Assert.InRange(plane.GetProperty("levina_bickel").GetProperty("dimension").GetDouble(), 1.5, 2.3);
        Assert.InRange(dims.GetProperty("gaussian").GetProperty("twonn").GetProperty("maximum_likelihood").GetDouble(), 9, 12.5);
    }

    [Fact]
    public void MissingOrGarbledInputIsExitCode2NamingTheFile()
    {
        using var dir = new TempDir();
        var missing = dir.File("nope.arrow");
        var r = CliHarness.Run(Args(missing, dir.File("o")));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(missing, r.Err);

        var garbled = dir.File("garbled.arrow", "this is not an arrow file");
        r = CliHarness.Run(Args(garbled, dir.File("o")));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(garbled, r.Err);
        Assert.False(Directory.Exists(dir.File("o")));
    }

    [Fact]
    public void AFolderOfOtherFilesIsNeverReplaced()
    {
        using var dir = new TempDir();
        var input = SmallEmbeddings(dir);
        var other = dir.File("other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "keep.txt"), "mine");
        var r = CliHarness.Run(Args(input, other));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(other, r.Err);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(other, "keep.txt")));
    }

    [Fact]
    public void UmapMapsComeBesideTheTsneMapsWithTheSameBytesOnOneOrTwoThreads()
    {
        using var dir = new TempDir();
        var input = SmallEmbeddings(dir);
        string a = dir.File("a"), b = dir.File("b"), plain = dir.File("plain");
        var r = CliHarness.Run(Args(input, a, "--umap", "--umap-neighbors", "10", "--threads", "1"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(0, CliHarness.Run(Args(input, b, "--umap", "--umap-neighbors", "10", "--threads", "2")).ExitCode);
        foreach (var f in new[] { "umap.png", "umap.svg", "umap.csv", "tsne.png" }) Assert.True(File.Exists(Path.Combine(a, f)), f);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "umap.csv")), File.ReadAllBytes(Path.Combine(b, "umap.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "geometry.json")), File.ReadAllBytes(Path.Combine(b, "geometry.json")));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(a, "geometry.json")));
        var root = json.RootElement;
        Assert.True(root.GetProperty("parameters").GetProperty("umap").GetBoolean());
        Assert.Equal(10, root.GetProperty("parameters").GetProperty("umap_neighbors").GetInt32());
        foreach (var set in new[] { "embeddings", "uniform_ball", "gaussian" })
        {
            var u = root.GetProperty("umap").GetProperty(set);
            Assert.Equal(120, u.GetProperty("points").GetInt32());
            Assert.Equal(10, u.GetProperty("n_neighbors").GetInt32());
            Assert.Equal(500, u.GetProperty("epochs").GetInt32());
            Assert.Equal(1.577, u.GetProperty("a").GetDouble(), 3);
            Assert.Equal(0.895, u.GetProperty("b").GetDouble(), 3);
            Assert.Equal(root.GetProperty("tsne").GetProperty(set).GetProperty("trustworthiness").GetDouble(), u.GetProperty("tsne_trustworthiness").GetDouble());
            Assert.InRange(u.GetProperty("trustworthiness").GetDouble(), 0.5, 1.0);
        }
        // Two clusters 20 apart: the embeddings' map keeps neighbourhoods far better than the featureless clouds' maps can.
        Assert.True(root.GetProperty("umap").GetProperty("embeddings").GetProperty("trustworthiness").GetDouble() > 0.85);
        var lines = File.ReadAllLines(Path.Combine(a, "umap.csv"));
        Assert.Equal("set,row,user_id,x,y", lines[0]);
        Assert.Equal(1 + 3 * 120, lines.Length);
        Assert.StartsWith("embeddings,", lines[1]);
        Assert.Matches(@"^embeddings,\d+,u\d+,", lines[1]);
        Assert.Matches(@"^gaussian,\d+,,", lines[^1]);
        var html = File.ReadAllText(Path.Combine(a, "index.html"));
        Assert.Contains("UMAP trustworthiness T(10)", html);
        Assert.Contains("id=\"umap\"", html);
        Assert.True(html.IndexOf("id=\"tsne\"", StringComparison.Ordinal) < html.IndexOf("id=\"umap\"", StringComparison.Ordinal));

        // Without --umap: no UMAP outputs, and the t-SNE map is the same as with it (UMAP draws no numbers from the shared streams).
        Assert.Equal(0, CliHarness.Run(Args(input, plain, "--threads", "1")).ExitCode);
        Assert.False(File.Exists(Path.Combine(plain, "umap.csv")));
        Assert.False(File.Exists(Path.Combine(plain, "umap.png")));
        using var plainJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(plain, "geometry.json")));
        Assert.False(plainJson.RootElement.TryGetProperty("umap", out _));
        Assert.Equal(root.GetProperty("tsne").GetRawText(), plainJson.RootElement.GetProperty("tsne").GetRawText());
    }

    [Theory]
    [InlineData("--knn", "2")]
    [InlineData("--gmm-cov", "banana")]
    [InlineData("--gmm-space", "tsne")]
    [InlineData("--gmm-variance", "0")]
    [InlineData("--gmm-variance", "1.5")]
    [InlineData("--gmm-max", "0")]
    [InlineData("--sample", "-1")]
    [InlineData("--umap-neighbors", "1")]
    [InlineData("--umap-neighbors", "500")]
    public void BadOptionsAreExitCode2(string option, string value)
    {
        using var dir = new TempDir();
        var r = CliHarness.Run(Args(SmallEmbeddings(dir), dir.File("o"), option, value));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Err);
    }

    [Theory]
    [InlineData(3e38f)]
    [InlineData(-2e19f)]
    public void AVectorWhoseSquaredNormOverflowsFloatIsRefusedNamingTheFileAndRow(float huge)
    {
        // Finite, but its square is not: PCA would report one direction explaining all the variance.
        using var dir = new TempDir();
        var path = dir.File("embeddings.arrow");
        var rnd = new Random(1);
        using (var w = new EmbeddingFileWriter(path, 4, SimCacheArrow.DistanceL2, Provenance.For("test", 1)))
        {
            for (int i = 0; i < 40; i++)
                w.Append(i, "u" + i, Enumerable.Range(0, 4).Select(l => i == 17 && l == 2 ? Marker : (float)Normal(rnd)).ToArray());
            w.Complete();
        }
        TraceFiles.Replace(path, Marker, huge); // the tool's writer refuses such a vector: forge it in the file's bytes
        var output = dir.File("o");
        var r = CliHarness.Run("geometry", "--embeddings", path, "--out", output, "--knn", "5", "--tsne", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(path, r.Err);
        Assert.True(r.Err.Contains(":17: column 'embedding' row 17 component 2"), r.Err);
        Assert.Contains("overflow float", r.Err);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AChosenKAtTheEdgeOfTheRangeIsAWarningOnTheConsoleInTheJsonAndOnThePage()
    {
        // Two well-separated clusters searched with K = 1..2: the chosen K is the top of the range.
        using var dir = new TempDir();
        var output = dir.File("o");
        var r = CliHarness.Run("geometry", "--embeddings", SmallEmbeddings(dir), "--out", output, "--gmm-max", "2", "--gmm-init", "2", "--knn", "8", "--tsne", "120");
        Assert.True(r.ExitCode == 0, r.ToString());
        const string edge = "embeddings: GMM: BIC chose K = 2, the largest K searched (1..2)";
        Assert.Contains("warning: " + edge, r.Out);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "geometry.json")));
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith(edge, StringComparison.Ordinal));
        Assert.Contains(edge, System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(output, "index.html"))));
        Assert.Equal("plain: a reference cloud has no components by construction, so a mixture's labels would paint structure that is not there",
            json.RootElement.GetProperty("tsne").GetProperty("gaussian").GetProperty("colouring").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("tsne").GetProperty("uniform_ball").GetProperty("coloured_by_components").ValueKind);
    }
}
