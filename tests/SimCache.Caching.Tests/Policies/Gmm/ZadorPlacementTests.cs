using SimCache.Caching.Policies.Gmm;
using SimCache.Numerics.Mixture;
using Xunit;

namespace SimCache.Caching.Tests.Policies.Gmm;

/// <summary>
/// The Zador allocation against closed forms worked by hand, and the sampler against the moments it must have.
/// </summary>
public class ZadorPlacementTests
{
    // d = 2, r = 2: a = 1/2, so keys ∝ √w · det(Σ)^{1/4}. With w = (1/9, 4/9, 4/9) and det Σ = (1, 16, 1/16):
    // √w = (1/3, 2/3, 2/3), det^{1/4} = (1, 2, 1/2), products (1/3, 4/3, 1/3): shares (1/6, 4/6, 1/6).
    private static readonly double[] Weights = [1.0 / 9, 4.0 / 9, 4.0 / 9];
    private static readonly double[] LogDets = [0, Math.Log(16), Math.Log(1.0 / 16)];

    [Theory]
    [InlineData(12, 2, 8, 2)]  // quotas 2, 8, 2 exactly
    [InlineData(10, 2, 7, 1)]  // quotas 1.67, 6.67, 1.67: floors 1, 6, 1; two keys left, three equal remainders: lowest indices
    [InlineData(11, 2, 7, 2)]  // quotas 1.83, 7.33, 1.83: floors 1, 7, 1; the two remainders of .83 win
    [InlineData(1, 0, 1, 0)]   // quotas .17, .67, .17
    [InlineData(0, 0, 0, 0)]
    public void KeysPerComponentFollowWToTheATimesDetToThe1MinusAOver2ByLargestRemainder(int total, int c0, int c1, int c2)
    {
        var shares = ZadorPlacement.Shares(Weights, LogDets, 2);
        Assert.Equal(1.0 / 6, shares[0], 12);
        Assert.Equal(4.0 / 6, shares[1], 12);
        Assert.Equal(1.0 / 6, shares[2], 12);
        Assert.Equal(new[] { c0, c1, c2 }, ZadorPlacement.Allocate(Weights, LogDets, 2, total));
    }

    [Fact]
    public void AModelsFullCovariancesGiveTheHandComputedDeterminantsAndTheSameCounts()
    {
        // det [[5,3],[3,5]] = 16; det [[0.5,0.25],[0.25,0.25]] = 0.125 − 0.0625 = 1/16.
        var model = new GaussianMixtureModel(CovarianceType.Full, Weights, [[0, 0], [10, 0], [0, 10]],
            [[1, 0, 0, 1], [5, 3, 3, 5], [0.5, 0.25, 0.25, 0.25]]);
        var logDets = ZadorPlacement.LogDeterminants(model);
        for (int c = 0; c < 3; c++) Assert.Equal(LogDets[c], logDets[c], 12);
        Assert.Equal(new[] { 2, 8, 2 }, ZadorPlacement.Allocate(model, 2, 12));
        var diag = new GaussianMixtureModel(CovarianceType.Diag, Weights, [[0, 0], [10, 0], [0, 10]], [[1, 1], [2, 8], [0.25, 0.25]]);
        Assert.Equal(new[] { 2, 8, 2 }, ZadorPlacement.Allocate(diag, 2, 12));
        var spherical = new GaussianMixtureModel(CovarianceType.Spherical, Weights, [[0, 0], [10, 0], [0, 10]], [[1], [4], [0.25]]);
        Assert.Equal(new[] { 2, 8, 2 }, ZadorPlacement.Allocate(spherical, 2, 12));
    }

    [Fact]
    public void TwoHundredDimensionalDeterminantsThatUnderflowADoubleStillSplitByTheClosedForm()
    {
        // Σ1 = 1e-3·I, Σ2 = 4e-3·I in d = 200: det Σ1 = 1e-600 underflows. Equal weights, a = 200/202, so
        // n2/n1 = (det Σ2 / det Σ1)^{(1−a)/2} = (4^200)^{1/202} = 4^{200/202} ≈ 3.9455: p2 ≈ 0.7978.
        const int d = 200;
        var model = new GaussianMixtureModel(CovarianceType.Diag, [0.5, 0.5], [new double[d], new double[d]],
            [Enumerable.Repeat(1e-3, d).ToArray(), Enumerable.Repeat(4e-3, d).ToArray()]);
        Assert.Equal(0.0, Math.Pow(1e-3, d));
        var logDets = ZadorPlacement.LogDeterminants(model);
        Assert.Equal(d * Math.Log(1e-3), logDets[0], 9);
        double q = Math.Pow(4, 200.0 / 202);
        var shares = ZadorPlacement.Shares(model.Weights, logDets, d);
        Assert.Equal(q / (1 + q), shares[1], 12);
        Assert.Equal(new[] { 202, 798 }, ZadorPlacement.Allocate(model, d, 1000)); // quotas 202.21, 797.79
        // With d = 1 (a = 1/3) the covariance matters far more: n2/n1 = 4^{200/3}, all but nothing to component 2.
        Assert.Equal(new[] { 0, 1000 }, ZadorPlacement.Allocate(model, 1, 1000));
    }

    [Fact]
    public void AComponentOfWeightZeroGetsNoKeyAndBadInputsAreRefused()
    {
        Assert.Equal(new[] { 5, 0 }, ZadorPlacement.Allocate([1.0, 0.0], [0.0, 50.0], 2, 5));
        Assert.Throws<ArgumentException>(() => ZadorPlacement.Allocate([0.0, 0.0], [0.0, 0.0], 2, 5));
        Assert.Throws<ArgumentException>(() => ZadorPlacement.Allocate([1.0], [0.0, 0.0], 2, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => ZadorPlacement.Allocate([1.0], [0.0], 0, 5));
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Diag)]
    public void SampledKeysHaveEachComponentsMeanAndCovarianceTimesDPlusROverD(CovarianceType type)
    {
        // d = 3: the covariance is scaled by 5/3, far outside the sampling error of 20,000 and 30,000 points.
        const int d = 3;
        double[][] means = [[1, -2, 3], [-5, 0, 5]];
        double[][] full = [[2, 0.6, -0.3, 0.6, 1, 0.2, -0.3, 0.2, 0.5], [0.3, 0, 0.1, 0, 4, -1, 0.1, -1, 1]];
        double[][] covariances = type == CovarianceType.Full ? full : full.Select(c => new[] { c[0], c[4], c[8] }).ToArray();
        var model = new GaussianMixtureModel(type, [0.4, 0.6], means, covariances);
        int[] counts = [20_000, 30_000];
        var keys = new float[50_000 * d];
        ZadorPlacement.Sample(model, counts, d, new Random(5), keys);
        double scale = 5.0 / 3;
        int row = 0;
        for (int c = 0; c < 2; c++)
        {
            int n = counts[c];
            double Sigma(int i, int j) => type == CovarianceType.Full ? full[c][i * d + j] : i == j ? full[c][i * d + i] : 0;
            var mean = new double[d];
            for (int r = row; r < row + n; r++)
                for (int i = 0; i < d; i++) mean[i] += keys[r * d + i] / (double)n;
            for (int i = 0; i < d; i++)
                Assert.True(Math.Abs(mean[i] - means[c][i]) < 5 * Math.Sqrt(scale * Sigma(i, i) / n), $"component {c} mean[{i}] = {mean[i]}");
            for (int i = 0; i < d; i++)
                for (int j = 0; j <= i; j++)
                {
                    double s = 0;
                    for (int r = row; r < row + n; r++) s += (keys[r * d + i] - mean[i]) * (keys[r * d + j] - mean[j]);
                    s /= n - 1;
                    double expected = scale * Sigma(i, j);
                    // Var of a sample covariance of a Gaussian: (Σ_ii Σ_jj + Σ_ij²)/n.
                    double se = Math.Sqrt((scale * Sigma(i, i) * scale * Sigma(j, j) + expected * expected) / n);
                    Assert.True(Math.Abs(s - expected) < 5 * se, $"component {c} cov[{i},{j}] = {s}, expected {expected} ± {se}");
                    if (i == j) Assert.True(Math.Abs(s - Sigma(i, i)) > 20 * se, "the unscaled covariance must be told apart");
                }
            row += n;
        }
    }

    [Fact]
    public void SamplesAreAFunctionOfTheSeedWhateverTheThreadCount()
    {
        const int d = 40;
        var rng = new Random(3);
        var a = new double[d * d];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() - 0.5;
        var cov = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double s = i == j ? 0.1 : 0;
                for (int l = 0; l < d; l++) s += a[i * d + l] * a[j * d + l];
                cov[i * d + j] = s;
            }
        var model = new GaussianMixtureModel(CovarianceType.Full, [1.0], [new double[d]], [cov]);
        var one = new float[1500 * d];
        var two = new float[1500 * d];
        ZadorPlacement.Sample(model, [1500], d, new Random(9), one, maxThreads: 1);
        ZadorPlacement.Sample(model, [1500], d, new Random(9), two, maxThreads: 2);
        Assert.Equal(one, two);
        ZadorPlacement.Sample(model, [1500], d, new Random(10), two);
        Assert.NotEqual(one, two);
    }
}
