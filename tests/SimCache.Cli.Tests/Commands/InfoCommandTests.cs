using SimCache.Cli.Tests.Inputs;
using SimCache.Data.Arrow;
using SimCache.Data.IO;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

public class InfoCommandTests
{
    private static string WriteEmbeddings(string path, float marker)
    {
        using var w = new EmbeddingFileWriter(path, 4, "l2", Provenance.For("test", 1));
        w.Append(0, "a", [1f, 2f, 3f, 4f]);
        w.Append(1, "b", [5f, marker, 7f, 8f]);
        w.Complete();
        return path;
    }

    [Fact]
    public void DatasetFolderShowsCountsTimeRangeAndProvenance()
    {
        using var dir = new TempDir();
        var outDir = dir.File("mls");
        Assert.Equal(0, CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", RepoFiles.RatingsCsv, "--out", outDir).ExitCode);
        var r = CliHarness.Run("data", "info", outDir);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("80da8b3393dae325bbba5a31f291a6ba55d8d4f4396de3c456f2c1635b1b70e8", r.Out);
        Assert.Contains("48,562", r.Out);
        Assert.Contains("5,181", r.Out);
        Assert.Contains("603 (403 train, 100 validation, 100 test)", r.Out);
        Assert.Contains("1996-03-29 18:36:55 .. 2018-09-24 14:27:30 UTC", r.Out); // min/max of ratings.csv (SOURCE.md)
        Assert.Contains("simcache data prepare", r.Out);
    }

    [Fact]
    public void ArrowFileShowsRowsDimensionAndMetadata()
    {
        using var dir = new TempDir();
        var path = WriteEmbeddings(dir.File("e.arrow"), 6f);
        var r = CliHarness.Run("data", "info", path);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("embeddings", r.Out);
        Assert.Matches(@"rows:\s+2", r.Out);
        Assert.Matches(@"dimension:\s+4", r.Out);
        Assert.Contains("simcache.command = test", r.Out);
    }

    [Fact]
    public void NaNInAVectorIsExitCode2NamingTheRow()
    {
        using var dir = new TempDir();
        var path = WriteEmbeddings(dir.File("e.arrow"), 1234.5f);
        var bytes = File.ReadAllBytes(path);
        var marker = BitConverter.GetBytes(1234.5f);
        int at = bytes.AsSpan().IndexOf(marker);
        Assert.True(at > 0);
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);
        var r = CliHarness.Run("data", "info", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(path, r.Err);
        Assert.Contains("NaN", r.Err);
        Assert.Contains("row 1", r.Err);
    }

    [Fact]
    public void TruncatedAndGarbledArrowFilesAreExitCode2()
    {
        using var dir = new TempDir();
        var good = File.ReadAllBytes(WriteEmbeddings(dir.File("e.arrow"), 6f));
        foreach (var cut in new[] { 0, 7, good.Length / 3, good.Length / 2, good.Length - 1 })
        {
            var path = dir.File($"cut{cut}.arrow");
            File.WriteAllBytes(path, good[..cut]);
            var r = CliHarness.Run("data", "info", path);
            Assert.True(r.ExitCode == 2, $"cut at {cut}: {r}");
            Assert.Contains(path, r.Err);
        }
        var garbled = (byte[])good.Clone();
        for (int i = good.Length - 60; i < good.Length - 10; i++) garbled[i] ^= 0x5A; // the footer: schema and block index
        var g = dir.File("garbled.arrow");
        File.WriteAllBytes(g, garbled);
        Assert.Equal(2, CliHarness.Run("data", "info", g).ExitCode);
    }

    [Fact]
    public void UnknownPathsAreExitCode2()
    {
        using var dir = new TempDir();
        Assert.Equal(2, CliHarness.Run("data", "info", dir.File("missing.arrow")).ExitCode);
        var r = CliHarness.Run("data", "info", dir.Path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("neither dataset.json nor synth.json", r.Err);
        Assert.Equal(2, CliHarness.Run("data", "info", dir.File("x.txt", "hello")).ExitCode);
    }

    [Fact]
    public void InfoShowsOutOfRangeTimestampsAsNumbers()
    {
        using var dir = new TempDir();
        var csv = dir.File("r.csv", RatingsCsvText.Grid(12, 6, time: 99_999_999_999_999));
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
        var csv = dir.File("r.csv", RatingsCsvText.Grid(12, 6));
        var outDir = dir.File("d");
        Assert.Equal(0, CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", csv, "--out", outDir).ExitCode);
        var manifest = Path.Combine(outDir, "dataset.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(find, replace));
        var info = CliHarness.Run("data", "info", outDir);
        Assert.Equal(2, info.ExitCode);
        Assert.Contains(manifest, info.Err);
        Assert.Equal(2, CliHarness.Run("data", "prepare", "--format", "movielens-csv", "--input", csv, "--out", outDir).ExitCode);
    }
}
