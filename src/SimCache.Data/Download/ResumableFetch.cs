using System.Net;
using System.Net.Http.Headers;
using SimCache.Data.Progress;

namespace SimCache.Data.Download;

/// <summary>
/// Streams one URL into a partial file, resuming it where an earlier attempt stopped. A partial file
/// that already has bytes is continued with an HTTP Range request; the server's answer decides: 206 with a
/// Content-Range starting at the file's length appends, 200 (the server ignores ranges, or the resource
/// changed, per If-Range) starts again from an empty file, 416 with the same total means the file was
/// already complete. The file on disk only ever holds a prefix of the resource, so a second run can resume
/// whatever the first run left, whether it failed, stalled or was interrupted.
/// </summary>
public sealed class ResumableFetch(HttpClient client, TimeSpan stallTimeout)
{
    private const int BufferSize = 1 << 16;

    /// <summary>The sidecar beside the partial file holding the server's validator (ETag or Last-Modified), sent as If-Range on resume.</summary>
    public static string ValidatorPath(string partial) => partial + ".validator";

    /// <summary>
    /// Fetches <paramref name="url"/> into <paramref name="partial"/>; returns the offset it resumed from.
    /// Throws <see cref="DownloadException"/> on an HTTP error, a dropped or stalled connection or a short
    /// body (the bytes received stay in the partial file), and <see cref="OperationCanceledException"/>
    /// when <paramref name="cancel"/> fires (likewise).
    /// </summary>
    public async Task<long> FetchAsync(Uri url, string partial, IWorkReporter reporter, string description, CancellationToken cancel)
    {
        long offset = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        stall.CancelAfter(stallTimeout);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(Request(url, offset, partial), HttpCompletionOption.ResponseHeadersRead, stall.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new DownloadException($"{url}: no answer within {Seconds(stallTimeout)}; the server or the network is not responding (--timeout sets the limit)");
        }
        catch (HttpRequestException e)
        {
            throw new DownloadException($"{url}: cannot connect: {e.Message}", e);
        }
        using (response)
        {
            long start;
            long? total;
            switch (response.StatusCode)
            {
                case HttpStatusCode.PartialContent when offset > 0:
                    var range = response.Content.Headers.ContentRange;
                    if (range?.From != offset)
                    {
                        Discard(partial);
                        throw new DownloadException($"{url}: asked to resume at byte {offset:N0} but the server sent {(range is null ? "no Content-Range" : "bytes from " + range.From)}; the partial file {partial} was discarded, run again to start over");
                    }
                    start = offset;
                    total = range.Length;
                    break;
                case HttpStatusCode.RequestedRangeNotSatisfiable when offset > 0:
                    if (response.Content.Headers.ContentRange?.Length == offset) return offset; // the earlier run had fetched it all
                    Discard(partial);
                    throw new DownloadException($"{url}: the server refused to resume at byte {offset:N0} (416; the file there is a different size now); the partial file was discarded, run again to start over");
                case HttpStatusCode.OK:
                    start = 0; // a fresh download, or a server that ignores Range (or a resource that changed): start cleanly
                    total = response.Content.Headers.ContentLength;
                    break;
                default:
                    throw new DownloadException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(response.StatusCode == HttpStatusCode.NotFound ? " (no such file on the server)" : "")}");
            }
            SaveValidator(response, partial, start);
            return await CopyAsync(url, response, partial, start, total, stall, reporter, description, cancel);
        }
    }

    private static HttpRequestMessage Request(Uri url, long offset, string partial)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.Clear();
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
            var validator = File.Exists(ValidatorPath(partial)) ? File.ReadAllText(ValidatorPath(partial)).Trim() : "";
            if (validator.StartsWith('"')) request.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue(validator));
            else if (validator.Length > 0 && (DateTimeOffset.TryParse(validator, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var modified)))
                request.Headers.IfRange = new RangeConditionHeaderValue(modified);
        }
        return request;
    }

    /// <summary>Remembers what identifies the resource's version, so a resume after it changed restarts instead of splicing two versions.</summary>
    private static void SaveValidator(HttpResponseMessage response, string partial, long start)
    {
        if (start > 0) return;
        var tag = response.Headers.ETag;
        var validator = tag is { IsWeak: false } ? tag.Tag : response.Content.Headers.LastModified?.ToString("R");
        if (validator is null) File.Delete(ValidatorPath(partial));
        else File.WriteAllText(ValidatorPath(partial), validator);
    }

    private async Task<long> CopyAsync(Uri url, HttpResponseMessage response, string partial, long start, long? total,
        CancellationTokenSource stall, IWorkReporter reporter, string description, CancellationToken cancel)
    {
        long done = start;
        using var task = reporter.Start(description, total ?? 0, "B");
        task.Report(done);
        // Unbuffered: what was received is in the file at once, so even a killed process leaves a resumable prefix.
        await using var file = new FileStream(partial, start > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        var buffer = new byte[BufferSize];
        Stream? body = null;
        try
        {
            while (true)
            {
                int n;
                try
                {
                    stall.CancelAfter(stallTimeout);
                    body ??= await response.Content.ReadAsStreamAsync(stall.Token);
                    n = await body.ReadAsync(buffer, stall.Token);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    throw new DownloadException($"{url}: no data for {Seconds(stallTimeout)} after {done:N0}{Of(total)} bytes; the connection stalled (--timeout sets the limit). {Kept(partial, done)}");
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw new DownloadException($"{url}: the connection dropped after {done:N0}{Of(total)} bytes ({e.Message}). {Kept(partial, done)}", e);
                }
                if (n == 0) break;
                await file.WriteAsync(buffer.AsMemory(0, n), cancel); // a disk error here is the disk's, reported as itself
                done += n;
                task.Report(done);
            }
        }
        finally
        {
            if (body is not null) await body.DisposeAsync();
        }
        if (total is { } t && done != t)
            throw new DownloadException($"{url}: the response ended after {done:N0} of {t:N0} bytes. {Kept(partial, done)}");
        return start;
    }

    private static string Of(long? total) => total is { } t ? $" of {t:N0}" : "";

    private static string Kept(string partial, long done) =>
        done > 0 ? $"The {done:N0} bytes received are kept in {partial}; run the same command again to resume." : "Nothing was kept.";

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    /// <summary>Deletes a partial file that cannot be continued, and its validator.</summary>
    public static void Discard(string partial)
    {
        File.Delete(partial);
        File.Delete(ValidatorPath(partial));
    }
}
