using System.Text;
using SimCache.Cli.Tests.Inputs;
using System.Text.Json;
using SimCache.Data.Arrow;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

public class PrepareCommandTests
{
    private static CliHarness.Result Prepare(string input, string outDir, params string[] extra) =>
        CliHarness.Run(["data", "prepare", "--format", "movielens-csv", "--input", input, "--out", outDir, .. extra]);

    [Fact]
    public void MlLatestSmallGivesThePublishedCountsInDatasetJsonAndArrowFiles()
    {
        using var dir = new TempDir();
        var outDir = dir.File("mls");
        var r = Prepare(RepoFiles.RatingsCsv, outDir);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "dataset.json")));
        var root = json.RootElement;
        Assert.Equal("80da8b3393dae325bbba5a31f291a6ba55d8d4f4396de3c456f2c1635b1b70e8", root.GetProperty("input").GetProperty("sha256").GetString());
        var stages = root.GetProperty("counts").GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        Assert.Equal(48_562, stages["min_user_items"].GetProperty("interactions").GetInt64());
        Assert.Equal(603, stages["min_user_items"].GetProperty("users").GetInt32());
        Assert.Equal(5_181, root.GetProperty("counts").GetProperty("items").GetInt32());
        Assert.Equal(100, root.GetProperty("protocol").GetProperty("heldout").GetInt32());
        Assert.Equal(98765, root.GetProperty("protocol").GetProperty("seed").GetInt64());
        Assert.Equal(603, root.GetProperty("user_ids").GetArrayLength());
        Assert.Equal(5_181, root.GetProperty("item_ids").GetArrayLength());

        // The Arrow parts hold what dataset.json says, and the published split's sizes (line counts minus header).
        var published = RepoFiles.VaeCfSplit;
        foreach (var part in new[] { "train", "validation_tr", "validation_te", "test_tr", "test_te" })
        {
            using var reader = InteractionFileReader.Open(Path.Combine(outDir, part + ".arrow"));
            Assert.Equal(File.ReadLines(Path.Combine(published, part + ".csv")).Count() - 1, reader.TotalRows);
            Assert.Equal(root.GetProperty("counts").GetProperty("splits").GetProperty(part).GetProperty("interactions").GetInt64(), reader.TotalRows);
        }
    }

    [Fact]
    public void SameInputAndSeedGiveByteIdenticalFolders()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Prepare(RepoFiles.RatingsCsv, dir.File("a")).ExitCode);
        Assert.Equal(0, Prepare(RepoFiles.RatingsCsv, dir.File("a")).ExitCode); // rerun into the same data set is fine
        var a = TempDir.Snapshot(dir.File("a"));
        Assert.Equal(0, CliHarness.Run("data", "prepare", "--input", RepoFiles.RatingsCsv, "--out", dir.File("a"), "--format", "movielens-csv").ExitCode);
        Assert.Equal(a, TempDir.Snapshot(dir.File("a"))); // same options in another order: same bytes (the command is recorded canonically)
    }

    [Fact]
    public void AFolderWithADifferentDatasetIsRefusedAndLeftIntactUnlessForced()
    {
        using var dir = new TempDir();
        var outDir = dir.File("mls");
        Assert.Equal(0, Prepare(RepoFiles.RatingsCsv, outDir).ExitCode);
        var before = TempDir.Snapshot(outDir);
        var r = Prepare(RepoFiles.RatingsCsv, outDir, "--seed", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("already holds a different data set", r.Err);
        Assert.Contains("--force", r.Err);
        Assert.Equal(before, TempDir.Snapshot(outDir));
        var forced = Prepare(RepoFiles.RatingsCsv, outDir, "--seed", "1", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.NotEqual(before, TempDir.Snapshot(outDir));
    }

    [Fact]
    public void AFolderWithOtherFilesIsRefused()
    {
        using var dir = new TempDir();
        var outDir = dir.File("busy");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "mine");
        var r = Prepare(RepoFiles.RatingsCsv, outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("holds no dataset.json", r.Err);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outDir, "notes.txt")));
    }

    [Theory]
    [InlineData("userId,movieId,rating,timestamp\n1,2,4.0,5\n1,3,4.0\n", 3, "expected 4 fields")]
    [InlineData("userId,movieId,rating,timestamp\n1,2,4.0,5\n1,3,lots,6\n", 3, "rating: expected a number, found 'lots'")]
    [InlineData("userId,movieId,rating,timestamp\n1,2,4.0,yesterday\n", 2, "timestamp: expected Unix seconds")]
    [InlineData("", null, "is empty")]
    public void BadInputIsExitCode2NamingFileAndLineAndLeavesNothing(string content, int? line, string expected)
    {
        using var dir = new TempDir();
        var input = dir.File("ratings.csv", content);
        var outDir = dir.File("out");
        var r = Prepare(input, outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(line is null ? input + ":" : $"{input}:{line}:", r.Err);
        Assert.Contains(expected, r.Err);
        Assert.False(Directory.Exists(outDir));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(dir.Path), p => Path.GetFileName(p).StartsWith(".out", StringComparison.Ordinal));
    }

    [Fact]
    public void BadInputLeavesAnExistingDatasetUntouched()
    {
        using var dir = new TempDir();
        var outDir = dir.File("mls");
        Assert.Equal(0, Prepare(RepoFiles.RatingsCsv, outDir).ExitCode);
        var before = TempDir.Snapshot(outDir);
        var bad = dir.File("bad.csv", "userId,movieId,rating,timestamp\n1,2,4.0,5\n1,2\n");
        Assert.Equal(2, Prepare(bad, outDir, "--force").ExitCode);
        Assert.Equal(before, TempDir.Snapshot(outDir));
    }

    [Fact]
    public void VaeCfImportKeepsThePublishedSplit()
    {
        using var dir = new TempDir();
        var outDir = dir.File("vae");
        var r = CliHarness.Run("data", "prepare", "--format", "vae-cf", "--input", RepoFiles.VaeCfSplit, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var reader = InteractionFileReader.Open(Path.Combine(outDir, "test_te.arrow"));
        var rows = new List<string>();
        foreach (var batch in reader.ReadBatches())
            for (int i = 0; i < batch.RowCount; i++) rows.Add(batch.Users[i] + "," + batch.Items[i]);
        Assert.Equal(File.ReadLines(Path.Combine(RepoFiles.VaeCfSplit, "test_te.csv")).Skip(1), rows);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "dataset.json")));
        Assert.Equal("none", json.RootElement.GetProperty("timestamps").GetString());
        Assert.Equal(2, CliHarness.Run("data", "prepare", "--format", "vae-cf", "--input", RepoFiles.VaeCfSplit, "--out", dir.File("v2"), "--threshold", "4").ExitCode);
    }

    [Fact]
    public void VaeCfWithAnOutOfRangeIdNamesTheLine()
    {
        using var dir = new TempDir();
        var src = dir.File("split");
        Directory.CreateDirectory(src);
        foreach (var f in Directory.GetFiles(RepoFiles.VaeCfSplit)) File.Copy(f, Path.Combine(src, Path.GetFileName(f)));
        File.AppendAllText(Path.Combine(src, "train.csv"), "0,999999\n");
        var r = CliHarness.Run("data", "prepare", "--format", "vae-cf", "--input", src, "--out", dir.File("o"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("train.csv:31465: sid: expected an integer in [0, 5181)", r.Err);
    }

    [Fact]
    public void ForceNeverDeletesTheInputOrAFolderOfOtherFiles()
    {
        using var dir = new TempDir();
        var inputDir = dir.File("inp");
        Directory.CreateDirectory(inputDir);
        File.WriteAllText(Path.Combine(inputDir, "ratings.csv"), RatingsCsvText.Grid(12, 6));
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
        var csv = dir.File("r.csv", RatingsCsvText.Grid(12, 6, (u, i) => i <= 5 ? "0.2" : "0.1"));
        var outDir = dir.File("d");
        // A generic csv: 0.1 and 0.2 are not MovieLens star ratings (0.5..5), but a rating scale of any other data set.
        var r = CliHarness.Run("data", "prepare", "--format", "csv", "--columns", "user=userId,item=movieId,rating=rating,time=timestamp",
            "--input", csv, "--out", outDir, "--threshold", "0.1");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "dataset.json")));
        var stages = json.RootElement.GetProperty("counts").GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        Assert.Equal(60, stages["threshold"].GetProperty("interactions").GetInt64()); // 12 users × the five 0.2 ratings
    }

    [Fact]
    public void AByteOrderMarkIsSkipped()
    {
        using var dir = new TempDir();
        var csv = dir.File("bom.csv");
        File.WriteAllText(csv, RatingsCsvText.Grid(12, 6), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var r = CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", csv, "--out", dir.File("d"));
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void HelpListsEachFormatAndItsDefaultsFromTheRegistry()
    {
        var r = CliHarness.Run("data", "prepare", "--help");
        Assert.Equal(0, r.ExitCode);
        var help = string.Join(' ', r.Out.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("movielens-100k (u.data)", help);
        Assert.Contains("netflix (combined_data_*.txt or a folder of mv_*.txt)", help);
        Assert.Contains("Default: 3.5; msd none;", help);
        Assert.Contains("(default 5; msd 20)", help);
        Assert.Contains("(0 = off; default 0; msd 200)", help);
        Assert.Contains("cap = the paper's 10,000; netflix 40,000; msd 50,000;", help);
    }
}
