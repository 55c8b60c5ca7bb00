namespace SimCache.Data.Synthetic;

/// <summary>
/// What a generation run produced, so a caller (the CLI, a test) can report or check the data set without
/// re-reading ratings.csv; the same numbers are recorded in synth.json.
/// </summary>
public sealed record SyntheticResult(
    string RatingsPath,
    string ManifestPath,
    int Users,
    int Items,
    int RatedItems,
    long Ratings,
    double PositiveShare);
