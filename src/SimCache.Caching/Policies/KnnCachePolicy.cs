using System.Numerics.Tensors;
using SimCache.Caching.Answers;
using SimCache.Caching.Configuration;
using SimCache.Caching.Core;
using SimCache.Caching.Indexes;
using SimCache.Caching.Policies.Knn;
using SimCache.Numerics.Vectors;
using SimCache.Data.IO;

namespace SimCache.Caching.Policies;

/// <summary>
/// <c>knn-cache(capacity, k, cf, eta, seed)</c>: a k-NN answering cache in the style of AÇAI (Si Salem,
/// Neglia, Carra; docs/METHODS.md §3.2). The catalogue is the decoder's item set; a request z asks for its k best
/// items by score s_i = q·w_i + b_i (maximum inner product), q the request's item-space query: z itself for a
/// decoder linear in the latent space, its hidden vector act(W₁ z + b₁) for a decoder with an input layer
/// (<see cref="DecoderScorer.Query"/>, computed once per request; the indexes hold the item rows and are searched
/// with q). The cache holds up to <c>capacity</c> items.
/// <para>
/// <b>Per request.</b> (1) The catalogue index gives the k best items S and the cache index the k best cached
/// items C (exact: one scoring of every item, for a whole lookup block at once by <see cref="BlockScores"/>;
/// <c>index=hnsw(...)</c>: two USearch inner-product graphs, one over the catalogue and one over the cached
/// items, their candidates re-scored exactly). (2) Each candidate
/// o ∈ S ∪ C has dissimilarity c(o) = C_a((s_top − s_o)/R), the score gap to the best candidate normalised by
/// the request's score range R = s_top − s_min (s_min over the catalogue; an approximate index finds it with
/// the query −q), priced by the cache's cost model. (3) The answer is the k candidates of least cost, where a
/// cached item costs c(o) and any other costs c(o) + c_f (fetched from the server); ties prefer a cached item,
/// then the lower index; the list is served best score first. The request's dissimilarity is
/// D = Σ_answer c(o) − (the k least c(o) among candidates) ≥ 0 — the normalised score gap of the served list
/// position by position when C_a is linear — and its cost D + c_f·(items fetched); c_f defaults to C_r/k so
/// that fetching the whole answer costs C_r. It is a hit (exact if D = 0) when nothing is fetched, otherwise a
/// miss; <see cref="CacheOutcome.Fetches"/> counts fetched items. (4) The fractional state y is updated by
/// online mirror ascent: y ← Π(y ⊙ exp(η·g)), g a subgradient of the gain over the candidates (below),
/// Π the KL projection on {y ∈ [0,1]^N, Σy = h} (<see cref="CappedSimplex"/>). (5) The cached set is the
/// rounding of y by systematic sampling with one offset u drawn from the seed at start and kept for the whole
/// run, so consecutive sets differ only where y moved: item i is cached iff a point u + j (j = 0 … h−1) falls in
/// [Y_{i−1}, Y_i), Y the running sum of y in item order (marginals exactly y_i, never more than h items).
/// </para>
/// <para>
/// <b>Gain.</b> Over the candidates, each object has a local copy (cost c(o), capacity y_o) and a server copy
/// (cost c(o) + c_f, capacity 1 − y_o). With the 2m copies sorted by cost a_1 ≤ … ≤ a_2m and U_l the capacity of
/// the first l, the cost of the fractional answer is k·a_2m − Σ_l (a_{l+1} − a_l)·min(k, U_l), exact for an
/// integral y. Its subgradient in y_o is Σ (a_{l+1} − a_l) over the l between o's local and server copies with
/// U_l &lt; k: the span of costs over which a cached copy of o would replace a fetched object (at most c_f).
/// Only candidates get a gradient, as in AÇAI, whose indexes also bound what it looks at. η·g is capped at 50
/// per step.
/// </para>
/// <para>
/// Choices left open, made here: c_f = C_r/k, η = 1 and the systematic rounding by default; the initial state
/// is uniform (y = h/N); keys are items, so TTL expiry and batched key lookups do not apply; the delayed-hit
/// rule is d = 0 (only an identical request can wait for an in-flight k-NN answer).
/// </para>
/// </summary>
public sealed class KnnCachePolicy : CachePolicy
{
    public static readonly ComponentInfo<Func<PolicySetup, CachePolicy>> Info = new("knn-cache",
        [new("capacity", null, "catalogue items kept"), new("k", "10", "items per answer"),
         new("cf", "C_r/k", "cost of fetching one item from the server"), new("eta", "1", "mirror-ascent learning rate"),
         new("seed", "context seed", "seed of the rounding offset")],
        "AÇAI-style k-NN answering cache over the decoder's items (mirror ascent, approximate indexes)",
        s =>
        {
            var a = s.Args;
            int h = a.Int("capacity", 1), k = a.Int("k", 1, 10000);
            double cf = a.Has("cf") ? a.Double("cf", 0, minExclusive: true) : s.Cost.Retrieval / k;
            if (!a.Has("cf")) a.RecordNested("cf", SpecArguments.Num(cf));
            double eta = a.Double("eta", 0, minExclusive: true);
            return new KnnCachePolicy(s, h, k, cf, eta, s.ReadSeed());
        })
    {
        Caveat = "answers each request with k items assembled from its cached catalogue items, so a request is a hit whenever " +
            "it fetches nothing, and its cost is a score gap normalised by the request's score range (plus c_f per fetched item), " +
            "not a key's embedding distance in units of C_r: its hit ratio and cost are not comparable with the key caches'",
    };

    private readonly DecoderScorer _scorer;
    private readonly int _h, _k, _n, _d;
    private readonly float[] _query;
    private readonly double _cf, _eta, _offset;
    private readonly CappedSimplex _y;
    private readonly bool[] _cached, _next;
    private readonly int[] _cachedList, _cachedPos;
    private int _cachedCount;
    private readonly float[] _scores;
    private readonly BlockScores? _block;
    private readonly ItemHnsw? _catalogue, _cacheIndex;
    private readonly int _searchCount;
    private readonly int[] _found;
    private readonly int[] _best, _bestCached;
    private readonly float[] _bestScore, _bestCachedScore;
    private readonly int[] _cand;
    private readonly float[] _candScore;
    private readonly double[] _candCost, _grad, _factor, _least;
    private readonly int[] _probeIds;
    private readonly bool[] _open;
    private readonly float[] _probeScores;
    private readonly int[] _order, _answer;
    private readonly long _recallEvery;
    private readonly int _recallK;
    private readonly int[] _probe;
    private long _lookups, _samples, _fetchedItems;
    private double _sumAt1, _sumAtK;

    public KnnCachePolicy(PolicySetup setup, int capacity, int k, double cf, double eta, int seed)
        : base(setup)
    {
        _scorer = setup.Decoder ?? throw new UsageException("knn-cache answers from the decoder's item catalogue: give the decoder (--decoder)");
        _n = _scorer.Items;
        _d = _scorer.Dimension;
        _query = new float[_scorer.QueryDimension];
        if (capacity >= _n) throw new UsageException($"cache 'knn-cache': parameter 'capacity' must be below the {_n} items of the decoder, got {capacity}");
        if (k > _n) throw new UsageException($"cache 'knn-cache': parameter 'k' must be ≤ the {_n} items of the decoder, got {k}");
        setup.EndProbe();
        _h = capacity;
        _k = k;
        _cf = cf;
        _eta = eta;
        _offset = new Random(seed).NextDouble();
        _y = new CappedSimplex(_n, _h);
        _cached = new bool[_n];
        _next = new bool[_n];
        _cachedList = new int[_h + 1];
        _cachedPos = new int[_n];
        Array.Fill(_cachedPos, -1);
        _scores = new float[_n];
        var (info, args) = KeyIndexes.Registry.Resolve(setup.IndexSpec);
        double recall;
        if (info.Name == "hnsw")
        {
            var o = HnswOptions.Read(args);
            _searchCount = Math.Max(k, o.Candidates);
            recall = o.Recall;
            _recallK = Math.Min(o.RecallK, _n);
            _catalogue = new ItemHnsw(_scorer.QueryDimension, _n, o);
            _cacheIndex = new ItemHnsw(_scorer.QueryDimension, _h, o);
            var w = _scorer.Decoder;
            for (int i = 0; i < _n; i++) _catalogue.Add(i, w.Row(i), w.Bias[i]);
        }
        else
        {
            _block = new BlockScores(_scorer.Decoder);
            _searchCount = k;
            recall = args.Double("recall", 0, 1);
            _recallK = Math.Min(args.Int("recall_k", 1, 1000), _n);
        }
        _recallEvery = recall == 0 ? 0 : Math.Max(1, (long)Math.Round(1 / recall));
        _found = new int[Math.Max(_searchCount, _recallK) + 64];
        _best = new int[k];
        _bestScore = new float[k];
        _bestCached = new int[k];
        _bestCachedScore = new float[k];
        int m = 2 * k;
        _cand = new int[m];
        _candScore = new float[m];
        _candCost = new double[m];
        _grad = new double[m];
        _least = new double[m];
        _open = new bool[m];
        _factor = new double[m];
        _order = new int[2 * m];
        _answer = new int[k];
        _probe = new int[Math.Max(_recallK, k)];
        _probeIds = new int[_recallK];
        _probeScores = new float[_recallK];
        Round();
    }

    public override int Capacity => _h;

    public override int Count => _cachedCount;

    /// <summary>The fractional state y_i (for tests and inspection).</summary>
    public double Fraction(int item) => _y[item];

    /// <summary>True when <paramref name="item"/> is in the integral cache.</summary>
    public bool IsCached(int item) => _cached[item];

    public static readonly PolicyCounter FetchedItemsCounter = new("fetched_items", "items", "catalogue items fetched with the answers of missed requests");

    public override IEnumerable<PolicyCount> Counters => [FetchedItemsCounter.With(_fetchedItems)];

    public override IndexRecall? Recall => _recallEvery == 0
        ? null
        : new IndexRecall(_samples, _recallK, _samples == 0 ? double.NaN : _sumAt1 / _samples, _samples == 0 ? double.NaN : _sumAtK / _samples);

    public override ReadOnlySpan<int> ServedAnswer(in CacheOutcome outcome) => _answer;

    public override void BeginBlock(ReadOnlySpan<float> vectors, int rows) => _block?.Begin(vectors, rows);

    public override void EndBlock() => _block?.End();

    public override int ExpireUpTo(double now) => 0;

    /// <summary>A k-NN answer is charged its score gap plus the items fetched, not a function of one distance.</summary>
    public override bool CostFollowsDistance => false;

    public override double NextExpiry => double.PositiveInfinity;

    public override bool WouldServe(int requestUser, int keyUser, float distance) => distance == 0;

    public override CacheOutcome Lookup(in CacheRequest request)
    {
        var z = request.Vector;
        if (z.Length != _d) throw new ArgumentException($"request has {z.Length} coordinates, the decoder's latent size is {_d}", nameof(request));
        float sMin;
        int nBest, nCached;
        ReadOnlySpan<float> q = default; // the item-space query, mapped once (exact scoring maps it inside the scorer)
        if (_catalogue is null)
        {
            ReadOnlySpan<float> scores;
            if (request.BlockRow >= 0 && request.BlockRow < _block!.Rows) scores = _block.Row(request.BlockRow);
            else
            {
                _scorer.Scores(z, _scores);
                scores = _scores;
            }
            nBest = TopSelect.Largest(scores, _k, _best);
            for (int i = 0; i < nBest; i++) _bestScore[i] = scores[_best[i]];
            sMin = TensorPrimitives.Min(scores);
            nCached = 0;
            for (int j = 0; j < _cachedCount; j++)
            {
                int item = _cachedList[j];
                nCached = InsertBest(_bestCached, _bestCachedScore, nCached, item, scores[item]);
            }
        }
        else
        {
            q = _scorer.Query(z, _query);
            nBest = 0;
            int f = _catalogue.Search(q, 1, _searchCount, _found);
            for (int i = 0; i < f; i++) nBest = InsertBest(_best, _bestScore, nBest, _found[i], _scorer.QueryScore(q, _found[i]));
            f = _catalogue.Search(q, -1, _searchCount, _found);
            sMin = float.PositiveInfinity;
            for (int i = 0; i < f; i++) sMin = MathF.Min(sMin, _scorer.QueryScore(q, _found[i]));
            nCached = 0;
            f = _cachedCount == 0 ? 0 : _cacheIndex!.Search(q, 1, _searchCount, _found);
            for (int i = 0; i < f; i++)
                if (_cached[_found[i]]) nCached = InsertBest(_bestCached, _bestCachedScore, nCached, _found[i], _scorer.QueryScore(q, _found[i]));
        }
        if (_recallEvery > 0 && _lookups++ % _recallEvery == 0) Probe(_catalogue is null ? _scorer.Query(z, _query) : q);

        // Candidates S ∪ C with their costs.
        int m = 0;
        for (int i = 0; i < nBest; i++) m = AddCandidate(m, _best[i], _bestScore[i]);
        for (int i = 0; i < nCached; i++) m = AddCandidate(m, _bestCached[i], _bestCachedScore[i]);
        float sTop = float.NegativeInfinity;
        for (int i = 0; i < m; i++) sTop = MathF.Max(sTop, _candScore[i]);
        sMin = MathF.Min(sMin, sTop);
        double range = (double)sTop - sMin;
        if (!(range > 0)) range = 1;
        for (int i = 0; i < m; i++) _candCost[i] = Cost.Approximation(Math.Max(0, (double)sTop - _candScore[i]) / range);

        // The answer: k least effective costs; then D against the k least dissimilarities.
        int kk = Math.Min(_k, m);
        var pick = _order.AsSpan(0, m);
        for (int i = 0; i < m; i++) pick[i] = i;
        Sort(pick, new ByEffectiveCost(this));
        double served = 0;
        int fetched = 0;
        for (int i = 0; i < kk; i++)
        {
            int c = pick[i];
            served += _candCost[c];
            if (!_cached[_cand[c]]) fetched++;
            _answer[i] = c; // candidate positions for now
        }
        _candCost.AsSpan(0, m).CopyTo(_least);
        Array.Sort(_least, 0, m);
        double ideal = 0;
        for (int i = 0; i < kk; i++) ideal += _least[i];
        double dis = Math.Max(0, served - ideal);
        var answer = _answer.AsSpan(0, kk);
        Sort(answer, new ByScore(this));
        for (int i = 0; i < kk; i++) answer[i] = _cand[answer[i]];
        _fetchedItems += fetched;

        Ascend(m);
        Round();

        var kind = fetched > 0 ? OutcomeKind.Miss : dis == 0 ? OutcomeKind.ExactHit : OutcomeKind.ApproximateHit;
        return new CacheOutcome(kind, -1, (float)dis, dis + _cf * fetched, AdmissionKind.None, 0, fetched);
    }

    private double Effective(int c) => _cached[_cand[c]] ? _candCost[c] : _candCost[c] + _cf;

    /// <summary>One mirror-ascent step on the candidates' gain subgradient.</summary>
    private void Ascend(int m)
    {
        // Copies: 2c = local copy of candidate c, 2c+1 = its server copy.
        var copies = _order.AsSpan(0, 2 * m);
        for (int i = 0; i < 2 * m; i++) copies[i] = i;
        Sort(copies, new ByCopyCost(this));
        Array.Clear(_grad, 0, m);
        var open = _open.AsSpan(0, m);
        open.Clear();
        double filled = 0;
        for (int l = 0; l + 1 < 2 * m; l++)
        {
            int copy = copies[l], c = copy >> 1;
            double y = _y[_cand[c]];
            if ((copy & 1) == 0)
            {
                filled += y;
                open[c] = true;
            }
            else
            {
                filled += 1 - y;
                open[c] = false;
            }
            if (filled >= _k) break;
            double gap = CopyCost(copies[l + 1]) - CopyCost(copy);
            if (gap <= 0) continue;
            for (int j = 0; j < m; j++) if (open[j]) _grad[j] += gap;
        }
        for (int j = 0; j < m; j++) _factor[j] = Math.Exp(Math.Min(50, _eta * _grad[j]));
        _y.Scale(_cand.AsSpan(0, m), _factor.AsSpan(0, m));
    }

    private double CopyCost(int copy) => (copy & 1) == 0 ? _candCost[copy >> 1] : _candCost[copy >> 1] + _cf;

    /// <summary>Systematic rounding of y with the run's fixed offset; applies the differences to the cached set.</summary>
    private void Round()
    {
        double sum = 0, point = _offset;
        int j = 0;
        for (int i = 0; i < _n; i++)
        {
            double lo = sum;
            sum += _y[i];
            bool sel = false;
            while (j < _h && point < sum)
            {
                if (point >= lo) sel = true;
                j++;
                point = _offset + j;
            }
            _next[i] = sel;
        }
        for (int i = 0; i < _n; i++) if (_cached[i] && !_next[i]) Evict(i);
        for (int i = 0; i < _n; i++) if (!_cached[i] && _next[i]) Insert(i);
    }

    private void Insert(int item)
    {
        _cached[item] = true;
        _cachedPos[item] = _cachedCount;
        _cachedList[_cachedCount++] = item;
        _cacheIndex?.Add(item, _scorer.Decoder.Row(item), _scorer.Decoder.Bias[item]);
    }

    private void Evict(int item)
    {
        _cached[item] = false;
        int pos = _cachedPos[item], last = _cachedList[--_cachedCount];
        _cachedList[pos] = last;
        _cachedPos[last] = pos;
        _cachedPos[item] = -1;
        _cacheIndex?.Remove(item);
    }

    private int AddCandidate(int m, int item, float score)
    {
        for (int i = 0; i < m; i++) if (_cand[i] == item) return m;
        _cand[m] = item;
        _candScore[m] = score;
        return m + 1;
    }

    /// <summary>Keeps the k best (score desc, index asc) in a sorted array; returns the new count.</summary>
    private int InsertBest(int[] items, float[] scores, int count, int item, float score)
    {
        int k = items.Length;
        for (int i = 0; i < count; i++) if (items[i] == item) return count;
        if (count == k && !(score > scores[k - 1] || (score == scores[k - 1] && item < items[k - 1]))) return count;
        int pos = count < k ? count : k - 1;
        while (pos > 0 && (score > scores[pos - 1] || (score == scores[pos - 1] && item < items[pos - 1])))
        {
            items[pos] = items[pos - 1];
            scores[pos] = scores[pos - 1];
            pos--;
        }
        items[pos] = item;
        scores[pos] = score;
        return count < k ? count + 1 : count;
    }

    /// <summary>Recall of the catalogue lookup against exact scoring, on a sampled request (its item-space query <paramref name="q"/>).</summary>
    private void Probe(ReadOnlySpan<float> q)
    {
        int k = _recallK;
        _scorer.QueryScores(q, _scores);
        int exact = TopSelect.Largest(_scores, k, _probe);
        int approx;
        if (_catalogue is null) approx = TopSelect.Largest(_scores, k, _found);
        else
        {
            int f = _catalogue.Search(q, 1, Math.Max(k, _searchCount), _found);
            approx = 0;
            for (int i = 0; i < f; i++) approx = InsertBest(_probeIds, _probeScores, approx, _found[i], _scorer.QueryScore(q, _found[i]));
            _probeIds.AsSpan(0, approx).CopyTo(_found);
        }
        int common = 0;
        for (int i = 0; i < approx; i++)
            for (int j = 0; j < exact; j++)
                if (_found[i] == _probe[j]) { common++; break; }
        _samples++;
        _sumAt1 += approx > 0 && _found[0] == _probe[0] ? 1 : 0;
        _sumAtK += (double)common / exact;
    }

    private interface IOrder
    {
        bool Before(int a, int b);
    }

    /// <summary>Insertion sort (the lists hold at most 4k entries) with a struct order: no allocation.</summary>
    private static void Sort<T>(Span<int> s, T order) where T : struct, IOrder
    {
        for (int i = 1; i < s.Length; i++)
        {
            int v = s[i], j = i - 1;
            while (j >= 0 && order.Before(v, s[j]))
            {
                s[j + 1] = s[j];
                j--;
            }
            s[j + 1] = v;
        }
    }

    /// <summary>Candidates by effective cost, cached first on ties, then item index.</summary>
    private readonly struct ByEffectiveCost(KnnCachePolicy p) : IOrder
    {
        public bool Before(int a, int b)
        {
            double ea = p.Effective(a), eb = p.Effective(b);
            if (ea != eb) return ea < eb;
            bool la = p._cached[p._cand[a]], lb = p._cached[p._cand[b]];
            if (la != lb) return la;
            return p._cand[a] < p._cand[b];
        }
    }

    /// <summary>Candidates by score, best first, then item index.</summary>
    private readonly struct ByScore(KnnCachePolicy p) : IOrder
    {
        public bool Before(int a, int b) =>
            p._candScore[a] != p._candScore[b] ? p._candScore[a] > p._candScore[b] : p._cand[a] < p._cand[b];
    }

    /// <summary>Copies by cost, a local copy before a server copy, then item index.</summary>
    private readonly struct ByCopyCost(KnnCachePolicy p) : IOrder
    {
        public bool Before(int a, int b)
        {
            double ca = p.CopyCost(a), cb = p.CopyCost(b);
            if (ca != cb) return ca < cb;
            if ((a & 1) != (b & 1)) return (a & 1) == 0;
            return p._cand[a >> 1] < p._cand[b >> 1];
        }
    }

    public override void Dispose()
    {
        _catalogue?.Dispose();
        _cacheIndex?.Dispose();
        base.Dispose();
    }
}
