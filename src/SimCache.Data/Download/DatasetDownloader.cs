using System.Security.Cryptography;
using SimCache.Data.IO;
using SimCache.Data.Progress;

namespace SimCache.Data.Download;

/// <summary>
/// <c>data download NAME --out DIR</c> end to end. Everything in flight lives in a hidden staging folder
/// beside DIR, <c>.DIRNAME.download/</c>: the archive as <c>ARCHIVE.part</c> while it streams in (a later
/// run resumes it with a Range request) and the unpacked tree. The archive is checked (against the
/// publisher's md5 where there is one; its sha256 is always recorded), unpacked, given its
/// <c>SOURCE.md</c> and <c>download.json</c>, and only then renamed to DIR in one step, so DIR is either
/// absent or complete. On success the staging folder is removed; on a network failure or an interruption
/// only the resumable partial archive stays in it; an archive that fails its checksum is deleted.
/// </summary>
public static class DatasetDownloader
{
    /// <summary>The hidden staging folder for <paramref name="outDir"/>: a sibling, so the final rename never crosses file systems.</summary>
    public static string StagingFolder(string outDir)
    {
        var full = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".download");
    }

    /// <summary>Checks the request before anything is fetched or written (exit code 2 on bad input).</summary>
    public static DatasetSource Check(DownloadRequest request)
    {
        var source = DatasetCatalogue.Find(request.Name);
        if (!source.Downloadable)
            throw new UsageException($"{source.Name} is not downloadable: {source.Licence} See 'simcache data download {source.Name}' for where to obtain it.");
        if (request.BaseUrl is { } b && (!Uri.TryCreate(b, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps)))
            throw new UsageException($"--base-url: expected an http:// or https:// folder URL, found '{b}'");
        if (request.Timeout <= TimeSpan.Zero) throw new UsageException("--timeout: must be positive");
        var full = Path.GetFullPath(request.OutDir).TrimEnd(Path.DirectorySeparatorChar);
        if (Path.GetDirectoryName(full) is null) throw new UsageException($"--out: {request.OutDir} is a file system root; choose a folder inside it");
        if (File.Exists(full)) throw new DataFormatException(request.OutDir, "is a file; --out must be a folder that does not exist yet");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            var existing = ArchiveRecord.TryLoad(full);
            if (existing is null || existing.Name != source.Name)
                throw new DataFormatException(request.OutDir, existing is null
                    ? $"exists and is not the {source.Name} data set (no {ArchiveRecord.FileName}); it is never replaced: choose a new or empty folder"
                    : $"already holds the {existing.Name} data set, not {source.Name}; choose another folder");
        }
        return source;
    }

    /// <summary>Downloads, verifies and unpacks the data set; returns at once if DIR already holds it.</summary>
    public static async Task<DownloadResult> DownloadAsync(DownloadRequest request, IWorkReporter reporter, CancellationToken cancel)
    {
        var source = Check(request);
        var outDir = Path.GetFullPath(request.OutDir).TrimEnd(Path.DirectorySeparatorChar);
        if (ArchiveRecord.TryLoad(outDir) is { } present && present.Name == source.Name)
            return new DownloadResult(source, outDir, present, AlreadyPresent: true, ResumedFrom: 0);

        var url = source.ArchiveUri(request.BaseUrl);
        var staging = StagingFolder(outDir);
        var partial = Path.Combine(staging, source.ArchiveName + ".part");
        try
        {
            Directory.CreateDirectory(staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DownloadException($"{staging}: cannot create the staging folder beside --out: {e.Message}", e);
        }

        try
        {
            return await FetchAndPlaceAsync(request, source, url, outDir, staging, partial, reporter, cancel);
        }
        catch when (!File.Exists(partial))
        {
            TryDeleteFolder(staging); // nothing resumable: leave nothing behind
            throw;
        }
    }

    private static async Task<DownloadResult> FetchAndPlaceAsync(DownloadRequest request, DatasetSource source, Uri url, string outDir, string staging, string partial,
        IWorkReporter reporter, CancellationToken cancel)
    {
        foreach (var stale in Directory.GetDirectories(staging, "unpack-*")) TryDeleteFolder(stale); // left by a run that was killed while unpacking
        using var handler = new SocketsHttpHandler { ConnectTimeout = request.Timeout, AutomaticDecompression = System.Net.DecompressionMethods.None };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("simcache/0.1");

        var md5 = await PublisherChecksum.FetchMd5Async(client, url, request.Timeout, cancel);
        long resumedFrom = await new ResumableFetch(client, request.Timeout).FetchAsync(url, partial, reporter, $"download {source.ArchiveName}", cancel);

        var (sha256, md5Actual, bytes) = Hash(partial, reporter, $"verify {source.ArchiveName}", cancel);
        if (md5 is not null && md5 != md5Actual)
        {
            ResumableFetch.Discard(partial);
            throw new DownloadException($"{url}: checksum mismatch: the publisher's md5 is {md5}, the downloaded archive's is {md5Actual}; the archive was deleted. Run again to download it afresh.");
        }

        var record = new ArchiveRecord(source.Name, url.ToString(), source.ArchiveName!, bytes, sha256, md5);
        var unpackTo = Path.Combine(staging, "unpack-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string data;
            try
            {
                data = ZipUnpacker.Unpack(partial, unpackTo, reporter, $"unpack {source.ArchiveName}", cancel);
            }
            catch (DownloadException) when (md5 is null)
            {
                ResumableFetch.Discard(partial); // unverifiable and unreadable: fetching it again is the only way forward
                throw;
            }
            record.Save(data);
            File.WriteAllText(Path.Combine(data, SourceNotes.FileName), SourceNotes.Text(source, record, PrepareHint.Command(source, request.OutDir)));
            cancel.ThrowIfCancellationRequested();
            if (Directory.Exists(outDir)) Directory.Delete(outDir); // checked empty above; a folder filled meanwhile makes this throw, and it stays as it was
            Directory.Move(data, outDir);
        }
        finally
        {
            TryDeleteFolder(unpackTo);
        }
        ResumableFetch.Discard(partial);
        TryDeleteFolder(staging);
        return new DownloadResult(source, outDir, record, AlreadyPresent: false, resumedFrom);
    }

    /// <summary>sha256 and md5 of the archive in one pass.</summary>
    private static (string Sha256, string Md5, long Bytes) Hash(string path, IWorkReporter reporter, string description, CancellationToken cancel)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var task = reporter.Start(description, stream.Length, "B");
        var buffer = new byte[1 << 20];
        long done = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            cancel.ThrowIfCancellationRequested();
            sha.AppendData(buffer, 0, n);
            md5.AppendData(buffer, 0, n);
            done += n;
            task.Report(done);
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), Convert.ToHexStringLower(md5.GetHashAndReset()), done);
    }

    private static void TryDeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
