namespace SimCache.Data.Ingest.Formats;

/// <summary>MovieLens 100K's <c>u.data</c>: tab-separated, no header, whole stars.</summary>
public static class MovieLens100kFormat
{
    public const string Name = "movielens-100k";

    public static readonly RatingFormat Format = new()
    {
        Name = Name,
        Help = "u.data",
        Input = "`u.data` (tab-separated, no header), or its folder",
        Stars = new StarScale(1f, 5f),
        Timestamps = TimestampKind.UnixSeconds,
        DefaultThreshold = RatingFormat.StarThreshold,
        Read = (path, _, reporter, cancel) => MovieLensReader.Read(Format!, new MovieLensLayout("u.data", "\t", "user id<TAB>item id<TAB>rating<TAB>timestamp", Header: false), path, reporter, cancel),
    };
}
