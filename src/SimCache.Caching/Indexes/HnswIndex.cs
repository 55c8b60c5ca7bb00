using Cloud.Unum.USearch;
using SimCache.Caching.Keys;

namespace SimCache.Caching.Indexes;

/// <summary>
/// An approximate index: a USearch HNSW graph over the store's keys, keyed by slot, searched with a tunable
/// expansion <see cref="Ef"/>. The graph only proposes candidates: the <see cref="Candidates"/> it returns are
/// re-ranked with the same exact rank values and (rank, insertion sequence) order as the exact index, so with a
/// large enough ef both give the same answers, ties included. USearch sees the prepared vectors under squared
/// L2 (under cosine these are unit vectors, where L2 order is cosine order). Capacity for every slot is
/// reserved up front (single inserts into a full USearch index reallocate). Removed keys are never returned;
/// a candidate whose slot is no longer live is skipped all the same. Blocks are not precomputed: the graph
/// changes with every insert, so each lookup searches the graph as it stands.
/// </summary>
public sealed class HnswIndex : KeyIndex
{
    private readonly ulong[] _keys;
    private readonly float[] _distances;
    private IntPtr _index;
    private int _ef;

    public HnswIndex(KeyStore store, int ef = 64, int connectivity = 16, int expansionAdd = 128, int candidates = 16,
        double recallRate = 0, int recallK = 10, string? description = null)
        : base(store, description ?? "hnsw", recallRate, recallK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ef, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(connectivity, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(expansionAdd, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        Candidates = candidates;
        Connectivity = connectivity;
        ExpansionAdd = expansionAdd;
        int buffer = Math.Max(candidates, recallK) + 8;
        _keys = new ulong[buffer];
        _distances = new float[buffer];
        _index = UsearchNative.Init(MetricKind.L2sq, store.Dimension, connectivity, expansionAdd, ef);
        try
        {
            UsearchNative.Reserve(_index, store.Slots + 1);
            Ef = ef;
        }
        catch
        {
            UsearchNative.Free(_index);
            _index = IntPtr.Zero;
            throw;
        }
    }

    /// <summary>Graph candidates fetched per lookup before exact re-ranking (at least k).</summary>
    public int Candidates { get; }

    public int Connectivity { get; }

    public int ExpansionAdd { get; }

    /// <summary>The search expansion (USearch <c>expansion_search</c>), changeable at any time.</summary>
    public int Ef
    {
        get => _ef;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            UsearchNative.SetExpansionSearch(Handle, value);
            _ef = value;
        }
    }

    /// <summary>The expansion USearch reports (to check that <see cref="Ef"/> reached the native index).</summary>
    public int NativeEf => UsearchNative.ExpansionSearch(Handle);

    /// <summary>Keys in the graph.</summary>
    public long Size => UsearchNative.Size(Handle);

    /// <summary>True when the graph holds the key of <paramref name="slot"/>.</summary>
    public bool Contains(int slot) => UsearchNative.Contains(Handle, (ulong)slot);

    /// <summary>Writes the graph in USearch's own format (to a temporary name, then renamed).</summary>
    public void Save(string path)
    {
        string temp = path + ".tmp-" + Environment.ProcessId;
        try
        {
            UsearchNative.Save(Handle, temp);
            File.Move(temp, path, overwrite: true);
        }
        catch (InvalidOperationException ex)
        {
            throw new IOException($"{path}: cannot save the index: {ex.Message}", ex);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private IntPtr Handle => _index != IntPtr.Zero ? _index : throw new ObjectDisposedException(nameof(HnswIndex));

    protected internal override void OnAdded(int slot) => UsearchNative.Add(Handle, (ulong)slot, Store.Vector(slot));

    protected internal override void OnRemoved(int slot) => UsearchNative.Remove(Handle, (ulong)slot);

    protected internal override int SearchCore(in PreparedQuery q, int k, Span<Neighbor> result)
    {
        k = Math.Min(k, result.Length);
        if (k <= 0) return 0;
        int want = Math.Min(Math.Max(k, Candidates), _keys.Length);
        int found = UsearchNative.Search(Handle, q.Vector, _keys.AsSpan(0, want), _distances.AsSpan(0, want));
        var s = Store;
        int n = 0;
        for (int i = 0; i < found; i++)
        {
            int slot = (int)_keys[i];
            if (!s.IsLive(slot)) continue;
            float rank = s.Rank(q, slot);
            long seq = s.Seq(slot);
            if (n == k && !Neighbor.Before(rank, seq, result[n - 1].Rank, result[n - 1].Seq)) continue;
            n = Neighbor.Insert(result, n, k, new Neighbor(slot, rank, 0, seq));
        }
        return n;
    }

    public override void Dispose()
    {
        if (_index != IntPtr.Zero)
        {
            UsearchNative.Free(_index);
            _index = IntPtr.Zero;
        }
        base.Dispose();
    }
}
