namespace SimCache.Data.Ingest.Formats;

/// <summary>MovieLens <c>ratings.csv</c> (ML-20M, ML-25M, ml-latest): comma-separated with a header, half stars.</summary>
public static class MovieLensCsvFormat
{
    public const string Name = "movielens-csv";

    public static readonly RatingFormat Format = new()
    {
        Name = Name,
        Help = "ratings.csv",
        Input = "`ratings.csv` with header (ML-20M, ML-25M, ml-latest, ml-latest-small), or its folder",
        Stars = new StarScale(0.5f, 5f),
        Timestamps = TimestampKind.UnixSeconds,
        DefaultThreshold = RatingFormat.StarThreshold,
        Read = (path, _, reporter, cancel) => MovieLensReader.Read(Format!, new MovieLensLayout("ratings.csv", ",", "userId,movieId,rating,timestamp", Header: true), path, reporter, cancel),
    };
}
