namespace SimCache.Data.Download;

/// <summary>What <see cref="DatasetDownloader"/> is asked to fetch and where to put it.</summary>
public sealed record DownloadRequest
{
    /// <summary>The environment variable that replaces the publisher's address (a mirror, a proxy, a test server).</summary>
    public const string BaseUrlVariable = "SIMCACHE_DOWNLOAD_BASE";

    /// <summary>The catalogue name (<see cref="DatasetCatalogue"/>).</summary>
    public required string Name { get; init; }

    /// <summary>The folder the unpacked data set appears at, whole or not at all.</summary>
    public required string OutDir { get; init; }

    /// <summary>
    /// A folder URL that serves the same archive names as the publisher (a mirror, a proxy, a test
    /// server); null for the publisher's own address.
    /// </summary>
    public string? BaseUrl { get; init; }

    /// <summary>
    /// How long the server may stay silent (connecting, or between two reads) before the download is given
    /// up as stalled. Not a limit on the whole download, which may take hours on a slow line.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}
