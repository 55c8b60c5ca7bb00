namespace SimCache.Data.Ingest;

/// <summary>What the timestamp column of a data set means; later stages (traces) must know whether time is real.</summary>
public enum TimestampKind
{
    /// <summary>Unix seconds from the input.</summary>
    UnixSeconds,
    /// <summary>Unix seconds at midnight UTC of a calendar date (Netflix Prize dates have no time of day).</summary>
    UnixDays,
    /// <summary>No time in the input: the 0-based position of the row in the input (MSD), so order is file order.</summary>
    FilePosition,
    /// <summary>No time and no meaningful order (an imported, already split data set): all zero.</summary>
    None,
}
