namespace SimCache.Data.Ingest.Formats;

/// <summary>
/// The Million Song Dataset's taste profile: play counts, not stars, so no threshold; Liang et al.'s stricter
/// filters (users ≥ 20 songs, songs ≥ 200 users) and N = 50,000; no timestamps (file position stands in).
/// </summary>
public static class MsdFormat
{
    public const string Name = "msd";

    public static readonly RatingFormat Format = new()
    {
        Name = Name,
        Help = "user<TAB>song<TAB>plays",
        Input = "taste-profile triplets `user\\tsong\\tplays` (no timestamps: file position stands in, and `dataset.json` says so)",
        Timestamps = TimestampKind.FilePosition,
        MinUserItems = 20,
        MinItemUsers = 200,
        HeldoutCap = 50_000,
        Read = (path, _, reporter, cancel) => MsdReader.Read(path, reporter, cancel),
    };
}
