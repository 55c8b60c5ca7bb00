using SimCache.Geometry.Mixture;
using SimCache.Numerics.Mixture;
using Xunit;

namespace SimCache.Geometry.Tests.Mixture;

/// <summary>
/// Choosing K where it means something: well-separated blobs whose true K the principal-subspace search finds and
/// the full-covariance search in all dimensions cannot afford; the edge and starved-component warnings; the
/// diagonal likelihood and BIC against hand computations.
/// </summary>
public class MixtureSearchTests
{
    private const int Blobs = 5, PerBlob = 60, Dim = 40;

    /// <summary>
    /// Five blobs of 60 points in 40 dimensions: centre c is 12·e_c, noise N(0, I), so the centres are 12·√2 ≈ 17 noise
    /// sds apart and any sensible mixture separates them.
    /// </summary>
    private static (double[] X, int[] Truth) FiveBlobs()
    {
        var rnd = new Random(11);
        var x = new double[Blobs * PerBlob * Dim];
        var truth = new int[Blobs * PerBlob];
        for (int i = 0; i < truth.Length; i++)
        {
            truth[i] = i % Blobs;
            for (int l = 0; l < Dim; l++) x[i * Dim + l] = (l == truth[i] ? 12 : 0) + Normal(rnd);
        }
        return (x, truth);
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void OnThePrincipalComponentsWithDiagonalCovariancesBicPicksTheTrueKAndRecoversTheBlobs()
    {
        var (x, truth) = FiveBlobs();
        int n = truth.Length;
        var r = MixtureSearch.Run(x, n, Dim, new MixtureSearchOptions { MaxComponents = 8, Covariance = CovarianceType.Diag, Space = MixtureSpace.Pca, NInit = 2, Seed = 1 });
        Assert.Equal(Blobs, r.Best!.Model.Components);
        Assert.NotNull(r.Projection);
        Assert.True(r.Dimension < Dim, $"kept {r.Dimension} of {Dim} components");
        Assert.Equal(2L * r.Dimension + 1, r.ParametersPerComponent);
        Assert.Empty(r.Warnings);
        Assert.Contains("leading principal components", r.Reason);
        // Every blob is one component and no two blobs share one.
        for (int b = 0; b < Blobs; b++)
            Assert.Single(Enumerable.Range(0, n).Where(i => truth[i] == b).Select(i => r.Labels![i]).Distinct());
        Assert.Equal(Blobs, r.Labels!.Distinct().Count());
        Assert.All(r.PointsPerComponent, c => Assert.Equal(PerBlob, c));
    }

    [Fact]
    public void FullCovariancesInEveryDimensionCannotAffordASecondComponentAndSaySo()
    {
        // 861 parameters per full component in 40 dimensions, 300 points: BIC's p·ln n outweighs five obvious blobs.
        var (x, truth) = FiveBlobs();
        var r = MixtureSearch.Run(x, truth.Length, Dim, new MixtureSearchOptions { MaxComponents = 6, Covariance = CovarianceType.Full, Space = MixtureSpace.Embedding, NInit = 1, Seed = 1 });
        Assert.Null(r.Projection);
        Assert.Equal(Dim, r.Dimension);
        Assert.Equal(1, r.Best!.Model.Components);
        Assert.Equal(40L * 41 / 2 + 40 + 1, r.ParametersPerComponent);
        Assert.Contains(r.Warnings, w => w.Contains("K = 1, the smallest K searched (1..6)"));
        Assert.Contains(r.Warnings, w => w.Contains("1 of 1 components hold fewer points than their 861 parameters"));
    }

    [Fact]
    public void AChosenKAtTheTopOfTheRangeIsAWarning()
    {
        var (x, truth) = FiveBlobs();
        var r = MixtureSearch.Run(x, truth.Length, Dim, new MixtureSearchOptions { MaxComponents = 3, NInit = 1, Seed = 1 });
        Assert.Equal(3, r.Best!.Model.Components);
        Assert.Contains(r.Warnings, w => w.Contains("K = 3, the largest K searched (1..3)"));
    }

    [Fact]
    public void DiagonalComponentsInEveryDimensionWithFewerPointsThanParametersAreAWarning()
    {
        // Diagonal in 40 dimensions: 81 parameters per component, 60 points per blob.
        var (x, truth) = FiveBlobs();
        var r = MixtureSearch.Run(x, truth.Length, Dim, new MixtureSearchOptions { MaxComponents = 7, Space = MixtureSpace.Embedding, NInit = 1, Seed = 1 });
        Assert.Equal(Blobs, r.Best!.Model.Components);
        Assert.Contains(r.Warnings, w => w.Contains("5 of 5 components hold fewer points than their 81 parameters (smallest: 60 points)"));
    }

    [Fact]
    public void OneGaussianGivesKOneWhichWarnsUnlessOneComponentIsExpected()
    {
        var rnd = new Random(2);
        const int n = 400, d = 6;
        var x = new double[n * d];
        for (int i = 0; i < x.Length; i++) x[i] = Normal(rnd) * (1 + i % d);
        var options = new MixtureSearchOptions { MaxComponents = 4, NInit = 1, Seed = 3 };
        var r = MixtureSearch.Run(x, n, d, options);
        Assert.Equal(1, r.Best!.Model.Components);
        Assert.Single(r.Warnings);
        Assert.Contains("K = 1, the smallest K searched (1..4)", r.Warnings[0]);
        Assert.Empty(MixtureSearch.Run(x, n, d, options with { ExpectSingleComponent = true }).Warnings);
    }

    [Fact]
    public void BicOfOneDiagonalComponentMatchesAHandComputation()
    {
        // Four points in 2-D: mean (1, 1); biased variances 1 and 1.5, plus reg_covar 1e-6; p = 2 means + 2 variances.
        double[] x = [0, 0, 2, 0, 0, 1, 2, 3];
        var fit = GaussianMixture.Fit(x, 4, 2, new GaussianMixtureOptions { Components = 1, CovarianceType = CovarianceType.Diag });
        double vx = 1 + 1e-6, vy = 1.5 + 1e-6, ll = 0;
        for (int i = 0; i < 4; i++)
        {
            double dx = x[2 * i] - 1, dy = x[2 * i + 1] - 1;
            ll += -0.5 * (2 * Math.Log(2 * Math.PI) + Math.Log(vx) + Math.Log(vy) + dx * dx / vx + dy * dy / vy);
        }
        Assert.Equal(ll / 4, fit.MeanLogLikelihood, 12);
        Assert.Equal(-2 * ll + 4 * Math.Log(4), fit.Bic, 9);
    }

    [Fact]
    public void TheDiagonalMixtureDensityIsTheHandComputedLogSumExp()
    {
        var model = new GaussianMixtureModel(CovarianceType.Diag, [0.3, 0.7], [[0, 0], [2, -1]], [[1, 4], [0.25, 1]]);
        double[] p = [0.5, -0.5];
        static double LogNormal(double x, double m, double v) => -0.5 * (Math.Log(2 * Math.PI * v) + (x - m) * (x - m) / v);
        double a = Math.Log(0.3) + LogNormal(0.5, 0, 1) + LogNormal(-0.5, 0, 4);
        double b = Math.Log(0.7) + LogNormal(0.5, 2, 0.25) + LogNormal(-0.5, -1, 1);
        double expected = Math.Max(a, b) + Math.Log(Math.Exp(a - Math.Max(a, b)) + Math.Exp(b - Math.Max(a, b)));
        Assert.Equal(expected, model.LogDensity(p), 12);
    }
}
