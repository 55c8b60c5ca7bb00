using SimCache.Caching.Costs;
using SimCache.Caching.Indexes;
using SimCache.Caching.Policies;
using SimCache.Numerics.Vectors;

namespace SimCache.Caching.Core;

/// <summary>
/// A similarity cache: a policy over an index of keys, priced by a cost model, built by name from one spec
/// string (<see cref="CacheFactory"/>). This is the whole surface the simulator replays a trace against:
/// <list type="number">
/// <item>optionally <see cref="BeginBlock"/> with the next requests' vectors (batched nearest-key search with
/// exact sequential semantics; requests then carry their block row);</item>
/// <item>before a request at time t, <see cref="ExpireUpTo"/>(t) when a TTL is set;</item>
/// <item><see cref="Lookup"/> the request; read <see cref="ServedAnswer"/> if needed;</item>
/// <item>if the outcome asks for an admission, <see cref="Admit(in CacheRequest, in CacheOutcome, double)"/>
/// once the request's answer has been retrieved (at once with zero latency).</item>
/// </list>
/// None of these allocate. Delayed hits (requests arriving while a retrieval is in flight) are the simulator's
/// to detect, with <see cref="Distance"/> (the cache's own distance) and <see cref="WouldServe"/> (the policy's
/// hit rule). An instance is not thread-safe: one replay drives it.
/// </summary>
public sealed class SimilarityCache : IDisposable
{
    private readonly float[] _a, _b;

    internal SimilarityCache(CachePolicy policy, string description, string indexDescription, DistanceMetric metric, int dimension)
    {
        Policy = policy;
        Description = description;
        IndexDescription = indexDescription;
        Metric = metric;
        _a = new float[dimension];
        _b = new float[dimension];
    }

    public DistanceMetric Metric { get; }

    /// <summary>The vector dimension the cache was built for.</summary>
    public int Dimension => _a.Length;

    /// <summary>The canonical spec with every parameter, defaults included (record this in results).</summary>
    public string Description { get; }

    /// <summary>The canonical spec of the index.</summary>
    public string IndexDescription { get; }

    public CachePolicy Policy { get; }

    public CostModel Cost => Policy.Cost;

    public CacheStats Stats { get; } = new();

    public int Capacity => Policy.Capacity;

    public int Count => Policy.Count;

    /// <summary>Serves a request by the policy's rules and updates its state; inserts nothing (see <see cref="Admit(in CacheRequest, in CacheOutcome, double)"/>).</summary>
    public CacheOutcome Lookup(in CacheRequest request)
    {
        var o = Policy.Lookup(request);
        Stats.Record(o);
        return o;
    }

    /// <summary>Carries out the admission a lookup asked for, at time <paramref name="now"/> (the retrieval's completion).</summary>
    public void Admit(in CacheRequest request, in CacheOutcome outcome, double now)
    {
        if (outcome.Admission == AdmissionKind.None) return;
        Policy.Admit(request, outcome, now);
        Stats.RecordAdmission();
    }

    /// <summary>Admission at the request's own time (zero latency).</summary>
    public void Admit(in CacheRequest request, in CacheOutcome outcome) => Admit(request, outcome, request.Time);

    /// <summary>Lookup then immediate admission: one request of a zero-latency replay.</summary>
    public CacheOutcome Process(in CacheRequest request)
    {
        var o = Lookup(request);
        Admit(request, o, request.Time);
        return o;
    }

    /// <summary>
    /// A zero-latency run of consecutive requests, <paramref name="count"/> rows (see
    /// <see cref="CachePolicy.ProcessRun"/>): outcome for outcome and state for state the same as
    /// <see cref="Process"/> on each row in order, with no answers carried (keys get the decoder's), but a
    /// policy may do the work in bulk. <paramref name="firstBlockRow"/> is row 0's row in the current
    /// <see cref="BeginBlock"/> (−1: none). Nothing expires within a run: a replay with a TTL (or a latency)
    /// must go request by request, as the engine does.
    /// </summary>
    public void ProcessRun(ReadOnlySpan<int> users, ReadOnlySpan<double> times, ReadOnlySpan<float> vectors, int count, int firstBlockRow,
        Span<CacheOutcome> outcomes)
    {
        int d = Dimension;
        if (count < 0 || users.Length < count || times.Length < count || outcomes.Length < count || vectors.Length < (long)count * d)
            throw new ArgumentException($"a run of {count} requests needs {count} users, times and outcomes and {count}×{d} floats");
        if (count == 0) return;
        var o = outcomes[..count];
        Policy.ProcessRun(users[..count], times[..count], vectors[..(count * d)], firstBlockRow, o);
        var stats = Stats;
        foreach (ref readonly var outcome in o)
        {
            stats.Record(outcome);
            if (outcome.Admission != AdmissionKind.None) stats.RecordAdmission();
        }
    }

    /// <summary>The answer that served the request (empty on a miss). Valid until the next call on this cache.</summary>
    public ReadOnlySpan<int> ServedAnswer(in CacheOutcome outcome) => Policy.ServedAnswer(outcome);

    /// <summary>
    /// The distance between two raw vectors exactly as a lookup would compute it between a request and a key
    /// (bit for bit): for checking a request against a key still being fetched.
    /// </summary>
    public float Distance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != _a.Length || y.Length != _a.Length) throw new ArgumentException($"vectors must have {_a.Length} coordinates");
        Metric.Prepare(x, _a);
        Metric.Prepare(y, _b);
        return Metric.FromSquared(VectorKernels.SquaredDistance(_a, _b));
    }

    /// <summary>The policy's hit rule, for delayed hits on a key being fetched.</summary>
    public bool WouldServe(int requestUser, int keyUser, float distance) => Policy.WouldServe(requestUser, keyUser, distance);

    /// <summary>
    /// Whether lookups search for nearest keys (false for lru, keyed by user id). When false,
    /// <see cref="BeginBlock"/> does nothing and a replay need not prepare blocks at all.
    /// </summary>
    public bool NeedsNearestKeys => Policy.NeedsNearestKeys;

    /// <summary>Whether an approximate hit's cost is exactly <c>Cost.Approximation(distance)</c> (see <see cref="CachePolicy.CostFollowsDistance"/>).</summary>
    public bool CostFollowsDistance => Policy.CostFollowsDistance;

    /// <summary>
    /// Precomputes nearest keys for the next <paramref name="rows"/> request vectors (row-major). Requests
    /// looked up with <see cref="CacheRequest.BlockRow"/> = r must carry exactly row r's vector. Results equal a
    /// one-by-one replay whatever happens to the cache meanwhile. A new block replaces the previous one.
    /// </summary>
    public void BeginBlock(ReadOnlySpan<float> vectors, int rows)
    {
        if (Policy.NeedsNearestKeys) Policy.BeginBlock(vectors, rows);
    }

    public void EndBlock() => Policy.EndBlock();

    /// <summary>Removes keys whose TTL ran out by <paramref name="now"/> (admitted + ttl ≤ now); returns how many.</summary>
    public int ExpireUpTo(double now)
    {
        int n = Policy.ExpireUpTo(now);
        Stats.RecordExpirations(n);
        return n;
    }

    /// <summary>When the next key expires (+∞ if none), for scheduling.</summary>
    public double NextExpiry => Policy.NextExpiry;

    /// <summary>The index's measured recall, when sampling was requested (<c>index=hnsw(recall=0.01)</c>).</summary>
    public IndexRecall? Recall => Policy.Recall;

    /// <summary>The replay has ended: the policy adds its warnings to the context's list (<see cref="CachePolicy.Conclude"/>).</summary>
    public void Conclude() => Policy.Conclude();

    public void Dispose() => Policy.Dispose();

    public override string ToString() => Description;
}
