namespace SimCache.Data.Download;

/// <summary>
/// One public data set <c>data download</c> knows: where the publisher serves it, what it costs to fetch,
/// the terms it comes under and how to cite it, and which <c>data prepare --format</c> reads it once
/// unpacked. Kept as data, not code, so <c>--list</c>, the notes written beside the data and the printed
/// next step all say the same thing.
/// </summary>
public sealed record DatasetSource
{
    /// <summary>The command-line name (<c>ml-100k</c>, <c>msd-taste-profile</c>, <c>netflix</c>).</summary>
    public required string Name { get; init; }

    /// <summary>A human title ("MovieLens 100K").</summary>
    public required string Title { get; init; }

    /// <summary>What the data holds (ratings, users, items), so a user can choose before spending the bandwidth.</summary>
    public required string Contents { get; init; }

    /// <summary>The approximate download size as the publisher serves it ("≈ 4.9 MB").</summary>
    public required string Size { get; init; }

    /// <summary>A one-line summary of the terms of use; the publisher's own text governs.</summary>
    public required string Licence { get; init; }

    /// <summary>Where the full terms are.</summary>
    public required string LicenceUrl { get; init; }

    /// <summary>The reference to cite (authors, title, venue, year).</summary>
    public required string Citation { get; init; }

    /// <summary>
    /// The publisher's address of the archive. For a data set that is no longer hosted by its owner, the
    /// page that says where it went.
    /// </summary>
    public required string Url { get; init; }

    /// <summary>The archive's file name, appended to a base URL given with <c>--base-url</c>; null when not downloadable.</summary>
    public string? ArchiveName { get; init; }

    /// <summary>The <c>data prepare --format</c> that reads the unpacked folder.</summary>
    public required string PrepareFormat { get; init; }

    /// <summary>For a data set this tool does not fetch: where it can be obtained instead, one place a line.</summary>
    public IReadOnlyList<string> ObtainFrom { get; init; } = [];

    /// <summary>True when the archive is fetched by <c>data download</c>.</summary>
    public bool Downloadable => ArchiveName is not null;

    /// <summary>The archive's address under <paramref name="baseUrl"/> (a mirror or a test server), or the publisher's when null.</summary>
    public Uri ArchiveUri(string? baseUrl)
    {
        if (ArchiveName is null) throw new InvalidOperationException($"{Name} is not downloadable");
        if (string.IsNullOrEmpty(baseUrl)) return new Uri(Url);
        return new Uri(baseUrl.TrimEnd('/') + "/" + ArchiveName);
    }
}
