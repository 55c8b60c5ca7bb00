namespace SimCache.Simulation.TraceAnalysis;

/// <summary>
/// The LRU stack distance of each re-request in one pass (Bennett and Kruskal's method): a Fenwick tree over
/// request positions holds a 1 at the latest request of every user, so the number of distinct users requested
/// strictly between a user's previous request p and the current one i is the sum over (p, i). Each request
/// then moves its user's 1 from p to i. O(log n) per request and 4 bytes per request position, never the vectors.
/// </summary>
internal sealed class StackDistanceCounter
{
    private readonly int[] _tree;

    public StackDistanceCounter(int positions) => _tree = new int[positions + 1];

    /// <summary>Distinct users between <paramref name="previous"/> and <paramref name="current"/> (both exclusive), then records the move.</summary>
    public int Move(int previous, int current)
    {
        int between = Prefix(current - 1) - Prefix(previous);
        Add(previous, -1);
        Add(current, 1);
        return between;
    }

    /// <summary>Records a first request at <paramref name="current"/>.</summary>
    public void First(int current) => Add(current, 1);

    private void Add(int position, int delta)
    {
        for (int i = position + 1; i < _tree.Length; i += i & -i) _tree[i] += delta;
    }

    /// <summary>Sum of positions 0..<paramref name="position"/> (inclusive); 0 for a negative position.</summary>
    private int Prefix(int position)
    {
        int sum = 0;
        for (int i = position + 1; i > 0; i -= i & -i) sum += _tree[i];
        return sum;
    }
}
