using System.Globalization;
using SimCache.Data.IO;

namespace SimCache.Data.Ingest;

/// <summary>
/// The range of a star-rating format's ratings (<see cref="Formats.RatingFormat.Stars"/>). A rating outside it
/// (7.5, −2) is not a rating of that format but a damaged or mislabelled file, and the protocol's threshold
/// (3.5 stars) would silently turn it into a positive or a negative, so the readers refuse it at its line.
/// </summary>
public readonly record struct StarScale(float Min, float Max)
{
    public bool Contains(float rating) => rating >= Min && rating <= Max;

    /// <summary>Refuses a rating outside the scale, naming the file, the line and the format's range.</summary>
    public void Check(float rating, ReadOnlySpan<byte> text, string format, string path, long line)
    {
        if (!Contains(rating))
            throw new DataFormatException(path, string.Create(CultureInfo.InvariantCulture,
                $"rating: {Fields.Show(text)} is outside the {format} star scale {Min}..{Max}"), line);
    }
}
