namespace SimCache.Data.Ingest.Formats;

/// <summary>The Netflix Prize training data: whole stars, dates without time of day, Liang et al.'s N = 40,000.</summary>
public static class NetflixFormat
{
    public const string Name = "netflix";

    public static readonly RatingFormat Format = new()
    {
        Name = Name,
        Help = "combined_data_*.txt or a folder of mv_*.txt",
        Input = "a `combined_data_*.txt`, or a folder of them or of `mv_*.txt` files",
        Stars = new StarScale(1f, 5f),
        Timestamps = TimestampKind.UnixDays,
        DefaultThreshold = RatingFormat.StarThreshold,
        HeldoutCap = 40_000,
        Read = (path, _, reporter, cancel) => NetflixReader.Read(Format!, path, reporter, cancel),
    };
}
