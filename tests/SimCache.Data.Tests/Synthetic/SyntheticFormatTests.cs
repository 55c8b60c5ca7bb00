using Xunit;
using SimCache.Data.IO;
using SimCache.Data.Synthetic;

namespace SimCache.Data.Tests.Synthetic;

/// <summary>The synthetic log must be readable by exactly the same loader as a real MovieLens ratings.csv.</summary>
public sealed class SyntheticFormatTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static readonly SyntheticOptions Small =
        SyntheticOptions.Preset("small") with { Users = 700, Items = 600, Clusters = 5, Seed = 3 };

    [Fact]
    public void RatingsCsvIsMovieLensFormatSortedWithoutDuplicates()
    {
        var dir = _tmp.File("out");
        var result = SyntheticGenerator.Generate(Small, dir, "synth --test");
        var log = RatingLog.Load(dir); // strict: header, LF, 4 fields, rating token in {0.5, 1.0, …, 5.0}

        Assert.Equal(result.Ratings, log.Count);
        long start = Small.TimeStart.ToUnixTimeSeconds(), end = Small.TimeEnd.ToUnixTimeSeconds();
        var seenUsers = new HashSet<int>();
        for (int r = 0; r < log.Count; r++)
        {
            Assert.InRange(log.Users[r], 1, Small.Users);
            Assert.InRange(log.Items[r], 1, Small.Items);
            Assert.InRange(log.Timestamps[r], start, end);
            seenUsers.Add(log.Users[r]);
            if (r > 0)
            {
                // Strictly increasing (user, item): sorted as MovieLens ships it, and no duplicate pair.
                bool increasing = log.Users[r] > log.Users[r - 1] || (log.Users[r] == log.Users[r - 1] && log.Items[r] > log.Items[r - 1]);
                Assert.True(increasing, $"row {r + 2} is out of (userId, movieId) order or duplicated");
            }
        }
        Assert.Equal(Small.Users, seenUsers.Count); // ids start at 1 and are contiguous
        Assert.Equal(1, log.Users[0]);
    }

    [Fact]
    public void RatingTokensAreFormattedLikeMovieLens()
    {
        var dir = _tmp.File("out");
        SyntheticGenerator.Generate(Small, dir, "synth --test");
        var lines = File.ReadLines(Path.Combine(dir, "ratings.csv")).Skip(1).Take(5_000).ToList();
        Assert.All(lines, l => Assert.Matches(@"^[1-9][0-9]*,[1-9][0-9]*,[0-5]\.[05],[1-9][0-9]{8,9}$", l));
        // Both whole and half stars occur, as in MovieLens.
        Assert.Contains(lines, l => l.Contains(".5,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(".0,", StringComparison.Ordinal));
    }

    [Fact]
    public void ManifestRecordsParametersProvenanceCountsAndGroundTruth()
    {
        var dir = _tmp.File("out");
        var result = SyntheticGenerator.Generate(Small with { MaxDegreeOfParallelism = 2 }, dir, "synth --preset small --users 700");
        var log = RatingLog.Load(dir);
        var root = log.Manifest!.RootElement;

        Assert.Equal("simcache-synth/1", root.GetProperty("format").GetString());
        Assert.Equal("synth --preset small --users 700", root.GetProperty("command").GetString());
        Assert.Equal(3, root.GetProperty("seed").GetInt64());
        Assert.Equal(Provenance.ToolVersion, root.GetProperty("toolVersion").GetString());

        var p = root.GetProperty("parameters");
        Assert.Equal(700, p.GetProperty("users").GetInt32());
        Assert.Equal(Small.ZipfExponent, p.GetProperty("zipfExponent").GetDouble());
        Assert.False(p.TryGetProperty("maxDegreeOfParallelism", out _)); // run-only setting, must not change the bytes

        var c = root.GetProperty("counts");
        Assert.Equal(700, c.GetProperty("users").GetInt32());
        Assert.Equal(600, c.GetProperty("items").GetInt32());
        Assert.Equal(log.Count, c.GetProperty("ratings").GetInt64());
        Assert.Equal(log.Items.Distinct().Count(), c.GetProperty("ratedItems").GetInt32());
        double share = log.Halves.Count(h => h > 7) / (double)log.Count;
        Assert.Equal(share, c.GetProperty("positiveShare").GetDouble(), 12);
        Assert.Equal(share, result.PositiveShare, 12);

        Assert.Equal(Small.Users, log.PrimaryCluster.Length);
        Assert.Equal(Small.Users, log.SecondaryCluster.Length);
        Assert.All(log.PrimaryCluster, k => Assert.InRange(k, 0, Small.Clusters - 1));
        for (int u = 0; u < Small.Users; u++) Assert.NotEqual(log.PrimaryCluster[u], log.SecondaryCluster[u]);
        Assert.True(log.PrimaryCluster.Distinct().Count() == Small.Clusters, "every cluster should have users");
    }

    [Fact]
    public void ProgressReportsCumulativeUsersAndOnlyTheTwoFilesAreLeft()
    {
        var dir = _tmp.File("out");
        var progress = new RecordingProgress();
        SyntheticGenerator.Generate(Small, dir, "synth --test", progress);

        var values = progress.Values;
        Assert.NotEmpty(values);
        for (int k = 1; k < values.Count; k++) Assert.True(values[k] > values[k - 1]);
        Assert.Equal(Small.Users, values[^1]);
        Assert.Equal(new[] { "ratings.csv", "synth.json" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray());
    }
}
