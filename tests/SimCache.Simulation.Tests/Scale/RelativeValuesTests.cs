using SimCache.Data.IO;
using SimCache.Simulation.Scale;
using Xunit;

namespace SimCache.Simulation.Tests.Scale;

public class RelativeValuesTests
{
    [Fact]
    public void MultiplesOfTheScaleBecomeAbsolute()
    {
        Assert.Equal("sim-lru(capacity=100, threshold=2.5)", RelativeValues.Resolve("sim-lru(capacity=100, threshold=0.5*scale)", 5));
        Assert.Equal("sim-lru(capacity=100,threshold=1.5,cost=power(alpha=1,cr=10))",
            RelativeValues.Resolve("sim-lru(capacity=100,threshold=0.3 * scale,cost=power(alpha=1,cr=2*scale))", 5));
        Assert.Equal("lru(capacity=100)", RelativeValues.Resolve("lru(capacity=100)", 5));
        Assert.Equal(0.5, RelativeValues.Multiple("0.5*scale"));
        Assert.Null(RelativeValues.Multiple("0.5"));
        Assert.Equal("0.2*scale", RelativeValues.Format(0.2));
    }

    [Theory]
    [InlineData("sim-lru(capacity=100, threshold=x*scale)")]
    [InlineData("sim-lru(capacity=100, threshold=-1*scale)")]
    [InlineData("sim-lru(capacity=100, threshold=*scale)")]
    [InlineData("sim-lru(capacity=100, threshold=2*scale*2)")]
    public void MalformedRelativeValuesAreRefused(string spec) =>
        Assert.Throws<UsageException>(() => RelativeValues.Resolve(spec, 5));
}
