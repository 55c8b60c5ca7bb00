using SimCache.Caching.Costs;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Caching.Tests.Costs;

public class CostModelTests
{
    [Fact]
    public void PowerCostIsDToTheAlphaAndRetrievalIsTheConstantCr()
    {
        var c = CostModels.Create("power(alpha=2, cr=4)");
        Assert.Equal(0, c.Approximation(0));
        Assert.Equal(2.25, c.Approximation(1.5));
        Assert.Equal(4, c.Retrieval);
        Assert.Equal(2, c.CoverageRadius);
        Assert.Equal(4, c.Best(3));
        Assert.Equal(1, c.Best(1));
        Assert.Equal("power(alpha=2, cr=4)", c.Description);
        Assert.Equal("power(alpha=1, cr=1)", CostModels.Create("power").Description);
    }

    [Fact]
    public void ThresholdCostIsZeroUpToThetaInclusiveAndOneBeyond()
    {
        var c = CostModels.Create("threshold(theta=0.5)");
        Assert.Equal(0, c.Approximation(0.5));
        Assert.Equal(1, c.Approximation(0.5000001));
        Assert.Equal(0.5, c.CoverageRadius);
        Assert.Equal(double.PositiveInfinity, CostModels.Create("threshold(theta=0.5, cr=2)").CoverageRadius);
    }

    [Fact]
    public void BadCostSpecsNameTheProblem()
    {
        Assert.Contains("valid: power(alpha=1, cr=1); threshold(theta (required), cr=1)", Assert.Throws<UsageException>(() => CostModels.Create("linear")).Message);
        Assert.Contains("parameter 'theta' is required", Assert.Throws<UsageException>(() => CostModels.Create("threshold")).Message);
        Assert.Contains("parameter 'alpha' must be a number > 0", Assert.Throws<UsageException>(() => CostModels.Create("power(alpha=0)")).Message);
    }
}
