using System.Text.Json;
using SimCache.Data.Download;
using SimCache.Data.IO;
using SimCache.Data.Progress;
using Xunit;

namespace SimCache.Data.Tests.Download;

/// <summary>The download pipeline against a loopback server: resuming, restarting, archives without a checksum, unpacking.</summary>
public class DatasetDownloaderTests
{
    private static readonly string Ratings = string.Concat(Enumerable.Range(1, 300).Select(i => $"{i % 40 + 1}::{i}::{i % 5 + 1}::{978_300_000 + i}\n"));
    private static readonly byte[] Ml10m = FixtureArchive.Zip(("ml-10M100K/ratings.dat", Ratings), ("ml-10M100K/movies.dat", "1::Toy Story (1995)::Animation\n"));

    private static DownloadRequest Request(string name, string outDir, LoopbackHttpServer server) =>
        new() { Name = name, OutDir = outDir, BaseUrl = server.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };

    private static Dictionary<string, byte[]> Ml10mFiles() => new()
    {
        ["/ml-10m.zip"] = Ml10m,
        ["/ml-10m.zip.md5"] = System.Text.Encoding.ASCII.GetBytes($"{FixtureArchive.Md5(Ml10m)}  ml-10m.zip\n"),
    };

    private static string Partial(string outDir, string archive) => Path.Combine(DatasetDownloader.StagingFolder(outDir), archive + ".part");

    [Fact]
    public async Task Ml10mUnpacksItsTopFolderIntoTheOutputFolder()
    {
        using var dir = new TempDir();
        var files = Ml10mFiles();
        using var server = new LoopbackHttpServer(q => FixtureArchive.Serve(q, files));
        var outDir = dir.File("ml-10m");

        var result = await DatasetDownloader.DownloadAsync(Request("ml-10m", outDir, server), NullWorkReporter.Instance, CancellationToken.None);

        Assert.Equal(Ratings, File.ReadAllText(Path.Combine(outDir, "ratings.dat")));
        Assert.Equal(["SOURCE.md", "download.json", "movies.dat", "ratings.dat"], Directory.GetFileSystemEntries(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(FixtureArchive.Md5(Ml10m), result.Archive.PublisherMd5);
        Assert.Equal(0, result.ResumedFrom);
        Assert.Equal([Path.GetFileName(outDir)], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName)); // no staging folder left
    }

    [Fact]
    public async Task ServerIgnoringRangeRestartsFromAnEmptyFile()
    {
        using var dir = new TempDir();
        var files = Ml10mFiles();
        // A server that never honours Range: always the whole file with 200.
        using var server = new LoopbackHttpServer(q => files.TryGetValue(q.Path, out var body) ? new(200, body) : LoopbackHttpServer.Reply.NotFound());
        var outDir = dir.File("ml-10m");
        var partial = Partial(outDir, "ml-10m.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.WriteAllBytes(partial, Enumerable.Repeat((byte)0xAB, 123).ToArray()); // a leftover partial that does not continue into this file

        var result = await DatasetDownloader.DownloadAsync(Request("ml-10m", outDir, server), NullWorkReporter.Instance, CancellationToken.None);

        Assert.Equal("bytes=123-", server.Requests.Single(q => q.Path == "/ml-10m.zip").Header("Range"));
        Assert.Equal(0, result.ResumedFrom);
        Assert.Equal(Ml10m.Length, result.Archive.Bytes);
        Assert.Equal(Ratings, File.ReadAllText(Path.Combine(outDir, "ratings.dat")));
    }

    [Fact]
    public async Task CompletePartialFromAnInterruptedRunIsNotFetchedAgain()
    {
        using var dir = new TempDir();
        var files = Ml10mFiles();
        using var server = new LoopbackHttpServer(q => FixtureArchive.Serve(q, files));
        var outDir = dir.File("ml-10m");
        var partial = Partial(outDir, "ml-10m.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.WriteAllBytes(partial, Ml10m); // fetched whole, interrupted while unpacking

        var result = await DatasetDownloader.DownloadAsync(Request("ml-10m", outDir, server), NullWorkReporter.Instance, CancellationToken.None);

        Assert.Equal($"bytes={Ml10m.Length}-", server.Requests.Single(q => q.Path == "/ml-10m.zip").Header("Range")); // answered 416 with the same total
        Assert.Equal(Ml10m.Length, result.ResumedFrom);
        Assert.Equal(Ratings, File.ReadAllText(Path.Combine(outDir, "ratings.dat")));
    }

    [Fact]
    public async Task WithoutAPublisherChecksumTheSha256IsComputedAndRecorded()
    {
        using var dir = new TempDir();
        const string triplets = "b80344d063b5ccb3212f76538f3d9e43d87dca9e\tSOAKIMP12A8C130995\t1\nb80344d063b5ccb3212f76538f3d9e43d87dca9e\tSOAPDEY12A81C210A9\t2\n";
        var zip = FixtureArchive.Zip(("train_triplets.txt", triplets));
        var files = new Dictionary<string, byte[]> { ["/train_triplets.txt.zip"] = zip }; // no .md5 beside it
        using var server = new LoopbackHttpServer(q => FixtureArchive.Serve(q, files));
        var outDir = dir.File("msd");

        var result = await DatasetDownloader.DownloadAsync(Request("msd-taste-profile", outDir, server), NullWorkReporter.Instance, CancellationToken.None);

        Assert.Equal(triplets, File.ReadAllText(Path.Combine(outDir, "train_triplets.txt"))); // a file at the archive's top level stays at the top
        Assert.Null(result.Archive.PublisherMd5);
        Assert.Equal(FixtureArchive.Sha256(zip), result.Archive.Sha256);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, ArchiveRecord.FileName)));
        Assert.Equal(FixtureArchive.Sha256(zip), json.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("md5").ValueKind);
        var notes = File.ReadAllText(Path.Combine(outDir, SourceNotes.FileName));
        Assert.Contains("The publisher gives no checksum: the sha256 above was computed on download", notes);
        Assert.Contains("Thierry Bertin-Mahieux", notes);
        Assert.Contains($"--format msd --input {outDir} ", notes);
    }

    [Fact]
    public async Task ArchiveWithAnEntryOutsideItsFolderIsRefusedAndNothingIsWritten()
    {
        using var dir = new TempDir();
        var zip = FixtureArchive.Zip(("ml-1m/ratings.dat", "1::1::5::978300760\n"), ("../escaped.txt", "outside"));
        var files = new Dictionary<string, byte[]> { ["/ml-1m.zip"] = zip };
        using var server = new LoopbackHttpServer(q => FixtureArchive.Serve(q, files));
        var outDir = Path.Combine(dir.Path, "inner", "ml-1m");

        var e = await Assert.ThrowsAsync<DownloadException>(() => DatasetDownloader.DownloadAsync(Request("ml-1m", outDir, server), NullWorkReporter.Instance, CancellationToken.None));

        Assert.Contains("'../escaped.txt' would unpack outside the folder", e.Message);
        Assert.Equal(["inner"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(dir.Path, "inner"))); // neither the data nor the unverifiable archive is kept
    }

    [Fact]
    public async Task ResumeAnsweredFromTheWrongOffsetIsDiscardedNotSpliced()
    {
        using var dir = new TempDir();
        var files = Ml10mFiles();
        using var server = new LoopbackHttpServer(q => q.Path == "/ml-10m.zip"
            ? new(206, Ml10m[10..]) { Headers = { ["Content-Range"] = $"bytes 10-{Ml10m.Length - 1}/{Ml10m.Length}" } }
            : FixtureArchive.Serve(q, files));
        var outDir = dir.File("ml-10m");
        var partial = Partial(outDir, "ml-10m.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.WriteAllBytes(partial, Ml10m[..50]);

        var e = await Assert.ThrowsAsync<DownloadException>(() => DatasetDownloader.DownloadAsync(Request("ml-10m", outDir, server), NullWorkReporter.Instance, CancellationToken.None));

        Assert.Contains("asked to resume at byte 50 but the server sent bytes from 10", e.Message);
        Assert.False(File.Exists(partial));
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task WhatAKilledRunLeftWhileUnpackingIsRemovedByTheNextRun()
    {
        using var dir = new TempDir();
        var files = Ml10mFiles();
        using var server = new LoopbackHttpServer(q => q.Path == "/ml-10m.zip" ? new(200, Ml10m) { SendOnly = 40 } : FixtureArchive.Serve(q, files));
        var outDir = dir.File("ml-10m");
        var staging = DatasetDownloader.StagingFolder(outDir);
        Directory.CreateDirectory(Path.Combine(staging, "unpack-999-deadbeef", "ml-10M100K"));
        File.WriteAllText(Path.Combine(staging, "unpack-999-deadbeef", "ml-10M100K", "ratings.dat"), "half");

        await Assert.ThrowsAsync<DownloadException>(() => DatasetDownloader.DownloadAsync(Request("ml-10m", outDir, server), NullWorkReporter.Instance, CancellationToken.None));

        Assert.Equal(["ml-10m.zip.part"], Directory.GetFileSystemEntries(staging).Select(Path.GetFileName));
        Assert.Equal(Ml10m[..40], File.ReadAllBytes(Path.Combine(staging, "ml-10m.zip.part")));
    }

    [Fact]
    public void OutputFolderHoldingAnotherDownloadedDataSetIsRefused()
    {
        using var dir = new TempDir();
        var outDir = dir.File("data");
        Directory.CreateDirectory(outDir);
        new ArchiveRecord("ml-1m", "http://127.0.0.1/ml-1m.zip", "ml-1m.zip", 10, new string('a', 64), null).Save(outDir);

        var e = Assert.Throws<DataFormatException>(() => DatasetDownloader.Check(new DownloadRequest { Name = "ml-10m", OutDir = outDir }));

        Assert.Contains("already holds the ml-1m data set, not ml-10m", e.Message);
    }

    [Fact]
    public void BadBaseUrlAndNetflixAreUsageErrors()
    {
        using var dir = new TempDir();
        Assert.Contains("--base-url", Assert.Throws<UsageException>(() => DatasetDownloader.Check(new DownloadRequest { Name = "ml-1m", OutDir = dir.File("x"), BaseUrl = "ftp://example/" })).Message);
        Assert.Contains("netflix is not downloadable", Assert.Throws<UsageException>(() => DatasetDownloader.Check(new DownloadRequest { Name = "netflix", OutDir = dir.File("x") })).Message);
    }
}
