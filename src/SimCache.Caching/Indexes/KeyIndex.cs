using SimCache.Caching.Keys;
using SimCache.Numerics.Vectors;

namespace SimCache.Caching.Indexes;

/// <summary>
/// An index over the keys of one <see cref="KeyStore"/>: answers "which keys are nearest to this request". The
/// store tells it about every added and removed key.
/// <para>
/// <b>Nearest, precisely.</b> The k nearest keys are found in two steps that every index shares: the index
/// proposes the k + <see cref="Slack"/> keys of least rank value (<see cref="VectorKernels.Rank"/>, from one dot
/// product: what a blocked matrix product computes fast, but with cancellation error), ties to the earliest
/// insertion; then their distances are recomputed without cancellation (<see cref="VectorKernels.SquaredDistance"/>)
/// and the k of least (distance, insertion sequence) are returned with those distances. Decisions (d ≤ θ, which
/// key serves) therefore rest on distances accurate to about 1e-7, so an independent implementation in double
/// precision makes the same decisions unless one sits within that of a boundary.
/// </para>
/// <para>
/// On request (a sample rate) the index measures its own recall against brute force on a deterministic sample
/// of lookups (every n-th), because an approximate index changes hit rates.
/// </para>
/// </summary>
public abstract class KeyIndex : IDisposable
{
    private const int ScanChunk = 256;

    /// <summary>Extra rank-preselected keys whose exact distances are compared (see the class remarks).</summary>
    public const int Slack = 3;
    private Neighbor[] _pre = new Neighbor[16];
    private readonly long _recallEvery;
    private readonly Neighbor[] _probeApprox;
    private readonly Neighbor[] _probeExact;
    private readonly Neighbor[] _probePre;
    private readonly float[] _scan = new float[ScanChunk];
    private long _lookups, _samples;
    private double _sumAt1, _sumAtK;

    protected KeyIndex(KeyStore store, string description, double recallRate, int recallK)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        Description = description;
        if (!(recallRate >= 0 && recallRate <= 1)) throw new ArgumentOutOfRangeException(nameof(recallRate), recallRate, "recall sample rate must be in [0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(recallK, 1);
        _recallEvery = recallRate == 0 ? 0 : Math.Max(1, (long)Math.Round(1 / recallRate));
        RecallK = recallK;
        _probeApprox = new Neighbor[recallK];
        _probeExact = new Neighbor[recallK];
        _probePre = new Neighbor[recallK + Slack];
    }

    public KeyStore Store { get; }

    /// <summary>The canonical spec, e.g. <c>hnsw(ef=128, ...)</c>.</summary>
    public string Description { get; }

    /// <summary>The k of recall@k.</summary>
    public int RecallK { get; }

    /// <summary>The measured recall, or null when sampling is off.</summary>
    public IndexRecall? Recall => _recallEvery == 0
        ? null
        : new IndexRecall(_samples, RecallK, _samples == 0 ? double.NaN : _sumAt1 / _samples, _samples == 0 ? double.NaN : _sumAtK / _samples);

    /// <summary>Starts the recall measurement afresh (e.g. after changing ef).</summary>
    public void ResetRecall()
    {
        _lookups = _samples = 0;
        _sumAt1 = _sumAtK = 0;
    }

    /// <summary>The k nearest keys of a prepared query, nearest first; returns how many (≤ k).</summary>
    public int Search(in PreparedQuery q, int k, Span<Neighbor> result)
    {
        k = Math.Min(k, result.Length);
        if (k <= 0) return 0;
        if (_pre.Length < k + Slack) _pre = new Neighbor[k + Slack];
        int m = SearchCore(q, k + Slack, _pre);
        int n = Refine(q, _pre.AsSpan(0, m), k, result);
        if (_recallEvery > 0 && _lookups++ % _recallEvery == 0) Probe(q);
        return n;
    }

    /// <summary>
    /// The <paramref name="k"/> keys of least (rank, insertion sequence) — exactly so for an exact index,
    /// approximately for a graph — without distances; returns how many.
    /// </summary>
    protected internal abstract int SearchCore(in PreparedQuery q, int k, Span<Neighbor> result);

    /// <summary>
    /// Recomputes the candidates' distances without cancellation and writes the k of least (distance, sequence)
    /// to <paramref name="result"/>; returns how many.
    /// </summary>
    public int Refine(in PreparedQuery q, Span<Neighbor> candidates, int k, Span<Neighbor> result)
    {
        var s = Store;
        for (int i = 0; i < candidates.Length; i++) candidates[i] = candidates[i] with { Distance = s.Distance(q, candidates[i].Slot) };
        // Insertion sort by (distance, seq): at most k + Slack entries.
        for (int i = 1; i < candidates.Length; i++)
        {
            var c = candidates[i];
            int j = i - 1;
            while (j >= 0 && (c.Distance < candidates[j].Distance || (c.Distance == candidates[j].Distance && c.Seq < candidates[j].Seq)))
            {
                candidates[j + 1] = candidates[j];
                j--;
            }
            candidates[j + 1] = c;
        }
        int n = Math.Min(k, candidates.Length);
        candidates[..n].CopyTo(result);
        return n;
    }

    protected internal abstract void OnAdded(int slot);

    protected internal abstract void OnRemoved(int slot);

    /// <summary>Precomputes candidates for a block of raw request vectors (optional; exact search only).</summary>
    protected internal virtual void BeginBlock(ReadOnlySpan<float> vectors, int rows) { }

    protected internal virtual void EndBlock() { }

    /// <summary>
    /// The exact k keys of least (rank, sequence) by scanning every slot: the ground truth that the exact index
    /// is and that recall is measured against (distances are filled in by <see cref="Refine"/>).
    /// </summary>
    public int BruteForce(in PreparedQuery q, int k, Span<Neighbor> result)
    {
        var s = Store;
        int d = s.Dimension, hw = s.HighWater, n = 0;
        k = Math.Min(k, result.Length);
        if (k <= 0) return 0;
        var vectors = s.VectorData;
        var norms = s.NormData;
        var dots = _scan.AsSpan();
        for (int start = 0; start < hw; start += ScanChunk)
        {
            int len = Math.Min(ScanChunk, hw - start);
            VectorKernels.DotRows(q.Vector, vectors.AsSpan(start * d, len * d), len, d, dots);
            for (int j = 0; j < len; j++)
            {
                float norm = norms[start + j];
                if (norm == float.PositiveInfinity) continue;
                float rank = VectorKernels.Rank(q.Norm2, norm, dots[j]);
                int slot = start + j;
                if (n == k && !Neighbor.Before(rank, s.Seq(slot), result[n - 1].Rank, result[n - 1].Seq)) continue;
                n = Neighbor.Insert(result, n, k, new Neighbor(slot, rank, 0, s.Seq(slot)));
            }
        }
        return n;
    }

    private void Probe(in PreparedQuery q)
    {
        int k = RecallK;
        int exact = Refine(q, _probePre.AsSpan(0, BruteForce(q, k + Slack, _probePre)), k, _probeExact);
        if (exact == 0) return;
        int approx = Refine(q, _probePre.AsSpan(0, SearchCore(q, k + Slack, _probePre)), k, _probeApprox);
        int common = 0;
        for (int i = 0; i < approx; i++)
            for (int j = 0; j < exact; j++)
                if (_probeApprox[i].Slot == _probeExact[j].Slot && _probeApprox[i].Seq == _probeExact[j].Seq) { common++; break; }
        _samples++;
        _sumAt1 += approx > 0 && _probeApprox[0].Slot == _probeExact[0].Slot && _probeApprox[0].Seq == _probeExact[0].Seq ? 1 : 0;
        _sumAtK += (double)common / exact;
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
