using SimCache.Data.IO;
using SimCache.Experiments.Config;
using Xunit;

namespace SimCache.Experiments.Tests.Config;

public class ExperimentFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "simcache-exp-" + Guid.NewGuid().ToString("N")[..10]);

    public ExperimentFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var p = Path.Combine(_dir, "e.json");
        File.WriteAllText(p, json);
        return p;
    }

    private string Refused(string json)
    {
        var path = Write(json);
        var e = Assert.Throws<DataFormatException>(() => ExperimentFile.Load(path));
        Assert.Equal(path, e.Path);
        return e.Detail;
    }

    [Fact]
    public void ReadsSyntheticFileAndDatasetSourcesWithPathsFromTheFilesFolder()
    {
        File.WriteAllText(Path.Combine(_dir, "r.csv"), "userId,movieId,rating,timestamp\n");
        Directory.CreateDirectory(Path.Combine(_dir, "ds"));
        File.WriteAllText(Path.Combine(_dir, "ds", "dataset.json"), "{}");
        var f = ExperimentFile.Load(Write("""
            {
              "experiments": [
                { "name": "a", "data": { "synthetic": { "preset": "ml-20m", "seed": 7, "users": 100 }, "protocol": { "threshold": "none", "heldout": 3, "seed": 1 } } },
                { "name": "b", "description": "real", "data": { "file": { "path": "r.csv", "format": "movielens-csv" } } },
                { "name": "c", "data": { "dataset": "ds" } }
              ]
            }
            """));
        Assert.Equal(["a", "b", "c"], f.Experiments.Select(e => e.Name));
        var a = f.Select(null).Data;
        Assert.Equal("ml-20m", a.SyntheticPreset);
        Assert.Equal(7, a.SyntheticSeed);
        Assert.Equal(100, a.SyntheticUsers);
        Assert.True(double.IsNaN(a.Threshold!.Value));
        Assert.Equal(3, a.Heldout);
        Assert.Equal(1u, a.ProtocolSeed);
        Assert.Equal(Path.Combine(_dir, "r.csv"), f.Select("b").Data.File);
        Assert.Equal(98765u, f.Select("b").Data.ProtocolSeed);
        Assert.Equal(Path.Combine(_dir, "ds"), f.Select("c").Data.Dataset);
        Assert.Throws<UsageException>(() => f.Select("zzz"));
    }

    [Theory]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "colour": 1 } ] }""", "experiments[0].colour: unknown key")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": { "users": "many" } } } ] }""", "experiments[0].data.synthetic.users: expected an integer, found the string \"many\"")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": { "users": 0 } } } ] }""", "experiments[0].data.synthetic.users: must be ≥ 1")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { } } ] }""", "experiments[0].data: give exactly one of synthetic, dataset or file")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "file": { "path": "nope.csv", "format": "movielens-csv" } } } ] }""", "experiments[0].data.file.path:")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {}, "protocol": { "threshold": "high" } } } ] }""", "experiments[0].data.protocol.threshold: expected a number or \"none\"")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} } }, { "name": "x", "data": { "synthetic": {} } } ] }""", "experiments[1].name: 'x' is used by an earlier experiment")]
    [InlineData("""{ "experiments": [ { "name": "a/b", "data": { "synthetic": {} } } ] }""", "experiments[0].name: expected a name")]
    [InlineData("""{ "experiments": [] }""", "experiments: expected a non-empty array")]
    [InlineData("""{ "runs": [] }""", "runs: unknown key")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": { "model": "svd" } } ] }""", "experiments[0].training.model: unknown model 'svd'")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": { "epochs": 0 } } ] }""", "experiments[0].training.epochs: must be ≥ 1")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": { "dropout": 1 } } ] }""", "experiments[0].training.dropout: must be in [0, 0.999999]")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": { "lr": "fast" } } ] }""", "experiments[0].training.lr: expected a number")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "trace": {} } ] }""", "experiments[0].trace: needs a training section")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": {}, "trace": { "warmup": 0 } } ] }""", "experiments[0].trace.warmup: must be in")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": {}, "trace": { "every": 0 } } ] }""", "experiments[0].trace.every: must be ≥ 1")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": {}, "geometry": { "gmm_cov": "banana" } } ] }""", "experiments[0].geometry.gmm_cov: unknown covariance type 'banana'; valid: diag, full, tied, spherical")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": {}, "geometry": { "gmm_space": "tsne" } } ] }""", "experiments[0].geometry.gmm_space: unknown mixture space 'tsne'; valid: pca, embedding")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": {}, "geometry": { "gmm_variance": 1.5 } } ] }""", "experiments[0].geometry.gmm_variance: must be in [0.01, 1], found 1.5")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": {}, "geometry": { "tsne": "yes" } } ] }""", "experiments[0].geometry.tsne: expected true or false")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": {}, "geometry": { "tsne": true, "umap": 1 } } ] }""", "experiments[0].geometry.umap: expected true or false")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "training": {}, "geometry": { "umap": true } } ] }""", "experiments[0].geometry.umap: the UMAP map is drawn on the t-SNE map's points")]
    [InlineData("""{ "experiments": [ { "name": "x", "data": { "synthetic": {} }, "geometry": {} } ] }""", "experiments[0].geometry: needs a training section")]
    public void BadFilesNameTheJsonPath(string json, string expected) => Assert.Contains(expected, Refused(json));

    [Fact]
    public void ReadsTheTrainingSection()
    {
        var f = ExperimentFile.Load(Write("""
            { "experiments": [ { "name": "t", "data": { "synthetic": {} }, "training": { "model": "multvae", "epochs": 3, "gamma": 0.01, "lr": 0.002, "hidden": 64, "latent": 8, "seed": 9 } },
                               { "name": "u", "data": { "synthetic": {} } } ] }
            """));
        var t = f.Select("t").Training!;
        Assert.Equal("multvae", t.Model);
        Assert.Equal(3, t.EffectiveEpochs);
        Assert.Equal(0.01, t.Gamma);
        Assert.Equal(0.002, t.EffectiveLearningRate);
        Assert.Equal((64, 8, 9L), (t.Hidden, t.Latent, t.Seed));
        Assert.Equal(500, t.Batch); // unset values keep the trainer's defaults
        Assert.Null(f.Select("u").Training);
    }

    [Fact]
    public void ReadsTheUmapKeysWithTheReferenceNeighbourDefault()
    {
        var f = ExperimentFile.Load(Write("""
            { "experiments": [ { "name": "a", "data": { "synthetic": {} }, "training": {}, "geometry": { "tsne": true, "umap": true } },
                               { "name": "b", "data": { "synthetic": {} }, "training": {}, "geometry": { "tsne": true, "umap": true, "umap_neighbors": 30 } } ] }
            """));
        Assert.Equal((true, true, 15), (f.Select("a").Geometry!.Tsne, f.Select("a").Geometry!.Umap, f.Select("a").Geometry!.UmapNeighbors));
        Assert.Equal(30, f.Select("b").Geometry!.UmapNeighbors);
    }

    [Fact]
    public void ReadsTheTraceAndGeometrySectionsWithTheirDefaults()
    {
        var f = ExperimentFile.Load(Write("""
            { "experiments": [ { "name": "a", "data": { "synthetic": {} }, "training": {}, "trace": { "min_ratings": 20, "warmup": 0.5 }, "geometry": { "sample": 5000, "gmm_cov": "diag", "tsne": true } },
                               { "name": "b", "data": { "synthetic": {} }, "training": {}, "trace": {}, "geometry": {} } ] }
            """));
        Assert.Equal(new TraceSpec { MinRatings = 20, Warmup = 0.5 }, f.Select("a").Trace);
        Assert.Equal(new GeometrySpec { Sample = 5000, GmmCov = "diag", Tsne = true }, f.Select("a").Geometry);
        Assert.False(f.Select("a").Geometry!.Umap);
        var b = f.Select("b");
        Assert.Equal(((int?)null, 0.8, (int?)null, 100, 50), (b.Trace!.MinRatings, b.Trace.Warmup, b.Trace.Every, b.Trace.Answers, b.Trace.Future)); // min_ratings and every: derived from the data
        Assert.Equal(((int?)null, 20, "diag", 3, 20, false), (b.Geometry!.Sample, b.Geometry.GmmMax, b.Geometry.GmmCov, b.Geometry.GmmInit, b.Geometry.Knn, b.Geometry.Tsne));
        Assert.Equal(("pca", 0.9), (b.Geometry.GmmSpace, b.Geometry.GmmVariance));
        Assert.Null(b.Sweep);
    }

    [Fact]
    public void InvalidJsonNamesTheLine()
    {
        var path = Write("{\n  \"experiments\": [\n    { \"name\": \"x\",, }\n  ]\n}");
        var e = Assert.Throws<DataFormatException>(() => ExperimentFile.Load(path));
        Assert.Equal(3, e.Line);
    }

    [Theory]
    [InlineData("{ \"experiments\": [\n  { \"name\": \"x\", \"data\": { \"synthetic\": {}, } }\n] }", 2, 45)]
    [InlineData("{ \"experiments\": [\n  { \"name\": \"x\", \"data\": { \"synthetic\": {} } },\n] }", 3, 1)]
    [InlineData("{\n  // a comment\n  \"experiments\": [] }", 2, 3)]
    public void TheFileIsStrictJsonRefusedWithLineAndColumn(string json, int line, int column)
    {
        // Without a trailing comma or comment each of these is a valid experiments file.
        ExperimentFile.Load(Write(json.Replace(", }", " }").Replace("},\n]", "}\n]").Replace("  // a comment\n", "  \"$schema\": \"s\",\n").Replace("[] }", "[ { \"name\": \"x\", \"data\": { \"synthetic\": {} } } ] }")));
        var detail = Refused(json);
        var e = Assert.Throws<DataFormatException>(() => ExperimentFile.Load(Write(json)));
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"column {column}: is not valid JSON (strict: no comments, no trailing commas): ", detail);
    }
}
