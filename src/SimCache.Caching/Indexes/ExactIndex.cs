using System.Runtime.Intrinsics;
using SimCache.Caching.Keys;
using SimCache.Numerics.Vectors;

namespace SimCache.Caching.Indexes;

/// <summary>
/// Brute force over every cached key with the canonical dot-product kernels: the ground truth that approximate
/// indexes are measured against.
/// <para>
/// <b>Batched lookups with exact sequential semantics.</b> <see cref="BeginBlock"/> takes the vectors of the
/// next requests and, with one blocked matrix product against the keys as they stand (split over fixed key
/// ranges on all cores), keeps each request's <see cref="Candidates"/> nearest keys together with the keys'
/// versions. When a request of the block is then looked up — after whatever inserts, evictions, re-keys and
/// expiries the cache made meanwhile — the result is merged from the kept candidates whose keys are unchanged
/// and the keys added since the block began, each rank being bit-identical to what a scan would compute. If
/// fewer than k kept candidates survive and the block had more keys than it kept, the lookup scans instead. So
/// the nearest keys are exactly those of a one-by-one replay, whatever the block size.
/// </para>
/// </summary>
public sealed class ExactIndex : KeyIndex
{
    private const int Tile = 64;
    private readonly int _keep;
    private readonly PartitionWorkers? _workers;
    private readonly Action<int> _scanPart;
    private float[] _queries = Array.Empty<float>();
    private float[] _qnorms = Array.Empty<float>();
    private Neighbor[] _cand = Array.Empty<Neighbor>();
    private int[] _candVersion = Array.Empty<int>();
    private int[] _candCount = Array.Empty<int>();
    private bool[] _truncated = Array.Empty<bool>();
    private Neighbor[][] _partCand = Array.Empty<Neighbor[]>();
    private int[][] _partCount = Array.Empty<int[]>();
    private long[][] _partSeen = Array.Empty<long[]>();
    private float[][] _partTile = Array.Empty<float[]>();
    private (int Slot, int Version)[] _added = new (int, int)[64];
    private int _addedCount;
    private int _rows;
    private bool _active;
    private int _blockHighWater;
    private long _fallbacks, _blockLookups;

    /// <summary>
    /// An exact index over <paramref name="store"/> keeping <paramref name="candidates"/> nearest keys per block
    /// row, computing blocks on <paramref name="threads"/> threads (0: all cores), sampling recall at
    /// <paramref name="recallRate"/> with k = <paramref name="recallK"/>; <paramref name="description"/> is its spec.
    /// </summary>
    public ExactIndex(KeyStore store, int candidates = 8, int threads = 0, double recallRate = 0, int recallK = 10, string? description = null)
        : base(store, description ?? "exact", recallRate, recallK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        _keep = candidates;
        int parts = threads <= 0 ? Environment.ProcessorCount : threads;
        if (parts > 1) _workers = new PartitionWorkers(parts);
        _scanPart = ScanPart;
    }

    /// <summary>Nearest keys kept per block row.</summary>
    public int Candidates => _keep;

    /// <summary>Threads a block lookup may use (1: the calling thread alone).</summary>
    public int Threads => _workers?.Parts ?? 1;

    /// <summary>Block lookups that had to scan because too many kept candidates had left.</summary>
    public long Fallbacks => _fallbacks;

    /// <summary>Lookups answered from a block.</summary>
    public long BlockLookups => _blockLookups;

    protected internal override void OnAdded(int slot)
    {
        if (!_active) return;
        if (_addedCount == _added.Length) Array.Resize(ref _added, _added.Length * 2);
        _added[_addedCount++] = (slot, Store.Version(slot));
    }

    protected internal override void OnRemoved(int slot) { }

    protected internal override int SearchCore(in PreparedQuery q, int k, Span<Neighbor> result)
    {
        k = Math.Min(k, result.Length);
        if (!_active || q.BlockRow < 0) return BruteForce(q, k, result);
        if (q.BlockRow >= _rows) throw new ArgumentOutOfRangeException(nameof(q), $"block row {q.BlockRow} is outside the block of {_rows}");
        int row = q.BlockRow, n = 0, valid = 0;
        var s = Store;
        for (int i = 0; i < _candCount[row]; i++)
        {
            int at = row * _keep + i;
            var c = _cand[at];
            if (s.Version(c.Slot) != _candVersion[at]) continue;
            valid++;
            n = Neighbor.Insert(result, n, k, c);
        }
        if (valid < k && _truncated[row])
        {
            _fallbacks++;
            return BruteForce(q, k, result);
        }
        for (int i = 0; i < _addedCount; i++)
        {
            var (slot, version) = _added[i];
            if (s.Version(slot) != version) continue;
            float rank = s.Rank(q, slot);
            long seq = s.Seq(slot);
            if (n == k && !Neighbor.Before(rank, seq, result[n - 1].Rank, result[n - 1].Seq)) continue;
            n = Neighbor.Insert(result, n, k, new Neighbor(slot, rank, 0, seq));
        }
        _blockLookups++;
        return n;
    }

    protected internal override void BeginBlock(ReadOnlySpan<float> vectors, int rows)
    {
        var s = Store;
        int d = s.Dimension;
        if (rows < 0 || vectors.Length != (long)rows * d) throw new ArgumentException($"expected {rows}×{d} floats", nameof(vectors));
        Ensure(rows);
        for (int r = 0; r < rows; r++)
            _qnorms[r] = s.PrepareInto(vectors.Slice(r * d, d), _queries.AsSpan(r * d, d));
        _rows = rows;
        _blockHighWater = s.HighWater;
        long work = (long)rows * _blockHighWater * d;
        if (_workers is not null && work >= 1L << 21) _workers.Run(_scanPart);
        else ScanRange(0, 0, _blockHighWater);
        Merge(_workers is not null && work >= 1L << 21 ? _workers.Parts : 1);
        _addedCount = 0;
        _active = true;
    }

    protected internal override void EndBlock()
    {
        _active = false;
        _rows = 0;
        _addedCount = 0;
    }

    private void ScanPart(int part)
    {
        int parts = _workers!.Parts;
        long per = (_blockHighWater + parts - 1) / parts;
        int lo = (int)Math.Min(_blockHighWater, part * per), hi = (int)Math.Min(_blockHighWater, (part + 1) * per);
        ScanRange(part, lo, hi);
    }

    /// <summary>Keeps, per block row, the nearest kept-count keys among slots [lo, hi).</summary>
    private void ScanRange(int part, int lo, int hi)
    {
        var s = Store;
        int d = s.Dimension, rows = _rows, keep = _keep;
        var cand = _partCand[part];
        var count = _partCount[part];
        var seen = _partSeen[part];
        var tile = _partTile[part];
        Array.Clear(count, 0, rows);
        Array.Clear(seen, 0, rows);
        var vectors = s.VectorData;
        var norms = s.NormData;
        for (int start = lo; start < hi; start += Tile)
        {
            int len = Math.Min(Tile, hi - start);
            VectorKernels.DotBlock(_queries.AsSpan(0, rows * d), rows, vectors.AsSpan(start * d, len * d), len, d, tile, Tile);
            int live = 0;
            for (int j = 0; j < len; j++)
                if (norms[start + j] != float.PositiveInfinity) live++;
            for (int r = 0; r < rows; r++)
            {
                seen[r] += live;
                count[r] = Select(cand.AsSpan(r * keep, keep), count[r], keep, _qnorms[r], tile.AsSpan(r * Tile, len), norms.AsSpan(start, len), start);
            }
        }
    }

    /// <summary>
    /// Offers keys [start, start + dots.Length) to one row's kept list, in slot order, exactly as one at a time.
    /// Once the list is full, eight ranks at a time are compared with its worst rank (plus a slack far above any
    /// rounding difference) and only keys at or under it are checked one by one with the exact rule: a key over
    /// the worst rank can never enter, and the worst rank only falls as keys enter.
    /// </summary>
    private int Select(Span<Neighbor> top, int n, int keep, float qn, ReadOnlySpan<float> dots, ReadOnlySpan<float> norms, int start)
    {
        var s = Store;
        int len = dots.Length, j = 0;
        while (j < len)
        {
            if (n == keep && j + 8 <= len)
            {
                float worst = top[n - 1].Rank;
                float bound = worst + MathF.Max(MathF.Abs(worst), 1f) * (1f / (1 << 20));
                var ranks = (Vector256.Create(qn) + Vector256.Create(norms.Slice(j, 8))) - Vector256.Create(2f) * Vector256.Create(dots.Slice(j, 8));
                uint mask = Vector256.LessThanOrEqual(ranks, Vector256.Create(bound)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int lane = System.Numerics.BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    n = Offer(s, top, n, keep, qn, dots[j + lane], norms[j + lane], start + j + lane);
                }
                j += 8;
                continue;
            }
            n = Offer(s, top, n, keep, qn, dots[j], norms[j], start + j);
            j++;
        }
        return n;
    }

    /// <summary>The one-at-a-time rule: a live key enters if the list has room or it comes before the worst kept.</summary>
    private static int Offer(KeyStore s, Span<Neighbor> top, int n, int keep, float qn, float dot, float norm, int slot)
    {
        if (norm == float.PositiveInfinity) return n;
        float rank = VectorKernels.Rank(qn, norm, dot);
        long seq = s.Seq(slot);
        if (n == keep && !Neighbor.Before(rank, seq, top[n - 1].Rank, top[n - 1].Seq)) return n;
        return Neighbor.Insert(top, n, keep, new Neighbor(slot, rank, 0, seq));
    }

    private void Merge(int parts)
    {
        var s = Store;
        for (int r = 0; r < _rows; r++)
        {
            var top = _cand.AsSpan(r * _keep, _keep);
            int n = 0;
            long seen = 0;
            for (int p = 0; p < parts; p++)
            {
                seen += _partSeen[p][r];
                var list = _partCand[p].AsSpan(r * _keep, _partCount[p][r]);
                foreach (var c in list) n = Neighbor.Insert(top, n, _keep, c);
            }
            _candCount[r] = n;
            _truncated[r] = seen > _keep;
            for (int i = 0; i < n; i++) _candVersion[r * _keep + i] = s.Version(top[i].Slot);
        }
    }

    private void Ensure(int rows)
    {
        int d = Store.Dimension;
        int parts = _workers?.Parts ?? 1;
        if (_qnorms.Length >= rows && _partCand.Length == parts) return;
        int cap = Math.Max(rows, _qnorms.Length);
        _queries = new float[cap * d];
        _qnorms = new float[cap];
        _cand = new Neighbor[cap * _keep];
        _candVersion = new int[cap * _keep];
        _candCount = new int[cap];
        _truncated = new bool[cap];
        _partCand = new Neighbor[parts][];
        _partCount = new int[parts][];
        _partSeen = new long[parts][];
        _partTile = new float[parts][];
        for (int p = 0; p < parts; p++)
        {
            _partCand[p] = new Neighbor[cap * _keep];
            _partCount[p] = new int[cap];
            _partSeen[p] = new long[cap];
            _partTile[p] = new float[cap * Tile];
        }
    }

    public override void Dispose()
    {
        _workers?.Dispose();
        base.Dispose();
    }
}
