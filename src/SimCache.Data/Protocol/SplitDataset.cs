using SimCache.Data.Ingest;

namespace SimCache.Data.Protocol;

/// <summary>
/// A data set split by the protocol: dense user ids (index = position in the shuffled user order, as
/// <c>unique_uid.txt</c>), dense item ids (index = first appearance among training rows, as
/// <c>unique_sid.txt</c>), the five parts, and the counts of every stage.
/// </summary>
public sealed class SplitDataset
{
    public required IReadOnlyList<string> UserIds { get; init; }
    public required IReadOnlyList<string> ItemIds { get; init; }
    public required SplitPart Train { get; init; }
    public required SplitPart ValidationTr { get; init; }
    public required SplitPart ValidationTe { get; init; }
    public required SplitPart TestTr { get; init; }
    public required SplitPart TestTe { get; init; }
    public required int TrainUsers { get; init; }
    public required int ValidationUsers { get; init; }
    public required int TestUsers { get; init; }
    public required IReadOnlyList<StageCounts> Stages { get; init; }
    public required TimestampKind TimeKind { get; init; }

    /// <summary>Rows of held-out users dropped because their item is not among the training users' items.</summary>
    public long HeldoutRowsDropped { get; init; }

    /// <summary>Repeated (user, item) rows dropped (the first in input order is kept).</summary>
    public long DuplicatesDropped { get; init; }

    public IEnumerable<SplitPart> Parts => [Train, ValidationTr, ValidationTe, TestTr, TestTe];
}
