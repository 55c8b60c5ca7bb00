using Xunit;
using SimCache.Data.IO;
using SimCache.Data.Synthetic;

namespace SimCache.Data.Tests.Synthetic;

/// <summary>Presets must have the advertised scale, and bad values must reach the user as a usage error naming the option.</summary>
public sealed class SyntheticOptionsTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void SmallPresetIsAFewThousandUsersAndAboutTwoHundredThousandRatings()
    {
        var o = SyntheticOptions.Preset("small");
        Assert.InRange(o.Users, 2_000, 5_000);
        Assert.InRange(o.Items, 1_000, 3_000);
        var result = SyntheticGenerator.Generate(o, _tmp.File("small"), "synth --preset small");
        Assert.InRange(result.Ratings, 150_000, 250_000);
        Assert.Equal(o.Items, result.RatedItems);
    }

    [Fact]
    public void Ml20mPresetHasMl20mShape()
    {
        var o = SyntheticOptions.Preset("ml-20m");
        Assert.Equal(138_493, o.Users);
        Assert.InRange(o.Items, 18_000, 27_000);
        Assert.Equal(20, o.MinRatingsPerUser);
        Assert.Equal(68, o.MedianRatingsPerUser);
        double expectedMean = o.MinRatingsPerUser + (o.MedianRatingsPerUser - o.MinRatingsPerUser) * Math.Exp(o.ActivitySigma * o.ActivitySigma / 2);
        Assert.InRange(expectedMean * o.Users, 19e6, 21e6);
        Assert.Equal(1995, o.TimeStart.Year);
        Assert.Equal(2015, o.TimeEnd.Year);
    }

    [Fact]
    public void Ml20mShapeAtFewUsersRespectsMinimumAndSpan()
    {
        var o = SyntheticOptions.Preset("ml-20m") with { Users = 300 };
        var dir = _tmp.File("ml");
        SyntheticGenerator.Generate(o, dir, "synth --preset ml-20m --users 300");
        var log = RatingLog.Load(dir);
        Assert.All(log.RowsByUser(o.Users), rows => Assert.True(rows.Count >= 20));
        Assert.All(log.Timestamps, t => Assert.InRange(t, o.TimeStart.ToUnixTimeSeconds(), o.TimeEnd.ToUnixTimeSeconds()));
    }

    [Fact]
    public void UnknownPresetIsAUsageError()
    {
        var e = Assert.Throws<UsageException>(() => SyntheticOptions.Preset("ml-1b"));
        Assert.Contains("--preset", e.Message);
        Assert.Contains("ml-1b", e.Message);
    }

    [Theory]
    [InlineData("users", "--users")]
    [InlineData("items", "--items")]
    [InlineData("clusters", "--clusters")]
    [InlineData("clusters-over-items", "--clusters")]
    [InlineData("clusters-times-items", "--clusters")]
    [InlineData("zipf", "--zipf-exponent")]
    [InlineData("min-ratings", "--min-ratings-per-user")]
    [InlineData("min-over-cap", "--min-ratings-per-user")]
    [InlineData("median", "--median-ratings-per-user")]
    [InlineData("sigma", "--activity-sigma")]
    [InlineData("fraction", "--max-ratings-fraction")]
    [InlineData("global-share", "--global-share")]
    [InlineData("shares-sum", "--global-share")]
    [InlineData("noise", "--noise-sd")]
    [InlineData("time", "--time-end")]
    [InlineData("session-gap", "--max-session-gap-days")]
    [InlineData("dop", "--max-degree-of-parallelism")]
    public void InvalidValueIsAUsageErrorNamingTheOption(string kind, string option)
    {
        var o = SyntheticOptions.Preset("small");
        o = kind switch
        {
            "users" => o with { Users = 0 },
            "items" => o with { Items = -1 },
            "clusters" => o with { Clusters = 0 },
            "clusters-over-items" => o with { Items = 10, Clusters = 11, MinRatingsPerUser = 1, MedianRatingsPerUser = 2, MaxRatingsFraction = 1 },
            "clusters-times-items" => o with { Items = 1_000_000, Clusters = 101 },
            "zipf" => o with { ZipfExponent = double.NaN },
            "min-ratings" => o with { MinRatingsPerUser = 0 },
            "min-over-cap" => o with { MinRatingsPerUser = 700, MedianRatingsPerUser = 800 },
            "median" => o with { MedianRatingsPerUser = o.MinRatingsPerUser },
            "sigma" => o with { ActivitySigma = -0.1 },
            "fraction" => o with { MaxRatingsFraction = 1.5 },
            "global-share" => o with { GlobalShare = -0.1 },
            "shares-sum" => o with { GlobalShare = 0.8, SecondaryShareEnd = 0.3 },
            "noise" => o with { NoiseSd = -1 },
            "time" => o with { TimeEnd = o.TimeStart },
            "session-gap" => o with { MinSessionGapDays = 10, MaxSessionGapDays = 5 },
            "dop" => o with { MaxDegreeOfParallelism = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var e = Assert.Throws<UsageException>(o.Validate);
        Assert.StartsWith(option, e.Message);

        // Generate validates before touching the output folder.
        var dir = _tmp.File("never");
        Assert.Throws<UsageException>(() => SyntheticGenerator.Generate(o, dir, "synth"));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void PresetsAreValid()
    {
        foreach (var name in SyntheticOptions.PresetNames) SyntheticOptions.Preset(name).Validate();
    }
}
