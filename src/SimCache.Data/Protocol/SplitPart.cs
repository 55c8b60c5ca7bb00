using SimCache.Data.Ingest;

namespace SimCache.Data.Protocol;

/// <summary>One part of a split (train, validation fold-in, …) as columns in the protocol's row order.</summary>
public sealed class SplitPart(string name, int capacity = 1024) : InteractionColumns(capacity)
{
    /// <summary>File stem: train, validation_tr, validation_te, test_tr or test_te (Liang et al.'s names).</summary>
    public string Name { get; } = name;

    /// <summary>Number of distinct users with at least one row.</summary>
    public int DistinctUsers()
    {
        var seen = new HashSet<int>();
        foreach (var u in User) seen.Add(u);
        return seen.Count;
    }
}
