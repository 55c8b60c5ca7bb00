using Cloud.Unum.USearch;
using SimCache.Caching.Indexes;

namespace SimCache.Caching.Policies.Knn;

/// <summary>
/// A USearch inner-product graph over decoder items for maximum-inner-product search: item i is stored as
/// [w_i, b_i] and a query z as [z, 1], so the inner product is the item's score z·w_i + b_i (a query [−z, −1]
/// finds the lowest scores). It only proposes candidates; the k-NN cache re-scores them exactly.
/// </summary>
internal sealed class ItemHnsw : IDisposable
{
    private readonly float[] _row;
    private readonly ulong[] _keys;
    private readonly float[] _distances;
    private IntPtr _index;

    public ItemHnsw(int dimension, int capacity, HnswOptions options)
    {
        _row = new float[dimension + 1];
        int buffer = Math.Max(options.Candidates, options.RecallK) + 64;
        _keys = new ulong[buffer];
        _distances = new float[buffer];
        _index = UsearchNative.Init(MetricKind.Ip, dimension + 1, options.M, options.EfConstruction, options.Ef);
        try
        {
            UsearchNative.Reserve(_index, capacity + 1);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Add(int item, ReadOnlySpan<float> weights, float bias)
    {
        weights.CopyTo(_row);
        _row[^1] = bias;
        UsearchNative.Add(_index, (ulong)item, _row);
    }

    public void Remove(int item) => UsearchNative.Remove(_index, (ulong)item);

    /// <summary>Up to <paramref name="count"/> candidate items for the highest (sign = 1) or lowest (sign = −1) scores.</summary>
    public int Search(ReadOnlySpan<float> z, float sign, int count, Span<int> items)
    {
        for (int i = 0; i < z.Length; i++) _row[i] = sign * z[i];
        _row[^1] = sign;
        count = Math.Min(Math.Min(count, _keys.Length), items.Length);
        int found = UsearchNative.Search(_index, _row, _keys.AsSpan(0, count), _distances.AsSpan(0, count));
        for (int i = 0; i < found; i++) items[i] = (int)_keys[i];
        return found;
    }

    public void Dispose()
    {
        if (_index == IntPtr.Zero) return;
        UsearchNative.Free(_index);
        _index = IntPtr.Zero;
    }
}
