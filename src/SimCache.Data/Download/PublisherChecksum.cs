using System.Net;
using System.Text.RegularExpressions;

namespace SimCache.Data.Download;

/// <summary>
/// The checksum a publisher serves beside an archive (<c>NAME.zip.md5</c> at GroupLens, in either
/// <c>md5sum</c>'s "HASH  NAME" or BSD's "MD5 (NAME) = HASH" form). Absent (404) means the publisher gives
/// none; any other failure to read it fails the download, since quietly skipping verification would turn a
/// flaky network into unverified data.
/// </summary>
public static partial class PublisherChecksum
{
    /// <summary>The md5 in lower-case hex, or null when the server has no such file.</summary>
    public static async Task<string?> FetchMd5Async(HttpClient client, Uri archive, TimeSpan timeout, CancellationToken cancel)
    {
        var url = new Uri(archive + ".md5");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await client.GetAsync(url, limit.Token);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone or HttpStatusCode.Forbidden) return null;
            if (!response.IsSuccessStatusCode)
                throw new DownloadException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase} reading the publisher's checksum");
            var text = await response.Content.ReadAsStringAsync(limit.Token);
            return ParseMd5(text) ?? throw new DownloadException($"{url}: holds no md5 (32 hex digits); cannot verify the archive");
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new DownloadException($"{url}: no answer within {timeout.TotalSeconds:0.###} s reading the publisher's checksum (--timeout sets the limit)");
        }
        catch (HttpRequestException e)
        {
            throw new DownloadException($"{url}: cannot connect: {e.Message}", e);
        }
    }

    /// <summary>The first md5 (32 hex digits standing alone) in a checksum file's text.</summary>
    public static string? ParseMd5(string text)
    {
        var m = Md5Pattern().Match(text);
        return m.Success ? m.Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"(?<![0-9A-Fa-f])[0-9A-Fa-f]{32}(?![0-9A-Fa-f])")]
    private static partial Regex Md5Pattern();
}
