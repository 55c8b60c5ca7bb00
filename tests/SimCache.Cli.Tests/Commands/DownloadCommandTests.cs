using System.Text.Json;
using SimCache.Cli.Console;
using Xunit;

namespace SimCache.Cli.Tests.Commands;

/// <summary>
/// <c>data download</c> end to end against a server on 127.0.0.1 started by each test: a fixture
/// MovieLens 100K archive served as GroupLens serves it (with its .md5), then cut short, mis-summed,
/// missing and stalled. Nothing here reaches the internet: every run passes --base-url.
/// </summary>
public class DownloadCommandTests
{
    private const int Users = 120, ItemsPerUser = 20;
    private static readonly string UData = FixtureArchive.UData(Users, ItemsPerUser);
    private static readonly byte[] Archive = FixtureArchive.Zip(("ml-100k/u.data", UData), ("ml-100k/README", "MovieLens 100K fixture\n"));

    private static Dictionary<string, byte[]> Files(string? md5 = null) => new()
    {
        ["/ml-100k.zip"] = Archive,
        ["/ml-100k.zip.md5"] = System.Text.Encoding.ASCII.GetBytes($"MD5 (ml-100k.zip) = {md5 ?? FixtureArchive.Md5(Archive)}\n"),
    };

    private static CliHarness.Result Download(LoopbackHttpServer server, string outDir, params string[] extra) =>
        CliHarness.Run(["data", "download", "ml-100k", "--out", outDir, "--base-url", server.BaseUrl, "--timeout", "20", .. extra]);

    private static string Staging(string outDir) => Path.Combine(Path.GetDirectoryName(outDir)!, "." + Path.GetFileName(outDir) + ".download");

    [Fact]
    public void DownloadsVerifiesUnpacksAndPrintsAPrepareCommandThatWorks()
    {
        using var dir = new TempDir();
        var files = Files();
        using var server = new LoopbackHttpServer(r => FixtureArchive.Serve(r, files));
        var outDir = dir.File("ml-100k");

        var r = Download(server, outDir);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(UData, File.ReadAllText(Path.Combine(outDir, "u.data"))); // the top folder of the archive is the output folder
        Assert.True(File.Exists(Path.Combine(outDir, "README")));
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "download.json"))))
        {
            Assert.Equal(FixtureArchive.Md5(Archive), json.RootElement.GetProperty("md5").GetString());
            Assert.Equal(FixtureArchive.Sha256(Archive), json.RootElement.GetProperty("sha256").GetString());
            Assert.Equal(Archive.Length, json.RootElement.GetProperty("bytes").GetInt64());
        }
        var notes = File.ReadAllText(Path.Combine(outDir, "SOURCE.md"));
        Assert.Contains("F. Maxwell Harper and Joseph A. Konstan", notes);
        Assert.Contains("GroupLens terms", notes);
        Assert.Contains(FixtureArchive.Md5(Archive), notes);
        Assert.Contains($"md5 {FixtureArchive.Md5(Archive)} verified", r.Out);
        Assert.False(Directory.Exists(Staging(outDir)), "the staging folder is removed after success");
        Assert.Equal(["/ml-100k.zip.md5", "/ml-100k.zip"], server.Requests.Select(q => q.Path));

        var expected = $"simcache data prepare --format movielens-100k --input {outDir} --out {outDir}-prepared";
        Assert.Contains("  " + expected + "\n", r.Out.ReplaceLineEndings("\n"));

        // The printed command imports the folder as it is: the fixture's 120 users with 20 items each.
        var prepare = CliHarness.Run(expected.Split(' ')[1..]);
        Assert.True(prepare.ExitCode == 0, prepare.ToString());
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir + "-prepared", "dataset.json")));
        Assert.Equal(Users, manifest.RootElement.GetProperty("counts").GetProperty("users").GetInt32());
        Assert.Equal(Users * ItemsPerUser, manifest.RootElement.GetProperty("counts").GetProperty("stages").EnumerateArray().First().GetProperty("interactions").GetInt64());
    }

    [Fact]
    public void ASecondRunOnTheSameFolderDownloadsNothing()
    {
        using var dir = new TempDir();
        var files = Files();
        using var server = new LoopbackHttpServer(r => FixtureArchive.Serve(r, files));
        var outDir = dir.File("ml-100k");
        Assert.Equal(0, Download(server, outDir).ExitCode);
        int seen = server.Requests.Count;

        var r = Download(server, outDir);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("already holds ml-100k", r.Out);
        Assert.Equal(seen, server.Requests.Count);
    }

    [Fact]
    public void TruncatedResponseFailsThenTheNextRunResumesWithARangeRequest()
    {
        using var dir = new TempDir();
        var files = Files();
        int half = Archive.Length / 2;
        int zipRequests = 0;
        using var server = new LoopbackHttpServer(q =>
        {
            if (q.Path == "/ml-100k.zip" && Interlocked.Increment(ref zipRequests) == 1)
                return new(200, Archive) { SendOnly = half }; // Content-Length says all, the connection closes at half
            return FixtureArchive.Serve(q, files);
        });
        var outDir = dir.File("ml-100k");

        var first = Download(server, outDir);

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.Contains($"after {half:N0} of {Archive.Length:N0} bytes", first.Err);
        Assert.Contains("run the same command again to resume", first.Err);
        Assert.False(Directory.Exists(outDir));
        var partial = Path.Combine(Staging(outDir), "ml-100k.zip.part");
        Assert.Equal(Archive[..half], File.ReadAllBytes(partial));

        var second = Download(server, outDir);

        Assert.True(second.ExitCode == 0, second.ToString());
        var resumed = server.Requests.Where(q => q.Path == "/ml-100k.zip").ToList();
        Assert.Equal(2, resumed.Count);
        Assert.Null(resumed[0].Header("Range"));
        Assert.Equal($"bytes={half}-", resumed[1].Header("Range"));
        Assert.Contains($"resumed at byte {half:N0}", second.Out);
        Assert.Equal(UData, File.ReadAllText(Path.Combine(outDir, "u.data")));
        Assert.False(Directory.Exists(Staging(outDir)));
    }

    [Fact]
    public void WrongChecksumIsExit1AndLeavesNothing()
    {
        using var dir = new TempDir();
        var wrong = new string('0', 32);
        var files = Files(md5: wrong);
        using var server = new LoopbackHttpServer(r => FixtureArchive.Serve(r, files));
        var outDir = dir.File("ml-100k");

        var r = Download(server, outDir);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"checksum mismatch: the publisher's md5 is {wrong}, the downloaded archive's is {FixtureArchive.Md5(Archive)}", r.Err);
        Assert.False(Directory.Exists(outDir));
        Assert.False(Directory.Exists(Staging(outDir)), "an archive that fails its checksum is not kept to be resumed");
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void MissingArchiveIs404AndExit1()
    {
        using var dir = new TempDir();
        using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Reply.NotFound());
        var outDir = dir.File("ml-100k");

        var r = Download(server, outDir);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"{server.BaseUrl}/ml-100k.zip: HTTP 404", r.Err);
        Assert.DoesNotContain("   at ", r.Err); // one line, no stack trace
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void RefusedConnectionIsExit1AndLeavesNothing()
    {
        using var dir = new TempDir();
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        int port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        var outDir = dir.File("ml-100k");

        var r = CliHarness.Run("data", "download", "ml-100k", "--out", outDir, "--base-url", $"http://127.0.0.1:{port}", "--timeout", "10");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"http://127.0.0.1:{port}/ml-100k.zip.md5: cannot connect", r.Err);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task StalledConnectionGivesUpAfterTheTimeoutWithExit1()
    {
        using var dir = new TempDir();
        var files = Files();
        using var server = new LoopbackHttpServer(q => q.Path == "/ml-100k.zip"
            ? new(200, Archive) { SendOnly = 100, Stall = true }
            : FixtureArchive.Serve(q, files));
        var outDir = dir.File("ml-100k");

        var run = Task.Run(() => CliHarness.Run("data", "download", "ml-100k", "--out", outDir, "--base-url", server.BaseUrl, "--timeout", "2"));

        var r = await run.WaitAsync(TimeSpan.FromSeconds(60)); // the download must give up on its own (TimeoutException otherwise)
        Assert.True(r.ExitCode == 1, r.ToString());
        // 2 s, not less: on a loaded machine the server's thread can be held up between the headers and the first
        // 100 bytes for longer than a shorter limit, and the client would rightly give up after 0 bytes instead.
        Assert.Contains("no data for 2 s after 100 of", r.Err);
        Assert.False(Directory.Exists(outDir));
        Assert.Equal(Archive[..100], File.ReadAllBytes(Path.Combine(Staging(outDir), "ml-100k.zip.part")));
    }

    [Fact]
    public async Task InterruptStopsPromptlyKeepingOnlyThePartialDownload()
    {
        using var dir = new TempDir();
        var files = Files();
        using var server = new LoopbackHttpServer(q => q.Path == "/ml-100k.zip"
            ? new(200, Archive) { SendOnly = 1000, Stall = true }
            : FixtureArchive.Serve(q, files));
        var outDir = dir.File("ml-100k");
        var partial = Path.Combine(Staging(outDir), "ml-100k.zip.part");
        using var interrupt = new CancellationTokenSource();
        var err = new StringWriter();
        var context = new CliContext(new StringWriter(), err, interactive: false) { Cancellation = interrupt.Token };

        var run = Task.Run(() => CliApp.Run(["data", "download", "ml-100k", "--out", outDir, "--base-url", server.BaseUrl, "--timeout", "600"], context));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(File.Exists(partial) && new FileInfo(partial).Length == 1000) && DateTime.UtcNow < deadline && !run.IsCompleted) await Task.Delay(20);
        Assert.True(File.Exists(partial) && new FileInfo(partial).Length == 1000, "the download is under way, its first 1,000 bytes on disk");
        interrupt.Cancel();

        var code = await run.WaitAsync(TimeSpan.FromSeconds(30)); // Ctrl+C stops the download promptly, not after the 600 s timeout
        Assert.True(code == 1, err.ToString());
        Assert.Contains("interrupted", err.ToString());
        Assert.False(Directory.Exists(outDir));
        Assert.Equal(["ml-100k.zip.part"], Directory.GetFiles(Staging(outDir)).Select(Path.GetFileName));
        Assert.Equal(Archive[..1000], File.ReadAllBytes(partial));
    }

    [Fact]
    public void UnknownNameIsExit2AndListsTheNames()
    {
        using var dir = new TempDir();
        var r = CliHarness.Run("data", "download", "ml-30m", "--out", dir.File("x"), "--base-url", "http://127.0.0.1:9");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("unknown data set 'ml-30m'", r.Err);
        foreach (var name in new[] { "ml-100k", "ml-1m", "ml-10m", "ml-20m", "ml-25m", "ml-latest-small", "ml-latest", "msd-taste-profile", "netflix" })
            Assert.Contains(name, r.Err);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void FolderHoldingSomethingElseIsExit2BeforeAnyRequest()
    {
        using var dir = new TempDir();
        using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Reply.NotFound());
        var outDir = dir.File("mine");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "notes.txt"), "keep me");

        var r = Download(server, outDir);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("exists and is not the ml-100k data set", r.Err);
        Assert.Empty(server.Requests);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(outDir, "notes.txt")));
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void ListShowsEveryDataSetWithSizeLicenceCitationAndUrl()
    {
        var r = CliHarness.Run("data", "download", "--list");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("ml-100k: MovieLens 100K, ≈ 4.9 MB", r.Out);
        Assert.Contains("https://files.grouplens.org/datasets/movielens/ml-25m.zip", r.Out);
        Assert.Contains("http://millionsongdataset.com/sites/default/files/challenge/train_triplets.txt.zip", r.Out);
        Assert.Contains("Thierry Bertin-Mahieux, Daniel P. W. Ellis, Brian Whitman and Paul Lamere. The Million Song Dataset.", r.Out);
        Assert.Contains("James Bennett and Stan Lanning. The Netflix Prize.", r.Out);
        Assert.Equal(7, r.Out.Split("The MovieLens Datasets: History and Context").Length - 1);
        Assert.Equal(9, r.Out.Split("\n  licence:  ").Length - 1);
        Assert.Contains("import:   data prepare --format movielens-dat", r.Out);
    }

    [Fact]
    public void NetflixSaysWhereToObtainItAndHowToImportIt()
    {
        using var dir = new TempDir();
        var outDir = dir.File("netflix");
        var r = CliHarness.Run("data", "download", "netflix", "--out", outDir);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("no longer hosted by its owner", r.Out);
        Assert.Contains("https://www.kaggle.com/datasets/netflix-inc/netflix-prize-data", r.Out);
        Assert.Contains($"simcache data prepare --format netflix --input {outDir} --out {outDir}-prepared", r.Out);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void EnvironmentVariableSetsTheBaseUrl()
    {
        using var dir = new TempDir();
        var files = Files();
        using var server = new LoopbackHttpServer(r => FixtureArchive.Serve(r, files));
        var outDir = dir.File("ml-100k");
        Environment.SetEnvironmentVariable(SimCache.Cli.Commands.DownloadCommand.BaseUrlVariable, server.BaseUrl);
        try
        {
            var r = CliHarness.Run("data", "download", "ml-100k", "--out", outDir, "--timeout", "20");
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains($"from {server.BaseUrl}/ml-100k.zip", File.ReadAllText(Path.Combine(outDir, "SOURCE.md")).Replace("Source: ", "from "));
        }
        finally
        {
            Environment.SetEnvironmentVariable(SimCache.Cli.Commands.DownloadCommand.BaseUrlVariable, null);
        }
    }
}
