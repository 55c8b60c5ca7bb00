using SimCache.Data.Dataset;

namespace SimCache.Data.Ingest.Formats;

/// <summary>A folder already split by Liang et al.'s preprocessing code: imported as it is, without a reader or the protocol.</summary>
public static class VaeCfFormat
{
    public const string Name = "vae-cf";

    public static readonly RatingFormat Format = new()
    {
        Name = Name,
        Help = "a folder split by Liang et al.'s code",
        Input = "a folder already split by Liang et al.'s code: imported as is (same users, items and parts)",
        Timestamps = TimestampKind.None,
        Import = VaeCfImporter.Import,
    };
}
