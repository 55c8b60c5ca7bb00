using SimCache.Data.Dataset;
using SimCache.Data.IO;
using SimCache.Experiments.Config;
using SimCache.Experiments.Running;
using Xunit;

namespace SimCache.Experiments.Tests.Running;

/// <summary>
/// A data set named by its catalogue name with <c>"download": true</c>: <c>run</c> fetches it (here from a
/// fixture MovieLens 100K archive served on 127.0.0.1) before the prepare stage, prepares it with the format the
/// catalogue names, and does not fetch again on a rerun. Without the flag a missing folder is refused when the
/// file is loaded, before any stage, with a hint at the flag.
/// </summary>
public class DownloadedDataTests
{
    private const int Users = 120, ItemsPerUser = 20;

    private static string Experiments(TempDir dir, string file) => dir.File("e.json", $$"""
        { "experiments": [ { "name": "d", "data": { "file": {{file}}, "protocol": { "heldout": 20 } } } ] }
        """);

    [Fact]
    public void RunDownloadsANamedDataSetOnceAndPreparesItWithTheCataloguesFormat()
    {
        using var dir = new TempDir();
        var archive = FixtureArchive.Zip(("ml-100k/u.data", FixtureArchive.UData(Users, ItemsPerUser)));
        var files = new Dictionary<string, byte[]> { ["/ml-100k.zip"] = archive, ["/ml-100k.zip.md5"] = System.Text.Encoding.ASCII.GetBytes(FixtureArchive.Md5(archive) + "\n") };
        using var server = new LoopbackHttpServer(r => FixtureArchive.Serve(r, files));
        var spec = ExperimentFile.Load(Experiments(dir, """{ "name": "ml-100k", "path": "data/ml-100k", "download": true }""")).Select(null);
        Assert.Equal((Path.Combine(dir.Path, "data", "ml-100k"), "movielens-100k", "ml-100k"), (spec.Data.File, spec.Data.Format, spec.Data.Download));
        Assert.False(Directory.Exists(spec.Data.File)); // loading checks, it does not fetch
        var settings = new RunSettings(dir.File("out"), "simcache run e.json", DownloadBase: server.BaseUrl);
        var log = new List<string>();

        var first = ExperimentRunner.Run(spec, settings, ExperimentServices.Available, log: log.Add);

        Assert.Contains(log, l => l.Contains("synth: download ml-100k", StringComparison.Ordinal));
        Assert.Equal("ran", first.Stages.Single(s => s.Stage == "synth").Status);
        Assert.True(File.Exists(Path.Combine(dir.Path, "data", "ml-100k", "u.data")));
        var manifest = DatasetManifest.Load(Path.Combine(dir.Path, "out", "d", "dataset"));
        Assert.Equal("movielens-100k", manifest.Input.Format);
        Assert.Equal(Users, manifest.Counts.Users); // every fixture user has 20 items, all kept
        int fetched = server.Requests.Count(q => q.Path == "/ml-100k.zip");
        Assert.Equal(1, fetched);

        var second = ExperimentRunner.Run(spec, settings, ExperimentServices.Available);
        Assert.Equal("skipped", second.Stages.Single(s => s.Stage == "synth").Status);
        Assert.Equal("cached", second.Stages.Single(s => s.Stage == "prepare").Status);
        Assert.Equal(fetched, server.Requests.Count(q => q.Path == "/ml-100k.zip")); // nothing fetched again
    }

    [Fact]
    public void AMissingNamedDataSetWithoutTheFlagIsRefusedWithAHintBeforeAnyStage()
    {
        using var dir = new TempDir();
        var path = Experiments(dir, """{ "name": "ml-1m", "path": "data/ml-1m" }""");
        var e = Assert.Throws<DataFormatException>(() => ExperimentFile.Load(path));
        Assert.Contains("experiments[0].data.file.path", e.Message);
        Assert.Contains("\"download\": true", e.Message);
        Assert.Contains("simcache data download ml-1m", e.Message);
    }

    [Theory]
    [InlineData("""{ "name": "ml-5k", "download": true }""", "experiments[0].data.file.name", "unknown")]
    [InlineData("""{ "path": "x", "format": "msd", "download": true }""", "experiments[0].data.file.download", "catalogue name")]
    [InlineData("""{ "name": "netflix", "download": true }""", "experiments[0].data.file.name", "cannot be downloaded")]
    public void ABadDownloadEntryNamesItsJsonPath(string file, string jsonPath, string reason)
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DataFormatException>(() => ExperimentFile.Load(Experiments(dir, file)));
        Assert.Contains(jsonPath, e.Message);
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
