using System.Globalization;
using SimCache.Data.IO;

namespace SimCache.Data.Ingest;

/// <summary>
/// The range of a star-rating format's ratings. A rating outside it (7.5, −2) is not a rating of that format but
/// a damaged or mislabelled file, and the protocol's threshold (3.5 stars) would silently turn it into a positive
/// or a negative, so the readers refuse it at its line. MovieLens <c>ratings.csv</c> (ml-latest, ML-20M) and
/// <c>ratings.dat</c> (ML-10M; ML-1M uses whole stars within it) have half stars from 0.5 to 5; ML-100K's
/// <c>u.data</c> and Netflix have whole stars from 1 to 5.
/// </summary>
public readonly record struct StarScale(float Min, float Max)
{
    public static StarScale Of(string format) => format switch
    {
        RatingFormat.MovieLensCsv or RatingFormat.MovieLensDat => new(0.5f, 5f),
        RatingFormat.MovieLens100k or RatingFormat.Netflix => new(1f, 5f),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a star-rating format"),
    };

    public bool Contains(float rating) => rating >= Min && rating <= Max;

    /// <summary>Refuses a rating outside the scale, naming the file, the line and the format's range.</summary>
    public void Check(float rating, ReadOnlySpan<byte> text, string format, string path, long line)
    {
        if (!Contains(rating))
            throw new DataFormatException(path, string.Create(CultureInfo.InvariantCulture,
                $"rating: {Fields.Show(text)} is outside the {format} star scale {Min}..{Max}"), line);
    }
}
