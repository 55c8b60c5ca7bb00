namespace SimCache.Data.Protocol;

/// <summary>
/// The parameters of Liang et al.'s preprocessing protocol (docs/METHODS.md §1.1). The defaults are the paper's
/// for MovieLens: positives are ratings strictly above 3.5, users need at least 5 of them, no item minimum,
/// numpy seed 98765, 20% of each held-out user's items are the test part.
/// </summary>
public sealed record ProtocolOptions
{
    /// <summary>Keep ratings strictly above this; null keeps every row (MSD plays, CSVs without ratings). Ratings are float32, and the comparison is made in float32 too.</summary>
    public double? Threshold { get; init; } = 3.5;

    /// <summary>Users with fewer positives (after the item filter) are dropped.</summary>
    public int MinUserItems { get; init; } = 5;

    /// <summary>Items with fewer positive users are dropped first (0 = no item filter).</summary>
    public int MinItemUsers { get; init; }

    /// <summary>Validation users, and as many test users; null = min(<see cref="HeldoutCap"/>, ⌊users/6⌋).</summary>
    public int? Heldout { get; init; }

    /// <summary>The paper's N for the full data set: 10,000 (ML-20M), 40,000 (Netflix), 50,000 (MSD).</summary>
    public int HeldoutCap { get; init; } = 10_000;

    /// <summary>numpy legacy seed for the user permutation and the fold-in draws.</summary>
    public uint Seed { get; init; } = 98765;

    /// <summary>Share of a held-out user's items that form the test part (numpy: int(fraction · n)).</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Held-out users with fewer items keep them all in the fold-in part (Liang et al.: 5).</summary>
    public const int MinItemsToSplit = 5;

    /// <summary>The rule used when <see cref="Heldout"/> is not given: the paper's N for full-sized data, a sixth of the users below that (100 of ml-latest-small's 603, as in the published split).</summary>
    public int DefaultHeldout(int users) => Math.Min(HeldoutCap, users / 6);
}
