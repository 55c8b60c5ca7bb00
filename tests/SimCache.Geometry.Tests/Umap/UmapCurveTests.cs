using SimCache.Geometry.Umap;
using Xunit;

namespace SimCache.Geometry.Tests.Umap;

public class UmapCurveTests
{
    /// <summary>umap-learn's find_ab_params(1.0, 0.1) (scipy curve_fit) gives a = 1.5769434603113077, b = 0.8950608779109733.</summary>
    [Fact]
    public void DefaultsMatchTheReferenceFit()
    {
        var (a, b) = UmapCurve.Fit(1.0, 0.1);
        Assert.Equal(1.5769434603113077, a, 4);
        Assert.Equal(0.8950608779109733, b, 4);
    }

    [Fact]
    public void TheFitIsALeastSquaresMinimum()
    {
        // Nudging either parameter away from the fit raises the squared error of the curve against its target.
        double Cost(double a, double b) => Enumerable.Range(0, 300).Select(t => 3.0 * t / 299).Sum(x =>
        {
            double y = x < 0.5 ? 1 : Math.Exp(-(x - 0.5));
            double f = x == 0 ? 1 : 1 / (1 + a * Math.Pow(x, 2 * b));
            return (f - y) * (f - y);
        });
        var (a0, b0) = UmapCurve.Fit(1.0, 0.5);
        double c0 = Cost(a0, b0);
        foreach (var (da, db) in new[] { (1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3) })
            Assert.True(Cost(a0 + da, b0 + db) > c0, $"a {a0} b {b0}");
        Assert.True(a0 < 1.5769 && b0 > 0.8951, "a larger min_dist flattens the curve's top: smaller a, larger b");
    }
}
