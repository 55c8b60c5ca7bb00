using System.Diagnostics;
using System.Runtime.CompilerServices;
using SimCache.Caching.Core;
using SimCache.Data.Progress;
using SimCache.Simulation.Metrics;
using SimCache.Simulation.Timing;

namespace SimCache.Simulation.Replay;

/// <summary>
/// One replay in progress: the clock, the fetches in flight and the counts, fed consecutive rows by
/// <see cref="ReplayEngine"/> (from a streamed trace or from memory). The rules are on <see cref="ReplayEngine"/>.
/// Counts and sums go into the current window, whose subtotals are added to the totals when it closes; samples
/// (for the exact quantiles) go straight into the totals. So each request is counted once.
/// </summary>
internal sealed class ReplayRun
{
    private readonly SimilarityCache _cache;
    private readonly int _dimension;
    private readonly long _total, _warmup, _windowSize;
    private readonly int _block, _topN;
    private readonly bool _quality, _searches, _zeroLatency, _expires;
    private readonly ArrivalProcess _arrivals;
    private readonly bool _traceTimes;
    private readonly LatencyModel _latency;
    private readonly Random _latencyRandom;
    private readonly PendingFetches _pending;
    private readonly ReplayCounters _totals, _window;
    private readonly List<WindowRow> _windows = [];
    private readonly double _cr;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _index;

    /// <summary>Requests handed to the cache at a time by the direct path (the size of its scratch).</summary>
    internal const int RunRows = 4096;

    private readonly CacheOutcome[] _runOutcomes = new CacheOutcome[RunRows];
    private readonly double[] _runTimes = new double[RunRows];

    /// <summary>
    /// A replay of <paramref name="total"/> requests (the trace's rows, or fewer with a limit) of
    /// <paramref name="dimension"/>-d vectors; quality metrics are computed if <paramref name="withAnswers"/>
    /// (the rows carry answers) and N &gt; 0.
    /// </summary>
    public ReplayRun(SimilarityCache cache, ReplayOptions options, int dimension, long total, bool withAnswers)
    {
        _cache = cache;
        _dimension = dimension;
        _total = total;
        _warmup = options.Warmup;
        _windowSize = options.Window;
        _block = options.Block;
        _topN = options.TopN;
        _quality = withAnswers && options.TopN > 0;
        _searches = cache.NeedsNearestKeys;
        _latency = options.Latency;
        _zeroLatency = options.Latency.IsZero;
        _expires = double.IsFinite(options.Ttl);
        _arrivals = ArrivalProcess.Parse(options.Arrivals, unchecked(options.Seed * 31 + 7));
        _traceTimes = _arrivals.IsTraceTimes;
        _latencyRandom = new Random(options.Seed);
        _pending = new PendingFetches(dimension, Math.Max(options.TopN, 1));
        _totals = new ReplayCounters((int)Math.Clamp(total - options.Warmup, 1, 1 << 24),
            costOfDistance: cache.CostFollowsDistance ? cache.Cost.Approximation : null);
        _window = new ReplayCounters(0, keepSamples: false);
        _cr = cache.Cost.Retrieval;
    }

    /// <summary>Requests replayed so far.</summary>
    public long Replayed => _index;

    public bool Done => _index >= _total;

    /// <summary>Replays the rows (up to the total), in blocks of nearest-key searches when the policy searches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the hot loop: skip tier-0 code
    public void Feed(in RequestRows rows, IWorkTask task, CancellationToken cancel)
    {
        if (rows.Dimension != _dimension) throw new ArgumentException($"rows have dimension {rows.Dimension}, the replay {_dimension}", nameof(rows));
        int n = (int)Math.Min(rows.Count, _total - _index);
        int d = _dimension;
        bool searches = _searches, traceTimes = _traceTimes, quality = _quality, zeroLatency = _zeroLatency;
        bool events = !zeroLatency || _expires; // otherwise nothing is ever pending or expiring
        int block = searches ? _block : Math.Max(n, 1); // no nearest-key search (lru): no blocks to prepare
        var users = rows.Users;
        var times = rows.Times;
        var vectors = rows.Vectors;
        var cache = _cache;
        var window = _window;
        var totals = _totals;
        long warmup = _warmup, windowSize = _windowSize;
        for (int start = 0; start < n; start += block)
        {
            cancel.ThrowIfCancellationRequested();
            int count = Math.Min(block, n - start);
            if (searches) cache.BeginBlock(vectors.Slice(start * d, count * d), count);
            if (!events && !quality)
            {
                ReplayDirect(rows, start, start + count);
                if (searches) cache.EndBlock();
                task.Report(_index);
                continue;
            }
            long index = _index;
            for (int r = start; r < start + count; r++, index++)
            {
                double now = traceTimes ? times[r] : _arrivals.Next(times[r]);
                if (events && (_pending.Count > 0 || _expires)) Advance(now);
                var vector = vectors.Slice(r * d, d);
                var own = quality ? rows.Answer(r) : default;
                var request = new CacheRequest(users[r], now, vector, own, searches ? r - start : -1);
                var outcome = cache.Lookup(request);

                int waitingOn = -1;
                float waitDistance = 0;
                if (events && !outcome.IsHit && _pending.Count > 0) waitingOn = FindInFlight(request, out waitDistance);

                if (index >= warmup)
                {
                    if (quality || waitingOn >= 0)
                        CountInFull(outcome, waitingOn, now, waitDistance, cache, own, rows.Future(r));
                    else
                        CountPlain(window, totals, outcome, now);
                    if (window.Requests == windowSize) Flush();
                }

                if (waitingOn >= 0) continue; // waits for the fetch in flight: no retrieval, no admission of its own
                if (outcome.IsHit && outcome.Admission == AdmissionKind.None) continue;
                if (zeroLatency)
                    cache.Admit(request, outcome, now);
                else
                    _pending.Add(now + _latency.Sample(_latencyRandom), now, users[r], vector, own, outcome);
            }
            _index = index;
            if (searches) cache.EndBlock();
            task.Report(_index);
        }
    }

    /// <summary>
    /// Rows [from, to) of a replay with nothing that can happen between requests (zero latency, no TTL) and no
    /// quality metrics: the cache serves them in runs of up to <see cref="RunRows"/> requests
    /// (<see cref="SimilarityCache.ProcessRun"/>: the outcomes of one request at a time, but a policy may work in
    /// bulk), and each run's outcomes are then counted in order, a stretch at a time (warm-up, or what is left
    /// of the current window), in locals and straight into the totals' sample buffers — so the engine costs
    /// little more than a plain loop over the cache. Sums are continued one request at a time from the window's,
    /// so they have the same bits as the general loop's. <paramref name="from"/> starts the current block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReplayDirect(in RequestRows rows, int from, int to)
    {
        int d = _dimension;
        bool searches = _searches, traceTimes = _traceTimes;
        var users = rows.Users;
        var times = rows.Times;
        var outcomes = _runOutcomes;
        var now = _runTimes;
        for (int start = from; start < to; start += RunRows)
        {
            int m = Math.Min(RunRows, to - start);
            for (int i = 0; i < m; i++) now[i] = traceTimes ? times[start + i] : _arrivals.Next(times[start + i]);
            _cache.ProcessRun(users.Slice(start, m), now, rows.Vectors.Slice(start * d, m * d), m, searches ? start - from : -1, outcomes);
            int k = 0;
            while (k < m)
            {
                int stop;
                if (_index < _warmup) stop = (int)Math.Min(m, k + (_warmup - _index)); // replayed, not counted
                else
                {
                    stop = (int)Math.Min(m, k + (_windowSize - _window.Requests));
                    Count(k, stop);
                }
                _index += stop - k;
                k = stop;
                if (_window.Requests == _windowSize) Flush();
            }
        }
    }

    /// <summary>Counts outcomes [from, to) of the current run into the current window (they fit in it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Count(int from, int to)
    {
        if (to == from) return;
        var outcomes = _runOutcomes;
        var w = _window;
        bool keepCosts = !_totals.ApproximationCost.IsDerived; // else recomputed from the distances
        var distances = _totals.Distance.Reserve(to - from);
        var costs = keepCosts ? _totals.ApproximationCost.Reserve(to - from) : default;
        long exact = 0, misses = 0, fetches = 0;
        int approximate = 0;
        double totalCost = w.TotalCost, distanceSum = w.Distance.Sum, costSum = w.ApproximationCost.Sum;
        for (int i = from; i < to; i++)
        {
            ref readonly var outcome = ref outcomes[i];
            CountEvents(w, outcome);
            totalCost += outcome.Cost;
            fetches += outcome.Fetches;
            switch (outcome.Kind)
            {
                case OutcomeKind.ExactHit: exact++; break;
                case OutcomeKind.ApproximateHit:
                    distances[approximate] = outcome.Distance;
                    if (keepCosts) costs[approximate] = (float)outcome.Cost;
                    approximate++;
                    distanceSum += outcome.Distance;
                    costSum += outcome.Cost;
                    break;
                default: misses++; break;
            }
        }
        if (w.Requests == 0) w.FirstTime = _runTimes[from];
        w.LastTime = _runTimes[to - 1];
        w.Requests += to - from;
        w.ExactHits += exact;
        w.ApproximateHits += approximate;
        w.Misses += misses;
        w.Fetches += fetches;
        w.TotalCost = totalCost;
        w.Distance.AddRun(approximate, distanceSum);
        w.ApproximationCost.AddRun(approximate, costSum);
        _totals.Distance.Commit(approximate);
        _totals.ApproximationCost.Commit(approximate);
    }

    /// <summary>The counts and series so far (call once, at the end).</summary>
    public ReplayResult Finish()
    {
        if (_window.Requests > 0) Flush();
        return new ReplayResult(_totals, _windows, _index, Math.Min(_warmup, _index), _cr, _cache.Recall, _clock.Elapsed.TotalSeconds);
    }

    /// <summary>Applies every expiry and completion up to <paramref name="now"/> in time order (expiry first on ties).</summary>
    private void Advance(double now)
    {
        var cache = _cache;
        while (true)
        {
            double completion = _pending.NextTime;
            double expiry = _expires ? cache.NextExpiry : double.PositiveInfinity;
            if (expiry <= now && expiry <= completion)
            {
                cache.ExpireUpTo(expiry);
                continue;
            }
            if (completion > now) break;
            int slot = _pending.PopEarliest();
            ref readonly var outcome = ref _pending.Outcome(slot);
            if (outcome.Admission != AdmissionKind.None)
            {
                var request = new CacheRequest(_pending.User(slot), _pending.Issued(slot), _pending.Vector(slot), _pending.Answer(slot));
                cache.Admit(request, outcome, completion);
            }
        }
        if (_expires) cache.ExpireUpTo(now);
    }

    /// <summary>
    /// The nearest fetch in flight whose key would serve the request by the policy's rule (−1 if none), ties to
    /// the earliest issued. Distances are the cache's own (<see cref="SimilarityCache.Distance"/>: prepared
    /// vectors, so cosine compares directions), bit-identical to what a lookup of the key would report.
    /// </summary>
    private int FindInFlight(in CacheRequest request, out float distance)
    {
        int best = -1;
        distance = float.PositiveInfinity;
        for (int i = 0; i < _pending.Count; i++)
        {
            int slot = _pending.SlotAt(i);
            float dist = _cache.Distance(request.Vector, _pending.Vector(slot));
            if (!_cache.WouldServe(request.User, _pending.User(slot), dist)) continue;
            if (best < 0 || dist < distance || (dist == distance && _pending.Sequence(slot) < _pending.Sequence(best)))
            {
                best = slot;
                distance = dist;
            }
        }
        if (best < 0) distance = 0;
        return best;
    }

    /// <summary>A request served from the cache or missed, without quality metrics: the common, cheap case.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountPlain(ReplayCounters c, ReplayCounters totals, in CacheOutcome outcome, double now)
    {
        CountEvents(c, outcome);
        if (c.Requests++ == 0) c.FirstTime = now;
        c.LastTime = now;
        c.TotalCost += outcome.Cost;
        c.Fetches += outcome.Fetches;
        switch (outcome.Kind)
        {
            case OutcomeKind.ExactHit: c.ExactHits++; break;
            case OutcomeKind.ApproximateHit:
                c.ApproximateHits++;
                c.Distance.Add(outcome.Distance);
                c.ApproximationCost.Add(outcome.Cost);
                totals.Distance.Store(outcome.Distance);
                totals.ApproximationCost.Store(outcome.Cost);
                break;
            default: c.Misses++; break;
        }
    }

    /// <summary>
    /// The registry's replay-counted events (<see cref="MetricRegistry"/>'s <c>Event</c> declarations) of a counted
    /// request served or missed, on both paths (the direct run and the event loop): one line per event.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CountEvents(ReplayCounters c, in CacheOutcome outcome)
    {
        c.Events[MetricRegistry.Admissions.EventSlot] += outcome.Admission != AdmissionKind.None ? 1 : 0;
    }

    /// <summary>A delayed hit, or any request when quality metrics are on.</summary>
    private void CountInFull(in CacheOutcome outcome, int waitingOn, double now, float waitDistance, SimilarityCache cache,
        ReadOnlySpan<int> own, ReadOnlySpan<int> future)
    {
        var c = _window;
        bool delayed = waitingOn >= 0;
        if (delayed)
        {
            if (c.Requests++ == 0) c.FirstTime = now;
            c.LastTime = now;
            c.TotalCost += cache.Cost.Best(waitDistance);
            c.DelayedHits++;
            c.Wait.Add(_pending.Time(waitingOn) - now);
            _totals.Wait.Store(_pending.Time(waitingOn) - now);
            c.Fetches += outcome.Fetches - 1; // its lookup missed, but it waits instead of fetching
        }
        else CountPlain(c, _totals, outcome, now);
        if (!_quality) return;
        var served = delayed ? _pending.Answer(waitingOn) : outcome.IsHit ? cache.ServedAnswer(outcome) : own;
        double overlap = AnswerQuality.Overlap(served, own, _topN);
        double ownNdcg = AnswerQuality.Ndcg(own, future, _topN);
        double servedNdcg = delayed || outcome.IsHit ? AnswerQuality.Ndcg(served, future, _topN) : ownNdcg;
        c.QualityRequests++;
        c.OverlapSum += overlap;
        if (outcome.Kind == OutcomeKind.ApproximateHit && !delayed)
        {
            c.ApproximateQualityRequests++;
            c.ApproximateOverlapSum += overlap;
        }
        if (!double.IsNaN(ownNdcg))
        {
            c.NdcgRequests++;
            c.ServedNdcgSum += servedNdcg;
            c.OwnNdcgSum += ownNdcg;
        }
    }

    /// <summary>Closes the current window: one row of the series, and its counts added to the totals.</summary>
    private void Flush()
    {
        var w = _window;
        long hits = w.ExactHits + w.ApproximateHits; // delayed hits are counted apart: they waited for a retrieval
        _windows.Add(new WindowRow(_windows.Count, _totals.Requests, w.Requests, w.FirstTime, w.LastTime,
            w.ExactHits, w.ApproximateHits, w.DelayedHits, w.Misses,
            (double)hits / w.Requests, w.Distance.Mean, w.ApproximationCost.Mean, w.TotalCost / (w.Requests * _cr),
            w.QualityRequests == 0 ? double.NaN : w.OverlapSum / w.QualityRequests,
            w.NdcgRequests == 0 ? double.NaN : w.ServedNdcgSum / w.NdcgRequests,
            w.NdcgRequests == 0 ? double.NaN : w.OwnNdcgSum / w.NdcgRequests));
        _totals.AddCounts(w);
        w.Clear();
    }
}
