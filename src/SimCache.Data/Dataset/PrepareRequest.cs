using SimCache.Data.Ingest;

namespace SimCache.Data.Dataset;

/// <summary>What <c>simcache data prepare</c> was asked to do; null options take the format's defaults.</summary>
public sealed record PrepareRequest
{
    public required string Format { get; init; }
    public required string Input { get; init; }
    public required string OutDir { get; init; }
    public ColumnMap? Columns { get; init; }

    /// <summary>The column map as written in dataset.json (null for fixed-layout formats).</summary>
    public string? ColumnsText => Columns is null ? null : $"user={Columns.User},item={Columns.Item}" + (Columns.Rating is null ? "" : ",rating=" + Columns.Rating) + (Columns.Time is null ? "" : ",time=" + Columns.Time);

    /// <summary>null: the format's default (3.5 for star ratings; none for MSD plays and CSVs without ratings). NaN: explicitly none.</summary>
    public double? Threshold { get; init; }
    public int? MinUserItems { get; init; }
    public int? MinItemUsers { get; init; }
    public int? Heldout { get; init; }
    /// <summary>null: Liang et al.'s 98765.</summary>
    public uint? Seed { get; init; }
    public bool Force { get; init; }
    public required string Command { get; init; }
}
