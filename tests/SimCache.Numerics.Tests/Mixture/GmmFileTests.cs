using SimCache.Data.IO;
using SimCache.Numerics.Mixture;
using Xunit;

namespace SimCache.Numerics.Tests.Mixture;

public class GmmFileTests
{
    private static GaussianMixtureFit Fit(CovarianceType type)
    {
        var truth = new GaussianMixtureModel(CovarianceType.Diag, [0.6, 0.4], [[0, 0, 0], [5, 5, 5]], [[1, 2, 1], [0.5, 0.5, 1]]);
        var (x, _) = truth.Sample(800, new Random(1));
        return GaussianMixture.Fit(x, 800, 3, new GaussianMixtureOptions { Components = 2, CovarianceType = type, Seed = 3 });
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diag)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Spherical)]
    public void RoundTripsEveryCovarianceType(CovarianceType type)
    {
        using var dir = new TempDir();
        var fit = Fit(type);
        var path = dir.File("gmm.json");
        GmmFile.Save(path, fit, Provenance.For("test", 3));
        var back = GmmFile.Load(path).Model;
        Assert.Equal(type, back.Type);
        Assert.Equal(fit.Model.Weights, back.Weights);
        Assert.Equal(fit.Model.Means.SelectMany(m => m), back.Means.SelectMany(m => m));
        Assert.Equal(fit.Model.Covariances.SelectMany(m => m), back.Covariances.SelectMany(m => m));
        Assert.Equal(fit.Model.LogDensity([1.0, 2.0, 3.0]), back.LogDensity([1.0, 2.0, 3.0]));
        var text = File.ReadAllText(path);
        foreach (var field in new[] { "\"kind\": \"simcache-gmm\"", "\"covariance_type\"", "\"components\": 2", "\"dimension\": 3", "\"weights\"", "\"means\"", "\"covariances\"", "\"mean_log_likelihood\"", "\"bic\"", "\"aic\"", "\"provenance\"" })
            Assert.Contains(field, text);
    }

    [Theory]
    [InlineData("\"dimension\": 3", "\"dimension\": 4", "means[0]")]
    [InlineData("\"components\": 2", "\"components\": 3", "weights")]
    [InlineData("\"covariance_type\": \"full\"", "\"covariance_type\": \"banana\"", "covariance_type")]
    [InlineData("\"kind\": \"simcache-gmm\"", "\"kind\": \"other\"", "kind")]
    public void StrictLoadNamesTheField(string from, string to, string field)
    {
        using var dir = new TempDir();
        var path = dir.File("gmm.json");
        GmmFile.Save(path, Fit(CovarianceType.Full), Provenance.For("test", 3));
        File.WriteAllText(path, File.ReadAllText(path).Replace(from, to));
        var e = Assert.Throws<DataFormatException>(() => GmmFile.Load(path));
        Assert.Contains(field, e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void NonPositiveDefiniteAndNonFiniteAreRefused()
    {
        using var dir = new TempDir();
        var path = dir.File("gmm.json");
        File.WriteAllText(path, """
            {"kind":"simcache-gmm","covariance_type":"full","components":1,"dimension":2,"weights":[1],"means":[[0,0]],
             "covariances":[[[1,2],[2,1]]],"mean_log_likelihood":0,"bic":0,"aic":0,"provenance":{}}
            """);
        Assert.Contains("covariances", Assert.Throws<DataFormatException>(() => GmmFile.Load(path)).Message);
        File.WriteAllText(path, """
            {"kind":"simcache-gmm","covariance_type":"diag","components":1,"dimension":2,"weights":[1],"means":[[0,"x"]],
             "covariances":[[1,1]],"mean_log_likelihood":0,"bic":0,"aic":0,"provenance":{}}
            """);
        Assert.Contains("means[0][1]", Assert.Throws<DataFormatException>(() => GmmFile.Load(path)).Message);
        File.WriteAllText(path, "{not json");
        Assert.Contains("JSON", Assert.Throws<DataFormatException>(() => GmmFile.Load(path)).Message);
        Assert.Contains("not found", Assert.Throws<DataFormatException>(() => GmmFile.Load(dir.File("none.json"))).Message);
    }

    [Fact]
    public void AMixtureOfPrincipalComponentsCarriesItsProjectionAndMapsBack()
    {
        using var dir = new TempDir();
        var path = dir.File("gmm.json");
        var fit = Fit(CovarianceType.Diag);
        // A 3-dimensional mixture of the leading axes of 5-dimensional embeddings.
        double s = 1 / Math.Sqrt(2);
        var projection = new MixtureProjection([1, 2, 3, 4, 5], [[s, s, 0, 0, 0], [0, 0, 1, 0, 0], [s, -s, 0, 0, 0]], 0.9);
        GmmFile.Save(path, fit, Provenance.For("test", 3), projection: projection);
        var text = File.ReadAllText(path);
        Assert.Contains("\"space\": \"pca\"", text);
        Assert.Contains("\"embedding_dimension\": 5", text);
        var back = GmmFile.Load(path);
        Assert.Equal(5, back.EmbeddingDimension);
        Assert.Equal(3, back.Model.Dimension);
        Assert.Equal(projection.Mean, back.Projection!.Mean);
        Assert.Equal(projection.Components.SelectMany(v => v), back.Projection.Components.SelectMany(v => v));
        Assert.Equal(0.9, back.Projection.ExplainedVariance);
        // x = μ + Pᵀz for z = (√2, 1, 0): (1, 2, 3, 4, 5) + (1, 1, 0, 0, 0) + (0, 0, 1, 0, 0).
        var x = new double[5];
        back.Projection.Reconstruct([Math.Sqrt(2), 1, 0], x);
        Assert.Equal(new[] { 2.0, 3, 4, 4, 5 }, x.Select(v => Math.Round(v, 12)));
        var z = new double[3];
        back.Projection.Project(x, z);
        Assert.Equal(new[] { Math.Sqrt(2), 1, 0 }.Select(v => Math.Round(v, 12)), z.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void AFileWithoutASpaceIsAMixtureOfTheEmbeddingsThemselves()
    {
        using var dir = new TempDir();
        var path = dir.File("gmm.json");
        File.WriteAllText(path, """
            {"kind":"simcache-gmm","covariance_type":"diag","components":1,"dimension":2,"weights":[1],"means":[[0,0]],
             "covariances":[[1,1]],"mean_log_likelihood":0,"bic":0,"aic":0,"provenance":{}}
            """);
        var stored = GmmFile.Load(path);
        Assert.Null(stored.Projection);
        Assert.Equal(2, stored.EmbeddingDimension);
        GmmFile.Save(path, Fit(CovarianceType.Full), Provenance.For("test", 3));
        Assert.Contains("\"space\": \"embedding\"", File.ReadAllText(path));
        Assert.Null(GmmFile.Load(path).Projection);
    }

    [Theory]
    [InlineData("\"space\":\"pca\",\"embedding_dimension\":3", "field 'projection'")]
    [InlineData("\"space\":\"sphere\"", "field 'space'")]
    [InlineData("\"space\":\"pca\",\"embedding_dimension\":3,\"projection\":{\"mean\":[0,0,0],\"components\":[[1,0,0],[1,0,0]],\"explained_variance\":0.5}", "field 'projection.components'")]
    [InlineData("\"space\":\"pca\",\"embedding_dimension\":3,\"projection\":{\"mean\":[0,0],\"components\":[[1,0,0],[0,1,0]],\"explained_variance\":0.5}", "field 'projection.mean'")]
    [InlineData("\"space\":\"pca\",\"embedding_dimension\":3,\"projection\":{\"mean\":[0,0,0],\"components\":[[1,0,0],[0,1,0]],\"explained_variance\":2}", "field 'projection.explained_variance'")]
    [InlineData("\"space\":\"embedding\",\"projection\":{}", "field 'projection'")]
    public void ABrokenProjectionIsRefusedNamingTheField(string fields, string named)
    {
        using var dir = new TempDir();
        var path = dir.File("gmm.json");
        File.WriteAllText(path, "{\"kind\":\"simcache-gmm\",\"covariance_type\":\"diag\",\"components\":1,\"dimension\":2,\"weights\":[1],\"means\":[[0,0]]," +
                                "\"covariances\":[[1,1]],\"mean_log_likelihood\":0,\"bic\":0,\"aic\":0,\"provenance\":{}," + fields + "}");
        var e = Assert.Throws<DataFormatException>(() => GmmFile.Load(path));
        Assert.Contains(named, e.Message);
        Assert.Contains(path, e.Message);
    }

    /// <summary>
    /// A mean becomes a cache key, so it obeys the vector readers' magnitude rule: at d = 2 a component may reach
    /// √(float.MaxValue / 16) ≈ 4.61e18 (2⁶², the bound that keeps a squared distance finite in float) and no more.
    /// </summary>
    [Theory]
    [InlineData("[[0,4e18]]", null, null)]
    [InlineData("[[0,5e18]]", null, "field 'means[0][1]'")]
    [InlineData("[[3e38,0]]", null, "field 'means[0][0]'")]
    [InlineData("[[0,-1e300]]", null, "field 'means[0][1]'")]
    [InlineData("[[0,0]]", "[0,0,3e38]", "field 'projection.mean[2]'")]
    public void AMeanTooLargeForDistancesIsRefusedNamingTheField(string means, string? projectionMean, string? named)
    {
        Assert.InRange(SimCache.Data.Arrow.VectorMagnitude.ComponentLimit(2), 4.6e18, 4.62e18);
        using var dir = new TempDir();
        var path = dir.File("gmm.json");
        var space = projectionMean is null ? "" :
            ",\"space\":\"pca\",\"embedding_dimension\":3,\"projection\":{\"mean\":" + projectionMean + ",\"components\":[[1,0,0],[0,1,0]],\"explained_variance\":0.5}";
        File.WriteAllText(path, "{\"kind\":\"simcache-gmm\",\"covariance_type\":\"diag\",\"components\":1,\"dimension\":2,\"weights\":[1],\"means\":" + means + "," +
                                "\"covariances\":[[1,1]],\"mean_log_likelihood\":0,\"bic\":0,\"aic\":0,\"provenance\":{}" + space + "}");
        if (named is null)
        {
            Assert.Equal(4e18, GmmFile.Load(path).Model.Means[0][1]);
            return;
        }
        var e = Assert.Throws<DataFormatException>(() => GmmFile.Load(path));
        Assert.Contains(named, e.Message);
        Assert.Contains("too large", e.Message);
        Assert.Contains(path, e.Message);
    }
}
