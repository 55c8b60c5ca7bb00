using SimCache.Geometry.Angles;
using SimCache.Geometry.Synthetic;
using Xunit;

namespace SimCache.Geometry.Tests.Angles;

public class AngleDensityTests
{
    /// <summary>Composite Simpson's rule, written out here so the test does not lean on the library's integration.</summary>
    private static double Integrate(Func<double, double> f, double a, double b, int intervals = 40000)
    {
        double h = (b - a) / intervals, s = f(a) + f(b);
        for (int i = 1; i < intervals; i++) s += (i % 2 == 1 ? 4 : 2) * f(a + i * h);
        return s * h / 3;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(200)]
    [InlineData(1000)]
    public void IntegratesToOne(int p)
    {
        Assert.Equal(1.0, Integrate(t => AngleDensity.Density(t, p), 0, Math.PI), 6);
    }

    [Fact]
    public void StandardDeviationAtP200Is0Point0709()
    {
        double sd = Math.Sqrt(Integrate(t => (t - Math.PI / 2) * (t - Math.PI / 2) * AngleDensity.Density(t, 200), 0, Math.PI));
        Assert.InRange(sd, 0.0709 - 0.001, 0.0709 + 0.001);
        Assert.Equal(sd, AngleDensity.StandardDeviation(200), 6);
    }

    [Theory]
    [InlineData(3, 1.0)]
    [InlineData(50, 1.4)]
    [InlineData(200, 1.7)]
    public void CdfIsTheIntegralOfTheDensity(int p, double theta)
    {
        Assert.Equal(Integrate(t => AngleDensity.Density(t, p), 0, theta), AngleDensity.Cdf(theta, p), 6);
        Assert.Equal(0.5, AngleDensity.Cdf(Math.PI / 2, p), 12);
    }

    [Fact]
    public void RandomDirectionsFitAndAShiftedCloudDoesNot()
    {
        int p = 50, n = 4000;
        var rnd = new Random(1);
        var x = SyntheticClouds.Gaussian(n, p, 1, rnd);
        var angles = Enumerable.Range(0, n).Select(i =>
        {
            double s = 0;
            for (int l = 0; l < p; l++) s += x[i * p + l] * (double)x[i * p + l];
            return Math.Acos(x[i * p] / Math.Sqrt(s));
        }).Order().ToArray();
        Assert.True(AngleDensity.KsDistance(angles, p) < 0.03);
        var shifted = angles.Select(a => a - 0.1).ToArray(); // about 0.7 sd
        Assert.True(AngleDensity.KsDistance(shifted, p) > 0.2);
    }
}
