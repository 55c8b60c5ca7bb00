using SimCache.Data.Protocol;
using SimCache.Data.Progress;

namespace SimCache.Data.Ingest.Formats;

/// <summary>
/// Everything SimCache knows about one input format of <c>data prepare</c>, in one place: how to read it, what
/// its ratings mean, which protocol defaults suit it and how to describe it. The command-line help, the
/// per-format defaults of the split, the experiment schema's enumeration and the README's format table are all
/// derived from (or checked against) these records, so a new format is one file declaring its record plus one
/// line in <see cref="RatingFormats.All"/>.
/// </summary>
public sealed record RatingFormat
{
    /// <summary>The default threshold of star-rating formats: Liang et al. keep ratings strictly above 3.5.</summary>
    public const double StarThreshold = 3.5;

    /// <summary>The command-line name, as in <c>--format NAME</c> and in experiment files.</summary>
    public required string Name { get; init; }

    /// <summary>What to pass as <c>--input</c>, in a few words, for <c>data prepare --help</c>.</summary>
    public required string Help { get; init; }

    /// <summary>The README format table's "input" cell (Markdown).</summary>
    public required string Input { get; init; }

    /// <summary>
    /// The range of a star-rating format's ratings, which the reader enforces at each line; null when the
    /// rating column is not stars (play counts) or there is none.
    /// </summary>
    public StarScale? Stars { get; init; }

    /// <summary>What the timestamps of the data set will mean (for a column-mapped format: with a time column).</summary>
    public required TimestampKind Timestamps { get; init; }

    /// <summary>
    /// The protocol's default threshold (keep ratings strictly above it); null keeps every row, as for play counts.
    /// For a format with <see cref="TakesColumns"/> it applies only when the map names a rating column.
    /// </summary>
    public double? DefaultThreshold { get; init; }

    /// <summary>The default of <c>--min-user-items</c> (Liang et al.: 5; 20 for the sparser MSD).</summary>
    public int MinUserItems { get; init; } = 5;

    /// <summary>The default of <c>--min-item-users</c> (0 = off; MSD 200).</summary>
    public int MinItemUsers { get; init; }

    /// <summary>The paper's N, the cap of the held-out users of each part (10,000; Netflix 40,000; MSD 50,000).</summary>
    public int HeldoutCap { get; init; } = 10_000;

    /// <summary>Whether the format needs <c>--columns</c> to name its user, item, rating and time columns.</summary>
    public bool TakesColumns { get; init; }

    /// <summary>
    /// Reads a rating log from the path (a file or the folder its archive unpacks to), with the column map when
    /// <see cref="TakesColumns"/>. Null for a data set that is already split (<see cref="Import"/>).
    /// </summary>
    public Func<string, ColumnMap?, IWorkReporter, CancellationToken, RatingLog>? Read { get; init; }

    /// <summary>
    /// Imports an already split data set from its folder as it is (same users, items and parts, no protocol);
    /// null for a rating log, which <see cref="Read"/> reads.
    /// </summary>
    public Func<string, (SplitDataset Split, InputDescription Input)>? Import { get; init; }

    /// <summary>Whether the input is an already split data set, imported as it is (no reader, no protocol).</summary>
    public bool AlreadySplit => Import is not null;

    /// <summary>
    /// Whether a request has a rating column to threshold: always, but for a column-mapped format whose map names
    /// no rating column (every row is then a positive).
    /// </summary>
    public bool HasRatingColumn(ColumnMap? columns) => !TakesColumns || columns?.Rating is not null;

    /// <summary>The default threshold for a request: <see cref="DefaultThreshold"/> when it has a rating column.</summary>
    public double? DefaultThresholdFor(ColumnMap? columns) => HasRatingColumn(columns) ? DefaultThreshold : null;
}
