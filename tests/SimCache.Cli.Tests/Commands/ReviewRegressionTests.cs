using System.Text;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>Cases found by trying to break the CLI: each failed (crash, data loss or a silent wrong answer) before its fix.</summary>
public class ReviewRegressionTests
{
    private const string Header = "userId,movieId,rating,timestamp\n";

    private static string Ratings(int users, int items, Func<int, int, string>? rating = null, long time = 1_000_000_000)
    {
        var sb = new StringBuilder(Header);
        for (int u = 1; u <= users; u++)
            for (int i = 1; i <= items; i++)
                sb.Append($"{u},{i},{rating?.Invoke(u, i) ?? "4.5"},{time}\n");
        return sb.ToString();
    }

    [Fact]
    public void ForceNeverDeletesTheInputOrAFolderOfOtherFiles()
    {
        using var dir = new TempDir();
        var inputDir = dir.File("inp");
        Directory.CreateDirectory(inputDir);
        File.WriteAllText(Path.Combine(inputDir, "ratings.csv"), Ratings(12, 6));
        File.WriteAllText(Path.Combine(inputDir, "notes.txt"), "mine");
        var r = CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", inputDir, "--out", inputDir, "--force");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("overlap", r.Err);
        Assert.True(File.Exists(Path.Combine(inputDir, "ratings.csv")));
        var other = dir.File("other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "keep.txt"), "x");
        Assert.Equal(2, CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", inputDir, "--out", other, "--force").ExitCode);
        Assert.Equal("x", File.ReadAllText(Path.Combine(other, "keep.txt")));
    }

    [Fact]
    public void ADifferentColumnMapIsADifferentDataSet()
    {
        using var dir = new TempDir();
        var csv = dir.File("sw.csv", "u,i\n" + string.Concat(Enumerable.Range(0, 60).Select(k => $"{k % 12},{k / 12 + 100}\n")));
        var outDir = dir.File("d");
        Assert.Equal(0, CliHarness.Run("data", "prepare", "--format", "csv", "--columns", "user=u,item=i", "--input", csv, "--out", outDir, "--heldout", "1", "--min-user-items", "1").ExitCode);
        var r = CliHarness.Run("data", "prepare", "--format", "csv", "--columns", "user=i,item=u", "--input", csv, "--out", outDir, "--heldout", "1", "--min-user-items", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("different data set", r.Err);
    }

    [Fact]
    public void ARatingEqualToTheThresholdIsNotAbove()
    {
        using var dir = new TempDir();
        var csv = dir.File("r.csv", Ratings(12, 6, (u, i) => i <= 5 ? "0.2" : "0.1"));
        var outDir = dir.File("d");
        // A generic csv: 0.1 and 0.2 are not MovieLens star ratings (0.5..5), but a rating scale of any other data set.
        var r = CliHarness.Run("data", "prepare", "--format", "csv", "--columns", "user=userId,item=movieId,rating=rating,time=timestamp",
            "--input", csv, "--out", outDir, "--threshold", "0.1");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "dataset.json")));
        var stages = json.RootElement.GetProperty("counts").GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        Assert.Equal(60, stages["threshold"].GetProperty("interactions").GetInt64()); // 12 users × the five 0.2 ratings
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
    public void InfoShowsOutOfRangeTimestampsAsNumbers()
    {
        using var dir = new TempDir();
        var csv = dir.File("r.csv", Ratings(12, 6, time: 99_999_999_999_999));
        Assert.Equal(0, CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", csv, "--out", dir.File("d")).ExitCode);
        var r = CliHarness.Run("data", "info", dir.File("d"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("99,999,999,999,999 .. 99,999,999,999,999", r.Out);
    }

    [Theory]
    [InlineData("\"input\": {", "\"input\": {}, \"was_input\": {")]
    [InlineData("\"counts\": {", "\"counts\": null, \"was_counts\": {")]
    public void AHandEditedManifestIsExitCode2NotACrash(string find, string replace)
    {
        using var dir = new TempDir();
        var csv = dir.File("r.csv", Ratings(12, 6));
        var outDir = dir.File("d");
        Assert.Equal(0, CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", csv, "--out", outDir).ExitCode);
        var manifest = Path.Combine(outDir, "dataset.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(find, replace));
        var info = CliHarness.Run("data", "info", outDir);
        Assert.Equal(2, info.ExitCode);
        Assert.Contains(manifest, info.Err);
        Assert.Equal(2, CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", csv, "--out", outDir).ExitCode);
    }

    [Fact]
    public void AByteOrderMarkIsSkipped()
    {
        using var dir = new TempDir();
        var csv = dir.File("bom.csv");
        File.WriteAllText(csv, Ratings(12, 6), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var r = CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", csv, "--out", dir.File("d"));
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void TooFewUsersForTheDefaultHeldoutSaysSoAndNamesTheInput()
    {
        using var dir = new TempDir();
        var csv = dir.File("r.csv", Ratings(5, 6));
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
