namespace SimCache.Data.Ingest.Formats;

/// <summary>MovieLens <c>ratings.dat</c> (ML-1M, whole stars; ML-10M, half stars): '::'-separated, no header.</summary>
public static class MovieLensDatFormat
{
    public const string Name = "movielens-dat";

    public static readonly RatingFormat Format = new()
    {
        Name = Name,
        Help = "ratings.dat, '::'",
        Input = "`ratings.dat` (`::`, ML-1M and ML-10M), or its folder",
        Stars = new StarScale(0.5f, 5f),
        Timestamps = TimestampKind.UnixSeconds,
        DefaultThreshold = RatingFormat.StarThreshold,
        Read = (path, _, reporter, cancel) => MovieLensReader.Read(Format!, new MovieLensLayout("ratings.dat", "::", "UserID::MovieID::Rating::Timestamp", Header: false), path, reporter, cancel),
    };
}
