using SimCache.Caching.Configuration;
using SimCache.Caching.Core;
using SimCache.Caching.Policies.Gmm;
using SimCache.Data.IO;
using SimCache.Numerics.Mixture;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>gmm-placement(capacity, threshold, components, window, refit, share, cov, source, zador_d, threads, seed)</c>:
/// GMM-aware placement (docs/METHODS.md §3.2). A Gaussian mixture of the requests — the geometry stage's
/// <c>gmm.json</c>, or one fitted to a window of recent requests — decides where P = round(share·K) of the K keys stand:
/// points drawn from the Zador density, component c getting keys ∝ w_c^a·det(Σ_c)^{(1−a)/2}, a = d/(d + 2), each
/// drawn from N(m_c, Σ_c·(d + 2)/d) (<see cref="ZadorPlacement"/>), their answers computed by the decoder. The
/// other K − P keys run SIM-LRU with the same threshold.
/// <para>
/// <b>Serving.</b> As SIM-LRU over all keys, placed and recent: y* = the nearest key (ties to the earliest
/// insertion); d(x, y*) ≤ θ (inclusive) serves y* — moved to the front if it is a SIM-LRU key, placed keys have
/// no recency —; otherwise a miss, admitted at the front of the SIM-LRU part (its back evicted while it holds
/// more than K − P keys). With no room for a SIM-LRU part (K − P = 0) a miss asks for no admission.
/// </para>
/// <para>
/// <b>When keys are placed.</b> With a mixture file (<c>source=file</c>, or <c>auto</c> and the context's
/// <see cref="CacheContext.GmmPath"/> set) the keys are placed at construction. Otherwise the first mixture is
/// fitted on the first <c>window</c> requests; until then the whole capacity runs SIM-LRU, so the warm-up is
/// served like SIM-LRU(K). With <c>refit</c> = R &gt; 0 a new mixture is fitted every R requests after the last
/// placement, once at least <c>window</c> requests have been seen (the file's placement counts as one at
/// request 0), always on the last <c>window</c> requests; R = 0 never refits. A placement computed at request r
/// (the fit includes r) takes effect right after r's lookup — before the next lookup, admission, expiry or lookup
/// block, so the served answer of r is still valid and r's own admission sees the new layout: the previous
/// placed keys are removed, the SIM-LRU part is trimmed from its back to K − P keys (evictions), and the P new
/// keys are inserted in draw order (component by component), after every SIM-LRU key for the tie rule.
/// </para>
/// <para>
/// <b>Choices left open by the reference, made here.</b> A refit is fitted in the space of the raw request vectors.
/// A file's mixture lives where the geometry stage fitted it: in the raw space, or (gmm.json with a projection) on
/// the leading principal components of the embeddings, where the mixture means something; its keys are then drawn
/// there and mapped back, x = μ + Pᵀ·z, so they lie in the principal subspace through the embeddings' mean. Under
/// cosine the placed points are normalised like every key. A fit is
/// <see cref="GaussianMixture.Fit"/> with scikit-learn's defaults (k-means init, reg_covar 1e-6, tol 1e-3,
/// 100 iterations, one init) and the policy's seed; with a file, <c>components</c> and <c>cov</c> default to the
/// file's and only matter for refits. d of the Zador exponent is the mixture's dimension (the ambient one, or the
/// number of principal components of a file's projected mixture) unless <c>zador_d</c>
/// gives another (e.g. the intrinsic dimension the geometry stage estimated): the formulas hold for any
/// exponent. P = ⌊share·K + ½⌋. Every lookup counts as a request of the window and of the refit period. Placed
/// keys belong to no user (user −1), never expire — like static-greedy's offline keys: their answers come from
/// the decoder, not from a retrieval whose staleness a TTL models; SIM-LRU keys expire with the TTL — and leave
/// only when a refit replaces them. Their answers are the decoder's top N for the key, computed in one batch per placement; when answers
/// are tracked (answer length &gt; 0) the decoder is required — a placed key has no request whose answer it
/// could keep. An admission arriving when the SIM-LRU part has no room (possible with latency, when a placement
/// took the room between the lookup and the retrieval's completion) is dropped. A fit that fails (a component
/// with an ill-defined covariance) is a <see cref="UsageException"/> naming the parameters to change.
/// </para>
/// <para>
/// <b>Randomness and cost.</b> One <c>System.Random(seed)</c> draws every placement's points (d standard normals
/// per key, see <see cref="ZadorPlacement"/>); each fit's k-means initialisation draws from its own
/// <c>System.Random(seed)</c>. Fits, sampling and the decoder's answers are batched and bit-identical on any
/// number of threads. A placement allocates (the fit, the new keys); lookups between placements allocate
/// nothing.
/// </para>
/// </summary>
public sealed class GmmPlacementPolicy : RecencyPolicy
{
    /// <summary>The user of a placed key: it stands for no request.</summary>
    public const int PlacedUser = -1;

    private static readonly string[] CovarianceNames = ["full", "diag", "tied", "spherical"];

    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("gmm-placement",
        [new("capacity", null, "keys kept: placed plus SIM-LRU"), new("threshold", null, "largest distance served (inclusive)"),
         new("components", "3", "mixture components of a fit (with a gmm.json: its own)"),
         new("window", "min(10000, rows/4)", "recent requests a fit uses; the first fit waits for this many (default: 10,000, at most a quarter of the trace)"),
         new("refit", "0", "requests between fits after a placement (0: never refit)"),
         new("share", "1", "fraction of the capacity placed by the mixture; the rest runs SIM-LRU"),
         new("cov", "full", "covariance of a fit: full, diag, tied or spherical (with a gmm.json: its own)"),
         new("source", "auto", "mixture: file (the geometry stage's gmm.json), fit, or auto (the file if given)"),
         new("zador_d", "ambient", "d of the Zador exponent a = d/(d+2) and covariance scale (d+2)/d"),
         new("threads", "0", "threads for fits and placement (0: what the run allows, all cores alone); results do not depend on it"),
         new("seed", "context seed", "random seed of the placement and the fits")],
        "keys placed by the Zador density of a Gaussian mixture of the requests, plus an optional SIM-LRU share",
        Create);

    private readonly double _threshold;
    private readonly int _placedCapacity;
    private readonly int _windowSize, _refit, _components, _zadorD;
    private readonly CovarianceType _covariance;
    private readonly int? _threads;
    private readonly int _seed;
    private readonly Random _random;
    private RequestWindow? _window;
    private readonly bool[] _isPlaced;
    private readonly int[] _placedSlots;
    private readonly float[] _pendingVectors;
    private readonly int[] _pendingAnswers;
    private readonly int _answerLength;
    private bool _pending;
    private long _requests, _firstPlacementAt, _lastPlacementAt, _dropped, _placedHits;
    private int[] _componentKeys = [];

    private static CachePolicy Create(PolicySetup s)
    {
        var a = s.Args;
        int dim = s.Context.Dimension;
        int capacity = a.Int("capacity", 1);
        double threshold = a.Double("threshold", 0);
        string source = a.Choice("source", "auto", "file", "fit");
        string? path = s.Context.GmmPath;
        // A values-only check runs before the mixture file exists (an experiment's geometry stage writes it).
        if (source == "file" && path is null && s.Probe != PolicyProbe.Values)
            throw new UsageException("cache 'gmm-placement': source=file needs the geometry stage's gmm.json (the simulator's --gmm), and none was given");
        GaussianMixtureModel? model = null;
        MixtureProjection? projection = null;
        if (source != "fit" && path is not null)
        {
            (model, projection) = Load(path, dim);
            a.RecordNested("source", "file");
        }
        else a.RecordNested("source", source == "file" ? "file" : "fit");
        int components = Resolved(a, "components", model?.Components, () => a.Int("components", 1));
        int window = Resolved(a, "window", DefaultWindow(s.Context.TraceRows, components), () => a.Int("window", 1));
        if (window < Math.Max(2, components))
            throw new UsageException($"cache 'gmm-placement': parameter 'window' must be ≥ 2 and ≥ components ({components}), got {window}");
        int refit = a.Int("refit", 0);
        double share = a.Double("share", 0, 1);
        string cov = model is not null && !a.Has("cov") ? Record(a, "cov", CovarianceTypes.Name(model.Type)) : a.Choice("cov", CovarianceNames);
        int zadorD = Resolved(a, "zador_d", model?.Dimension ?? dim, () => a.Int("zador_d", 1));
        int threads = a.Int("threads", 0, 1024);
        int seed = s.ReadSeed();
        return new GmmPlacementPolicy(s, capacity, threshold, components, window, refit, share, CovarianceTypes.Parse(cov)!.Value,
            zadorD, threads, seed, model, projection);
    }

    /// <summary>
    /// A policy placing ⌊share·<paramref name="capacity"/> + ½⌋ keys by <paramref name="model"/> at once, or by
    /// mixtures fitted on the requests when it is null (see the class remarks for every parameter).
    /// </summary>
    public GmmPlacementPolicy(PolicySetup setup, int capacity, double threshold, int components, int window, int refit, double share,
        CovarianceType covariance, int zadorD, int threads, int seed, GaussianMixtureModel? model, MixtureProjection? projection = null)
        : base(setup, Checked(setup, capacity, components, window, refit, share, zadorD, threads, model, projection))
    {
        int dim = setup.Context.Dimension;
        _threshold = threshold;
        _placedCapacity = Placed(capacity, share);
        _components = components;
        _windowSize = window;
        _refit = refit;
        _covariance = covariance;
        _zadorD = zadorD;
        _threads = setup.Context.ResolveThreads(threads); // 0: what the run allows (one per point in a parallel sweep)
        _seed = seed;
        _random = new Random(seed);
        _answerLength = setup.Decoder is null ? 0 : Math.Min(setup.Context.AnswerLength, setup.Decoder.Items);
        _isPlaced = new bool[capacity + 1];
        _placedSlots = new int[_placedCapacity];
        _pendingVectors = new float[checked(_placedCapacity * dim)];
        _pendingAnswers = new int[checked(_placedCapacity * _answerLength)];
        if (_placedCapacity > 0 && (model is null || refit > 0)) _window = new RequestWindow(window, dim);
        if (_placedCapacity > 0 && model is not null)
        {
            Compute(model, projection);
            ApplyPending();
        }
    }

    /// <summary>P: the keys the mixture places (the SIM-LRU part holds the rest once they are placed).</summary>
    public int PlacedCapacity => _placedCapacity;

    /// <summary>Placements computed so far (the file's counts as one).</summary>
    public int Placements { get; private set; }

    /// <summary>Mixtures fitted on requests so far.</summary>
    public int Fits { get; private set; }

    /// <summary>The mixture of the latest placement (null before the first).</summary>
    public GaussianMixtureModel? Model { get; private set; }

    /// <summary>Keys per component of the latest placement.</summary>
    public IReadOnlyList<int> ComponentKeys => _componentKeys;

    /// <summary>The latest placement's points, raw, row-major in insertion order (valid until the next placement).</summary>
    public ReadOnlySpan<float> PlacedVectors => _pendingVectors;

    /// <summary>Requests served by a placed key so far.</summary>
    public long PlacedHits => _placedHits;

    /// <summary>Placed keys held now.</summary>
    public int PlacedCount { get; private set; }

    /// <summary>Whether the key in <paramref name="slot"/> was placed by the mixture (false for SIM-LRU keys).</summary>
    public bool IsPlaced(int slot) => (uint)slot < (uint)_isPlaced.Length && _isPlaced[slot];

    public static readonly PolicyCounter PlacementsCounter = new("placements", "placements", "placements computed (a mixture file counts as one)");
    public static readonly PolicyCounter FitsCounter = new("fits", "fits", "mixtures fitted on requests");
    public static readonly PolicyCounter PlacedKeysCounter = new("placed_keys", "keys", "keys placed by the mixture held at the end");
    public static readonly PolicyCounter PlacedHitsCounter = new("placed_hits", "requests", "requests served by a key the mixture placed");
    public static readonly PolicyCounter DroppedAdmissionsCounter = new("dropped_admissions", "requests", "misses not admitted because the placed keys took the whole capacity");

    public override IEnumerable<PolicyCount> Counters =>
    [
        .. base.Counters, PlacementsCounter.With(Placements), FitsCounter.With(Fits), PlacedKeysCounter.With(PlacedCount),
        PlacedHitsCounter.With(_placedHits), DroppedAdmissionsCounter.With(_dropped),
    ];

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        ApplyPending();
        var (slot, d) = NearestKey(request);
        CacheOutcome outcome;
        if (slot >= 0 && d <= _threshold)
        {
            if (!_isPlaced[slot]) Lru.MoveToFront(slot);
            else _placedHits++;
            outcome = Hit(slot, d);
        }
        else outcome = Miss(d, RecencyCapacity > 0 ? AdmissionKind.Insert : AdmissionKind.None);
        _requests++;
        if (_window is not null)
        {
            _window.Add(request.Vector);
            if (_window.Count >= _windowSize && (Placements == 0 || (_refit > 0 && _requests - _lastPlacementAt >= _refit))) Compute(Fit());
        }
        return outcome;
    }

    public override void Admit(in CacheRequest request, in CacheOutcome outcome, double now)
    {
        ApplyPending();
        if (outcome.Admission == AdmissionKind.Insert && RecencyCapacity == 0)
        {
            _dropped++;
            return;
        }
        base.Admit(request, outcome, now);
    }

    public override int ExpireUpTo(double now)
    {
        ApplyPending();
        return base.ExpireUpTo(now);
    }

    /// <summary>Applies a pending placement first, so the block is computed against the keys its lookups will see.</summary>
    public override void BeginBlock(ReadOnlySpan<float> vectors, int rows)
    {
        ApplyPending();
        base.BeginBlock(vectors, rows);
    }

    public override bool WouldServe(int requestUser, int keyUser, float distance) => distance <= _threshold;

    protected override void OnRemoved(int slot)
    {
        base.OnRemoved(slot);
        if (!_isPlaced[slot]) return;
        _isPlaced[slot] = false;
        PlacedCount--;
    }

    /// <summary>Checks the arguments before the base class builds the key store (so a refusal leaves nothing to dispose).</summary>
    private static int Checked(PolicySetup setup, int capacity, int components, int window, int refit, double share, int zadorD, int threads,
        GaussianMixtureModel? model, MixtureProjection? projection)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, Math.Max(2, components));
        ArgumentOutOfRangeException.ThrowIfNegative(refit);
        if (!(share >= 0 && share <= 1)) throw new ArgumentOutOfRangeException(nameof(share), share, "share must be in [0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(zadorD, 1);
        int dim = setup.Context.Dimension;
        if (projection is not null && model is null) throw new ArgumentException("a projection needs the mixture it belongs to", nameof(projection));
        if (projection is not null && projection.Dimension != model!.Dimension)
            throw new ArgumentException($"the projection has {projection.Dimension} axes, the mixture {model.Dimension} dimensions", nameof(projection));
        int embedding = projection?.EmbeddingDimension ?? model?.Dimension ?? dim;
        if (embedding != dim) throw new ArgumentException($"the mixture describes {embedding}-dimensional points, the cache's are {dim}", nameof(model));
        if (Placed(capacity, share) > 0 && setup.Context.AnswerLength > 0 && setup.Decoder is null)
            throw new UsageException("cache 'gmm-placement': placed keys stand where no request did, so their answers come from the decoder; give the decoder (--decoder) when answers are tracked");
        return capacity;
    }

    /// <summary>The longest default window: enough requests to fit a mixture of a few components.</summary>
    public const int MaxDefaultWindow = 10_000;

    /// <summary>
    /// The default window: <see cref="MaxDefaultWindow"/>, but at most a quarter of the trace's rows (and at least
    /// max(2, components)), so on a short trace the first fit still comes early enough for the placement to serve
    /// most of the replay; a window longer than the trace would never place a key and leave plain SIM-LRU.
    /// Without a known trace length it is <see cref="MaxDefaultWindow"/>.
    /// </summary>
    public static int DefaultWindow(long? traceRows, int components)
    {
        long window = traceRows is long rows ? Math.Min(MaxDefaultWindow, rows / 4) : MaxDefaultWindow;
        return (int)Math.Max(window, Math.Max(2, components));
    }

    public override void Conclude()
    {
        if (_placedCapacity > 0 && Placements == 0)
            Setup.Context.Warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"gmm-placement never placed a key: its first fit waits for window={_windowSize} requests and the replay made {_requests} lookups, so it ran as sim-lru(capacity={Capacity}); give a smaller window (or a gmm.json)"));
        // Placed keys that serve nothing make the policy SIM-LRU on the rest of the capacity, hit for hit: a result
        // that reads like a comparison of placement with recency while it is not one.
        // A placement computed at request r takes effect from the next lookup, so the lookups after the first one
        // are the requests made since then.
        else if (_placedCapacity > 0 && _placedHits == 0 && _requests - _firstPlacementAt is var served && served > 0)
            Setup.Context.Warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"gmm-placement's {_placedCapacity} placed keys served none of the {served:N0} requests after they were placed (no request came within threshold={_threshold:G4} of one), so it ran as sim-lru(capacity={Capacity - _placedCapacity}) with {_placedCapacity} idle keys; the mixture's draws lie farther from the requests than the threshold"));
    }

    /// <summary>P = ⌊share·K + ½⌋.</summary>
    private static int Placed(int capacity, double share) => (int)Math.Floor(share * capacity + 0.5);

    private GaussianMixtureModel Fit()
    {
        var rows = _window!.ToRows();
        var options = new GaussianMixtureOptions { Components = _components, CovarianceType = _covariance, Seed = _seed, MaxThreads = _threads };
        try
        {
            var fit = GaussianMixture.Fit(rows, _window.Count, _window.Dimension, options, Setup.Context.Reporter);
            Fits++;
            return fit.Model;
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"cache 'gmm-placement': the mixture fit on the last {_window.Count} requests (up to request {_requests}) failed: {e.Message}; " +
                                     "try fewer 'components', cov=diag or a larger 'window'");
        }
    }

    /// <summary>
    /// Draws the next placement (points and answers) from <paramref name="model"/>; it takes effect at <see cref="ApplyPending"/>.
    /// A mixture of principal components draws in its own space and maps each point back, x = μ + Pᵀ·z.
    /// </summary>
    private void Compute(GaussianMixtureModel model, MixtureProjection? projection = null)
    {
        var counts = ZadorPlacement.Allocate(model, _zadorD, _placedCapacity);
        if (projection is null) ZadorPlacement.Sample(model, counts, _zadorD, _random, _pendingVectors, _threads);
        else
        {
            var latent = new float[checked(_placedCapacity * model.Dimension)];
            ZadorPlacement.Sample(model, counts, _zadorD, _random, latent, _threads);
            projection.Reconstruct(latent, _placedCapacity, _pendingVectors);
        }
        if (_answerLength > 0) Setup.Decoder!.TopNBatch(_pendingVectors, _placedCapacity, _answerLength, _pendingAnswers);
        Model = model;
        _componentKeys = counts;
        if (Placements == 0) _firstPlacementAt = _requests;
        Placements++;
        _lastPlacementAt = _requests;
        _pending = true;
        if (_refit == 0) _window = null; // no fit will follow: stop recording requests
    }

    /// <summary>Replaces the placed keys by the pending placement, trimming the SIM-LRU part to K − P first.</summary>
    private void ApplyPending()
    {
        if (!_pending) return;
        _pending = false;
        var store = Store!;
        int dim = store.Dimension;
        for (int i = 0; i < _placedSlots.Length; i++)
        {
            int slot = _placedSlots[i];
            if (_isPlaced[slot]) store.Remove(slot);
        }
        RecencyCapacity = Capacity - _placedCapacity;
        EvictOverflow();
        for (int i = 0; i < _placedCapacity; i++)
        {
            var answer = _answerLength > 0 ? _pendingAnswers.AsSpan(i * _answerLength, _answerLength) : default;
            int slot = store.Add(_pendingVectors.AsSpan(i * dim, dim), PlacedUser, double.PositiveInfinity, answer);
            _isPlaced[slot] = true;
            _placedSlots[i] = slot;
            PlacedCount++;
        }
    }

    private static (GaussianMixtureModel Model, MixtureProjection? Projection) Load(string path, int dimension)
    {
        var stored = GmmFile.Load(path);
        if (stored.EmbeddingDimension != dimension)
            throw new DataFormatException(path, stored.Projection is null
                ? $"field 'dimension': the mixture has {stored.Model.Dimension} dimensions, the cache's requests {dimension}"
                : $"field 'embedding_dimension': the mixture describes {stored.EmbeddingDimension}-dimensional embeddings, the cache's requests have {dimension}");
        return (stored.Model, stored.Projection);
    }

    private static int Resolved(SpecArguments a, string name, int? fallback, Func<int> read)
    {
        if (a.Has(name) || fallback is null) return read();
        Record(a, name, fallback.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return fallback.Value;
    }

    private static string Record(SpecArguments a, string name, string value)
    {
        a.RecordNested(name, value);
        return value;
    }
}
