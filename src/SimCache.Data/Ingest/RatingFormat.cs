namespace SimCache.Data.Ingest;

/// <summary>The rating-file formats <c>data prepare</c> reads, by their command-line names.</summary>
public static class RatingFormat
{
    public const string MovieLensCsv = "movielens-csv";
    public const string MovieLens100k = "movielens-100k";
    public const string MovieLensDat = "movielens-dat";
    public const string Netflix = "netflix";
    public const string Msd = "msd";
    public const string VaeCf = "vae-cf";
    public const string Csv = "csv";

    public static readonly IReadOnlyList<string> All = [MovieLensCsv, MovieLens100k, MovieLensDat, Netflix, Msd, VaeCf, Csv];

    /// <summary>Formats whose rating is a star rating, for which the protocol's default threshold is 3.5.</summary>
    public static bool HasStarRatings(string format) => format is MovieLensCsv or MovieLens100k or MovieLensDat or Netflix;
}
