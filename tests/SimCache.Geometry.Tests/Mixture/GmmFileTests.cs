using SimCache.Data.IO;
using SimCache.Geometry.Mixture;
using Xunit;

namespace SimCache.Geometry.Tests.Mixture;

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
}
