using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary><c>data prepare</c> refusing inputs it cannot split, in the user's terms, leaving nothing at --out.</summary>
public class PrepareRefusalTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TooFewUsersSaysTheDataSetIsTooSmall(int users)
    {
        using var dir = new TempDir();
        var lines = Enumerable.Range(0, users).SelectMany(u => Enumerable.Range(0, 6).Select(i => $"{u + 1},{i + 1},4.0,{100 + i}"));
        var input = dir.File("ratings.csv", "userId,movieId,rating,timestamp\n" + string.Join('\n', lines) + "\n");
        var outDir = dir.File("out");
        var r = CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", input, "--out", outDir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(input, r.Err);
        Assert.Contains($"the data set is too small: {users} user{(users == 1 ? " is" : "s are")} left after filtering", r.Err);
        Assert.Contains("needs at least 3", r.Err);
        Assert.DoesNotContain("≤ 0", r.Err);
        Assert.False(Path.Exists(outDir));
    }

    [Fact]
    public void RatingOutsideTheStarScaleIsRefusedAtItsLine()
    {
        using var dir = new TempDir();
        var input = dir.File("u.data", "1\t1\t4\t100\n1\t2\t7.5\t101\n");
        var outDir = dir.File("out");
        var r = CliHarness.Run("data", "prepare", "--format", "movielens-100k", "--input", input, "--out", outDir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(input, r.Err);
        Assert.Contains("2", r.Err);
        Assert.Contains("'7.5' is outside the movielens-100k star scale 1..5", r.Err);
        Assert.False(Path.Exists(outDir));
    }
}
