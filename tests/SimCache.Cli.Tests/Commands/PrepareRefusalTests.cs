using SimCache.Cli.Tests.Inputs;
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

    [Theory]
    [InlineData("3.5")]
    [InlineData("10:30")]
    [InlineData("Tuesday")]
    public void CsvTimesAreIsoOrUnixSecondsOnly(string time)
    {
        using var dir = new TempDir();
        var csv = dir.File("t.csv", $"u,i,t\n1,2,{time}\n");
        var r = CliHarness.Run("data", "prepare", "--format", "csv", "--columns", "user=u,item=i,time=t", "--input", csv, "--out", dir.File("d"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{csv}:2:", r.Err);
    }

    [Fact]
    public void TooFewUsersForTheDefaultHeldoutSaysSoAndNamesTheInput()
    {
        using var dir = new TempDir();
        var csv = dir.File("r.csv", RatingsCsvText.Grid(5, 6));
        var r = CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", csv, "--out", dir.File("d"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(csv, r.Err);
        Assert.Contains("default held-out size (users/6 = 0); pass --heldout N with 1 ≤ N ≤ 2", r.Err);
    }

    [Fact]
    public void VaeCfRefusesASeedAndRepeatedPairs()
    {
        using var dir = new TempDir();
        Assert.Equal(2, CliHarness.Run("data", "prepare", "--format", "vae-cf", "--input", RepoFiles.VaeCfSplit, "--out", dir.File("a"), "--seed", "1").ExitCode);
        var src = dir.File("split");
        Directory.CreateDirectory(src);
        foreach (var f in Directory.GetFiles(RepoFiles.VaeCfSplit)) File.Copy(f, Path.Combine(src, Path.GetFileName(f)));
        var firstTestRow = File.ReadLines(Path.Combine(src, "test_tr.csv")).Skip(1).First();
        File.AppendAllText(Path.Combine(src, "test_te.csv"), firstTestRow + "\n");
        var r = CliHarness.Run("data", "prepare", "--format", "vae-cf", "--input", src, "--out", dir.File("b"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("test_te.csv:1596:", r.Err);
        Assert.Contains("repeats test_tr.csv line 2", r.Err);
    }
}
