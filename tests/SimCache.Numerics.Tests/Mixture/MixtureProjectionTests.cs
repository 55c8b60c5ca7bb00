using SimCache.Numerics.Mixture;
using SimCache.Numerics.Pca;
using Xunit;

namespace SimCache.Numerics.Tests.Mixture;

/// <summary>The map into the principal subspace and back: hand-computed coordinates, exact round trips, refusals.</summary>
public class MixtureProjectionTests
{
    [Fact]
    public void PointsOnADiagonalLineProjectToTheirSignedDistanceFromTheMean()
    {
        // (1,1), (−1,−1), (2,2), (−2,−2): mean 0, one axis (1,1)/√2 (largest loading positive), all the variance on it.
        double[] x = [1, 1, -1, -1, 2, 2, -2, -2];
        var projection = MixtureProjection.FromPca(PcaSpectrum.Compute(x, 4, 2), 1);
        Assert.Equal(1, projection.Dimension);
        Assert.Equal(2, projection.EmbeddingDimension);
        Assert.Equal(1.0, projection.ExplainedVariance, 12);
        Assert.Equal(1 / Math.Sqrt(2), projection.Components[0][0], 12);
        Assert.Equal(1 / Math.Sqrt(2), projection.Components[0][1], 12);
        var z = projection.Project(x, 4);
        double[] expected = [Math.Sqrt(2), -Math.Sqrt(2), 2 * Math.Sqrt(2), -2 * Math.Sqrt(2)];
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], z[i], 12);
        var back = new double[2];
        projection.Reconstruct([3 * Math.Sqrt(2)], back);
        Assert.Equal(3, back[0], 12);
        Assert.Equal(3, back[1], 12);
    }

    [Fact]
    public void PointsInAPlaneOfFiveDimensionsComeBackExactlyAndKeepTheirDistances()
    {
        // x = μ + a·u + b·v with u, v orthonormal: two components keep all the variance, the map is an isometry on the plane.
        double[] mu = [3, -1, 0.5, 2, 7];
        double[] u = [0.6, 0.8, 0, 0, 0];
        double[] v = [0, 0, 0.6, 0, 0.8];
        var rnd = new Random(3);
        const int n = 50, d = 5;
        var x = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            double a = 4 * rnd.NextDouble() - 2, b = rnd.NextDouble() - 0.5;
            for (int l = 0; l < d; l++) x[i * d + l] = mu[l] + a * u[l] + b * v[l];
        }
        var pca = PcaSpectrum.Compute(x, n, d);
        var projection = MixtureProjection.FromPca(pca, pca.ComponentsFor(0.9999));
        Assert.Equal(2, projection.Dimension);
        var z = projection.Project(x, n);
        var back = new double[d];
        for (int i = 0; i < n; i++)
        {
            projection.Reconstruct(z.AsSpan(i * 2, 2), back);
            for (int l = 0; l < d; l++) Assert.Equal(x[i * d + l], back[l], 9);
            int j = (i + 7) % n;
            double dx = 0, dz = 0;
            for (int l = 0; l < d; l++) dx += (x[i * d + l] - x[j * d + l]) * (x[i * d + l] - x[j * d + l]);
            for (int c = 0; c < 2; c++) dz += (z[i * 2 + c] - z[j * 2 + c]) * (z[i * 2 + c] - z[j * 2 + c]);
            Assert.Equal(dx, dz, 9);
        }
    }

    [Fact]
    public void FloatRowsMapBackAsTheDoubleMapDoes()
    {
        var projection = new MixtureProjection([1, 2, 3], [[0, 1, 0], [0.6, 0, 0.8]], 0.5);
        float[] z = [1, 2, -1, 0.5f];
        var x = new float[6];
        projection.Reconstruct(z, 2, x);
        // row 0: (1,2,3) + 1·(0,1,0) + 2·(0.6,0,0.8) = (2.2, 3, 4.6); row 1: (1,2,3) − (0,1,0) + 0.5·(0.6,0,0.8) = (1.3, 1, 3.4).
        float[] expected = [2.2f, 3, 4.6f, 1.3f, 1, 3.4f];
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], x[i], 5);
    }

    [Fact]
    public void RefusesAxesThatAreNotOrthonormalAndValuesThatAreNotFinite()
    {
        Assert.Equal("components", Assert.Throws<ArgumentException>(() => new MixtureProjection([0, 0], [[1, 0], [1, 1]], 1)).ParamName);
        Assert.Equal("components", Assert.Throws<ArgumentException>(() => new MixtureProjection([0, 0], [[2, 0]], 1)).ParamName);
        Assert.Equal("components", Assert.Throws<ArgumentException>(() => new MixtureProjection([0, 0], [[1, 0], [0, 1], [0, 1]], 1)).ParamName);
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => new MixtureProjection([0, double.NaN], [[1, 0]], 1)).ParamName);
        Assert.Equal("explainedVariance", Assert.Throws<ArgumentException>(() => new MixtureProjection([0, 0], [[1, 0]], 0)).ParamName);
    }
}
