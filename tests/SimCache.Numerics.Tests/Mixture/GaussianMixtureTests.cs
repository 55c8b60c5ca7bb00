using SimCache.Numerics.Mixture;
using Xunit;

namespace SimCache.Numerics.Tests.Mixture;

public class GaussianMixtureTests
{
    private static readonly double[] TrueWeights = [0.5, 0.3, 0.2];
    private static readonly double[][] TrueMeans = [[0, 0, 0], [6, 0, 1], [0, 7, -2]];

    private static GaussianMixtureModel Truth()
    {
        double[] c0 = [1, 0.3, 0, 0.3, 1, 0, 0, 0, 1];
        double[] c1 = [0.5, 0, 0, 0, 2, -0.4, 0, -0.4, 1];
        double[] c2 = [1.5, 0, 0.2, 0, 0.7, 0, 0.2, 0, 0.9];
        return new GaussianMixtureModel(CovarianceType.Full, TrueWeights, TrueMeans, [c0, c1, c2]);
    }

    [Fact]
    public void RecoversAKnownThreeComponentMixtureAndBicPicksThree()
    {
        var truth = Truth();
        var (x, _) = truth.Sample(4000, new Random(11));
        var fits = Enumerable.Range(1, 5).Select(k => GaussianMixture.Fit(x, 4000, 3,
            new GaussianMixtureOptions { Components = k, NInit = 2, Seed = 1 })).ToList();
        var best = fits.MinBy(f => f.Bic)!;
        Assert.Equal(3, best.Model.Components);
        Assert.True(best.Converged);
        for (int c = 0; c < 3; c++)
        {
            // Match each true component to the fitted one with the nearest mean.
            int m = Enumerable.Range(0, 3).MinBy(j => Dist(best.Model.Means[j], TrueMeans[c]));
            Assert.True(Dist(best.Model.Means[m], TrueMeans[c]) < 0.15, $"mean {c}");
            Assert.Equal(TrueWeights[c], best.Model.Weights[m], 0.03);
            for (int e = 0; e < 9; e++)
                Assert.Equal(truth.Covariances[c][e], best.Model.Covariances[m][e], 0.2);
        }
        // The true parameters' likelihood bounds the fit's from below only up to sampling noise.
        Assert.Equal(truth.MeanLogLikelihood(x, 4000), best.MeanLogLikelihood, 0.02);
    }

    [Fact]
    public void DiagonalCovariancesAlsoPickThree()
    {
        var diag = new GaussianMixtureModel(CovarianceType.Diag, TrueWeights, TrueMeans, [[1, 1, 1], [0.5, 2, 1], [1.5, 0.7, 0.9]]);
        var (x, _) = diag.Sample(3000, new Random(4));
        var best = Enumerable.Range(1, 5).Select(k => GaussianMixture.Fit(x, 3000, 3,
            new GaussianMixtureOptions { Components = k, CovarianceType = CovarianceType.Diag, Seed = 2 })).MinBy(f => f.Bic)!;
        Assert.Equal(3, best.Model.Components);
    }

    [Fact]
    public void BicOfOneFullComponentMatchesAHandComputation()
    {
        // Four points in 2-D; K = 1 is the maximum-likelihood Gaussian: mean, biased covariance + 1e-6·I.
        double[] x = [0, 0, 2, 0, 0, 1, 2, 3];
        var fit = GaussianMixture.Fit(x, 4, 2, new GaussianMixtureOptions { Components = 1 });
        double mx = 1, my = 1;
        double sxx = (1 + 1 + 1 + 1) / 4.0 + 1e-6;
        double syy = (1 + 1 + 0 + 4) / 4.0 + 1e-6;
        double sxy = ((-1) * (-1) + 1 * (-1) + (-1) * 0 + 1 * 2) / 4.0;
        double det = sxx * syy - sxy * sxy;
        double ll = 0;
        for (int i = 0; i < 4; i++)
        {
            double dx = x[2 * i] - mx, dy = x[2 * i + 1] - my;
            double q = (syy * dx * dx - 2 * sxy * dx * dy + sxx * dy * dy) / det;
            ll += -0.5 * (2 * Math.Log(2 * Math.PI) + Math.Log(det) + q);
        }
        double bic = -2 * ll + 5 * Math.Log(4); // p = means 2 + covariance 3 + weights 0
        Assert.Equal(bic, fit.Bic, 9);
        Assert.Equal(-2 * ll + 2 * 5, fit.Aic, 9);
        Assert.Equal(ll / 4, fit.MeanLogLikelihood, 12);
    }

    [Theory]
    [InlineData(CovarianceType.Full, 3, 200, 3 * 200 * 201 / 2 + 3 * 200 + 2)]
    [InlineData(CovarianceType.Diag, 3, 200, 3 * 200 + 3 * 200 + 2)]
    [InlineData(CovarianceType.Tied, 3, 200, 200 * 201 / 2 + 3 * 200 + 2)]
    [InlineData(CovarianceType.Spherical, 3, 200, 3 + 3 * 200 + 2)]
    [InlineData(CovarianceType.Full, 1, 2, 5)]
    [InlineData(CovarianceType.Diag, 10, 5, 10 * 5 + 10 * 5 + 9)]
    public void ParameterCounts(CovarianceType type, int k, int d, long expected)
    {
        Assert.Equal(expected, CovarianceTypes.ParameterCount(type, k, d));
    }

    [Fact]
    public void TheFitIsTheSameOnOneOrTwoThreads()
    {
        var (x, _) = Truth().Sample(6000, new Random(3));
        var a = GaussianMixture.Fit(x, 6000, 3, new GaussianMixtureOptions { Components = 3, Seed = 5, MaxThreads = 1 });
        var b = GaussianMixture.Fit(x, 6000, 3, new GaussianMixtureOptions { Components = 3, Seed = 5, MaxThreads = 2 });
        Assert.Equal(a.Bic, b.Bic);
        Assert.Equal(a.Model.Means.SelectMany(m => m), b.Model.Means.SelectMany(m => m));
    }

    [Fact]
    public void LogDensityAgreesWithScoreSamplesAndTiedSphericalFit()
    {
        var (x, _) = Truth().Sample(1500, new Random(8));
        foreach (var type in new[] { CovarianceType.Tied, CovarianceType.Spherical, CovarianceType.Diag, CovarianceType.Full })
        {
            var fit = GaussianMixture.Fit(x, 1500, 3, new GaussianMixtureOptions { Components = 3, CovarianceType = type, Seed = 1 });
            var scores = fit.Model.ScoreSamples(x, 1500);
            for (int i = 0; i < 1500; i += 97) Assert.Equal(scores[i], fit.Model.LogDensity(x.AsSpan(i * 3, 3)), 10);
            Assert.Equal(fit.MeanLogLikelihood, scores.Average(), 10);
        }
    }

    [Fact]
    public void SamplesHaveTheModelsMoments()
    {
        var model = new GaussianMixtureModel(CovarianceType.Full, [1.0], [[2, -1]], [[4, 1.2, 1.2, 1]]);
        var (x, labels) = model.Sample(20000, new Random(1));
        Assert.All(labels, l => Assert.Equal(0, l));
        double mx = 0, my = 0;
        for (int i = 0; i < 20000; i++) { mx += x[2 * i]; my += x[2 * i + 1]; }
        mx /= 20000; my /= 20000;
        double cxy = 0, cxx = 0;
        for (int i = 0; i < 20000; i++) { cxx += (x[2 * i] - mx) * (x[2 * i] - mx); cxy += (x[2 * i] - mx) * (x[2 * i + 1] - my); }
        Assert.Equal(2, mx, 0.05);
        Assert.Equal(-1, my, 0.03);
        Assert.Equal(4, cxx / 20000, 0.15);
        Assert.Equal(1.2, cxy / 20000, 0.06);
    }

    [Fact]
    public void AModelRefusesBadParameters()
    {
        Assert.Contains("weights", Assert.Throws<ArgumentException>(() => new GaussianMixtureModel(CovarianceType.Diag, [0.5, 0.6], [[0.0], [1.0]], [[1.0], [1.0]])).Message);
        Assert.Contains("positive definite", Assert.Throws<ArgumentException>(() => new GaussianMixtureModel(CovarianceType.Full, [1.0], [[0.0, 0]], [[1.0, 2, 2, 1]])).Message);
        Assert.Contains("means", Assert.Throws<ArgumentException>(() => new GaussianMixtureModel(CovarianceType.Diag, [1.0], [[double.NaN]], [[1.0]])).Message);
    }

    private static double Dist(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (u, v) => (u - v) * (u - v)).Sum());
}
