using System.Diagnostics;
using SimCache.Caching.Core;
using SimCache.Caching.Vectors;
using SimCache.Data.Arrow;
using SimCache.Data.Progress;
using SimCache.Simulation.Metrics;
using SimCache.Simulation.Timing;

namespace SimCache.Simulation.Replay;

/// <summary>
/// The discrete-event replay of a trace against one cache (DESIGN.md "The simulator"). Requests arrive in trace
/// order at the trace's timestamps or re-timed by an arrival process; a retrieval completes after the latency
/// and then carries out the admission its lookup asked for; keys expire after the TTL. The trace is streamed
/// batch by batch, so memory is bounded by the cache and one batch.
/// </summary>
/// <remarks>
/// The rules, so an independent implementation gets the same counts:
/// <list type="bullet">
/// <item>Events are ordered by (time, sequence number). Before a request at time t, every expiry and retrieval
/// completion at time ≤ t is applied in time order; at equal times an expiry comes before a completion, and
/// completions keep the order their fetches were issued in. A completion at exactly t serves the request at t
/// from the cache.</item>
/// <item>A request is looked up in the cache first (the policy's own hit rule: a threshold hit is inclusive,
/// d ≤ θ; nearest-key ties go to the earliest inserted key). Only if the cache misses is it checked against the
/// fetches in flight: the nearest one whose key would serve it by the policy's rule (ties to the earliest
/// issued) makes it a delayed hit; it waits until that fetch completes, is served that fetch's answer, costs
/// C_a(d) of that key, triggers no retrieval and no admission of its own.</item>
/// <item>Every other miss, and every lookup whose policy asks for a background retrieval (qLRU-ΔC, CLS-LRU),
/// issues a retrieval that completes after a latency sample; with zero latency it completes at once, before
/// the next request. On completion the cache applies the admission (insert, evicting by the policy's rule, or
/// re-key), at the completion time, which starts the key's TTL.</item>
/// <item>Warm-up: the first N requests are replayed in full (they fill the cache and issue retrievals) but
/// count in no metric; a later request that waits on a fetch issued in warm-up counts as a delayed hit.</item>
/// <item>Quality, when the trace carries answers and N &gt; 0: served list = the key's answer on a hit, the
/// fetched key's answer on a delayed hit, the request's own answer on a miss; overlap@N with the own answer and
/// NDCG@N of both lists against the row's future items (<see cref="AnswerQuality"/>).</item>
/// </list>
/// </remarks>
public static class ReplayEngine
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // the hot loop runs once: skip tier-0 code
    public static ReplayResult Run(string tracePath, SimilarityCache cache, ReplayOptions options, IWorkReporter? reporter = null,
        CancellationToken cancel = default)
    {
        options.Validate();
        reporter ??= NullWorkReporter.Instance;
        using var reader = TraceFileReader.Open(tracePath);
        var metric = DistanceMetrics.Parse(reader.Distance);
        int d = reader.Dimension;
        long total = options.Limit is long limit ? Math.Min(limit, reader.TotalRows) : reader.TotalRows;
        int hint = (int)Math.Clamp(total - options.Warmup, 1, 1 << 24);
        var totals = new ReplayCounters(hint);
        var window = new ReplayCounters((int)Math.Min(options.Window, 1 << 20));
        var windows = new List<WindowRow>();
        int answerLength = options.TopN;
        bool quality = reader.HasAnswer && options.TopN > 0;
        var pending = new PendingFetches(d, Math.Max(answerLength, 1));
        var latencyRandom = new Random(options.Seed);
        var arrivals = ArrivalProcess.Parse(options.Arrivals, unchecked(options.Seed * 31 + 7));
        bool zeroLatency = options.Latency.IsZero;
        bool expires = double.IsFinite(options.Ttl);
        double cr = cache.Cost.Retrieval;
        var clock = Stopwatch.StartNew();
        long index = 0;

        using var task = reporter.Start("Replaying " + cache.Description, total, "requests");
        while (index < total && reader.ReadNextBatch() is { } batch)
        {
            cancel.ThrowIfCancellationRequested();
            int rows = (int)Math.Min(batch.RowCount, total - index);
            var users = batch.Users;
            var times = batch.Timestamps;
            var vectors = batch.Vectors;
            for (int start = 0; start < rows; start += options.Block)
            {
                int count = Math.Min(options.Block, rows - start);
                cache.BeginBlock(vectors.Slice(start * d, count * d), count);
                for (int r = start; r < start + count; r++, index++)
                {
                    double now = arrivals.Next(times[r]);
                    if (pending.Count > 0 || expires) Advance(cache, pending, now, expires);
                    var vector = vectors.Slice(r * d, d);
                    var own = quality ? batch.Answer(r) : default;
                    var request = new CacheRequest(users[r], now, vector, own, r - start);
                    var outcome = cache.Lookup(request);
                    bool counted = index >= options.Warmup;

                    int waitingOn = -1;
                    float waitDistance = 0;
                    if (!outcome.IsHit && pending.Count > 0) waitingOn = FindInFlight(cache, pending, metric, request, out waitDistance);

                    if (counted)
                    {
                        var served = waitingOn >= 0 ? pending.Answer(waitingOn) : outcome.IsHit ? cache.ServedAnswer(outcome) : own;
                        Count(totals, window, outcome, waitingOn >= 0, waitingOn >= 0 ? pending.Time(waitingOn) - now : 0, waitDistance,
                            cache, now, quality, served, own, quality ? batch.Future(r) : default, options.TopN);
                        if (window.Requests == options.Window) windows.Add(Flush(window, windows.Count, totals.Requests, cr));
                    }

                    if (waitingOn >= 0) continue; // waits for the fetch in flight: no retrieval, no admission of its own
                    bool fetches = !outcome.IsHit || outcome.Admission != AdmissionKind.None;
                    if (!fetches) continue;
                    if (zeroLatency)
                        cache.Admit(request, outcome, now);
                    else
                        pending.Add(now + options.Latency.Sample(latencyRandom), now, users[r], vector, own, outcome);
                }
                cache.EndBlock();
                task.Report(index);
            }
            if (index >= total) break;
        }
        if (window.Requests > 0) windows.Add(Flush(window, windows.Count, totals.Requests, cr));
        return new ReplayResult(totals, windows, index, Math.Min(options.Warmup, index), cr, cache.Recall, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Applies every expiry and completion up to <paramref name="now"/> in time order (expiry first on ties).</summary>
    private static void Advance(SimilarityCache cache, PendingFetches pending, double now, bool expires)
    {
        while (true)
        {
            double completion = pending.NextTime;
            double expiry = expires ? cache.NextExpiry : double.PositiveInfinity;
            if (expiry <= now && expiry <= completion)
            {
                cache.ExpireUpTo(expiry);
                continue;
            }
            if (completion > now) break;
            int slot = pending.PopEarliest();
            ref readonly var outcome = ref pending.Outcome(slot);
            if (outcome.Admission != AdmissionKind.None)
            {
                var request = new CacheRequest(pending.User(slot), pending.Issued(slot), pending.Vector(slot), pending.Answer(slot));
                cache.Admit(request, outcome, completion);
            }
        }
        if (expires) cache.ExpireUpTo(now);
    }

    /// <summary>The nearest fetch in flight whose key would serve the request by the policy's rule (−1 if none).</summary>
    private static int FindInFlight(SimilarityCache cache, PendingFetches pending, DistanceMetric metric, in CacheRequest request, out float distance)
    {
        int best = -1;
        distance = float.PositiveInfinity;
        float queryNorm = VectorKernels.Dot(request.Vector, request.Vector);
        for (int i = 0; i < pending.Count; i++)
        {
            int slot = pending.SlotAt(i);
            var key = pending.Vector(slot);
            float dist = metric.FromRank(VectorKernels.Rank(queryNorm, VectorKernels.Dot(key, key), VectorKernels.Dot(request.Vector, key)));
            if (!cache.WouldServe(request.User, pending.User(slot), dist)) continue;
            if (dist < distance || (dist == distance && best >= 0 && pending.Issued(slot) < pending.Issued(best)))
            {
                best = slot;
                distance = dist;
            }
        }
        if (best < 0) distance = 0;
        return best;
    }

    private static void Count(ReplayCounters totals, ReplayCounters window, in CacheOutcome outcome, bool delayed, double wait, float waitDistance,
        SimilarityCache cache, double now, bool quality, ReadOnlySpan<int> served, ReadOnlySpan<int> own, ReadOnlySpan<int> future, int n)
    {
        double overlap = 0, servedNdcg = double.NaN, ownNdcg = double.NaN;
        if (quality)
        {
            overlap = AnswerQuality.Overlap(served, own, n);
            ownNdcg = AnswerQuality.Ndcg(own, future, n);
            servedNdcg = delayed || outcome.IsHit ? AnswerQuality.Ndcg(served, future, n) : ownNdcg;
        }
        double cost = delayed ? cache.Cost.Best(waitDistance) : outcome.Cost;
        Add(totals, outcome, delayed, wait, cost, now, quality, overlap, servedNdcg, ownNdcg);
        Add(window, outcome, delayed, wait, cost, now, quality, overlap, servedNdcg, ownNdcg);
    }

    private static void Add(ReplayCounters c, in CacheOutcome outcome, bool delayed, double wait, double cost, double now, bool quality,
        double overlap, double servedNdcg, double ownNdcg)
    {
        c.Requests++;
        if (double.IsNaN(c.FirstTime)) c.FirstTime = now;
        c.LastTime = now;
        c.TotalCost += cost;
        if (delayed)
        {
            c.DelayedHits++;
            c.Wait.Add(wait);
            c.Fetches += outcome.Fetches - 1;
        }
        else
        {
            c.Fetches += outcome.Fetches;
            switch (outcome.Kind)
            {
                case OutcomeKind.ExactHit: c.ExactHits++; break;
                case OutcomeKind.ApproximateHit:
                    c.ApproximateHits++;
                    c.Distance.Add(outcome.Distance);
                    c.ApproximationCost.Add(outcome.Cost);
                    break;
                default: c.Misses++; break;
            }
        }
        if (!quality) return;
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

    private static WindowRow Flush(ReplayCounters w, int number, long countedSoFar, double cr)
    {
        long hits = w.ExactHits + w.ApproximateHits; // delayed hits are counted apart: they waited for a retrieval
        var row = new WindowRow(number, countedSoFar - w.Requests, w.Requests, w.FirstTime, w.LastTime,
            w.ExactHits, w.ApproximateHits, w.DelayedHits, w.Misses,
            (double)hits / w.Requests, w.Distance.Mean, w.ApproximationCost.Mean, w.TotalCost / (w.Requests * cr),
            w.QualityRequests == 0 ? double.NaN : w.OverlapSum / w.QualityRequests,
            w.NdcgRequests == 0 ? double.NaN : w.ServedNdcgSum / w.NdcgRequests,
            w.NdcgRequests == 0 ? double.NaN : w.OwnNdcgSum / w.NdcgRequests);
        w.Clear();
        return row;
    }
}
