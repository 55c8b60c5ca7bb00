using SimCache.Experiments.Config;
using Xunit;

namespace SimCache.Experiments.Tests.Config;

public class ParameterRangeTests
{
    [Fact]
    public void LinearStepsCountPointsWithBothEndsIncluded()
    {
        // (2 − 0.2) / 9 = 0.2 apart, ten points; 0.2 + 3·0.2 is 0.8000000000000002 in doubles, rounded to 0.8.
        Assert.Equal([0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0], new ParameterRange(0.2, 2, 10).Expand());
        Assert.Equal([0.0, 0.5, 1.0], new ParameterRange(0, 1, 3).Expand());
        Assert.Equal([10.0, 5.0, 0.0], new ParameterRange(10, 0, 3).Expand()); // descending is kept as written
        Assert.Equal([-1.0, 1.0], new ParameterRange(-1, 1, 2).Expand());
    }

    [Fact]
    public void LogStepsAreEvenInLog()
    {
        Assert.Equal([1.0, 10.0, 100.0, 1000.0], new ParameterRange(1, 1000, 4, Log: true).Expand());
        Assert.Equal([0.001, 0.01, 0.1], new ParameterRange(0.001, 0.1, 3, Log: true).Expand());
        // 100·100^(1/4) = 316.227766017 (12 significant digits), rounded to whole numbers on request.
        Assert.Equal([100.0, 316.227766017, 1000.0, 3162.27766017, 10000.0], new ParameterRange(100, 10000, 5, Log: true).Expand());
        Assert.Equal([100.0, 316.0, 1000.0, 3162.0, 10000.0], new ParameterRange(100, 10000, 5, Log: true, Integer: true).Expand());
    }

    [Theory]
    [InlineData(0.2, 2, 1, false, false, "steps counts the points")]
    [InlineData(1, 1, 3, false, false, "from and to are equal")]
    [InlineData(0, 10, 3, true, false, "needs from > 0")]
    [InlineData(1, 3, 5, false, true, "points 2 and 3 are both 2")] // 1, 1.5→2, 2, 2.5→3, 3
    public void BadRangesAreRefusedWithTheReason(double from, double to, int steps, bool log, bool integer, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new ParameterRange(from, to, steps, log, integer).Expand());
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData(100, "100")]
    [InlineData(0.2, "0.2")]
    [InlineData(-3, "-3")]
    [InlineData(1e-5, "1E-05")]
    [InlineData(2.5e20, "2.5E+20")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    public void NumbersHaveOneCanonicalText(double value, string text) => Assert.Equal(text, ParamValue.Of(value).Canonical);

    [Fact]
    public void NegativeZeroIsZero() => Assert.Equal(ParamValue.Of(0.0), ParamValue.Of(-0.0));
}
