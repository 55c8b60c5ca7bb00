namespace SimCache.Data.Ingest;

/// <summary>
/// A whole rating file in input order: dense user and item indices (with the tables mapping them back to
/// the original ids), timestamp and rating, plus what the timestamps mean and what was read.
/// </summary>
public sealed class RatingLog(IdTable users, IdTable items, TimestampKind timeKind, bool hasRatings) : InteractionColumns
{
    public IdTable Users { get; } = users;
    public IdTable Items { get; } = items;
    public TimestampKind TimeKind { get; } = timeKind;

    /// <summary>False when the input has no rating column (every row is a positive).</summary>
    public bool HasRatings { get; } = hasRatings;

    /// <summary>What was read: files, bytes and their sha256.</summary>
    public InputDescription Input { get; internal set; } = new([], 0, "");
}
