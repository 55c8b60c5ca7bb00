using SimCache.Caching.Policies;
using SimCache.Simulation.Replay;

namespace SimCache.Simulation.Metrics;

/// <summary>
/// Every metric of a replay, each declared once: its column name, label, unit, place in summary.json, how it is
/// computed from the replay's counters and samples, how it summarises them, which way is better, and when it is
/// undefined. summary.json, the sweep's results (results.db, results.csv), the report's table and the figures'
/// axes all enumerate this list, and a policy's own counters (<see cref="PolicyCounter"/>) join it under
/// summary.json's <c>policy</c> object. Adding a metric is one entry here plus the line in
/// <see cref="ReplayRun"/> (or the policy) that counts it.
/// </summary>
public static class MetricRegistry
{
    /// <summary>summary.json's object holding the policy's counters.</summary>
    public const string PolicySection = "policy";

    private static bool NoApproximateHit(MetricSource s) => s.Totals.ApproximateHits == 0;
    private static bool NoDelayedHit(MetricSource s) => s.Totals.DelayedHits == 0;
    private static bool NoScale(MetricSource s) => s.Scale is null;
    private static bool NoQuality(MetricSource s) => s.Totals.QualityRequests == 0;
    private static bool NoNdcg(MetricSource s) => s.Totals.NdcgRequests == 0;
    private static bool NoRecall(MetricSource s) => s.Result.Recall is null;
    private static double Share(long count, MetricSource s) => count / (double)Math.Max(1, s.Totals.Requests);
    private static double Mean(double sum, long count) => count == 0 ? double.NaN : sum / count;

    private const string NoApproximateHitText = "no counted request was an approximate hit";
    private const string NoDelayedHitText = "no counted request waited for a fetch in flight";
    private const string NoScaleText = "the run used no distance scale (no relative value, C_r given)";
    private const string NoQualityText = "the trace carries no answers or top_n is 0";
    private const string NoNdcgText = "no counted request has future items (or the trace carries no answers)";
    private const string NoRecallText = "the index's recall was not sampled";

    public static readonly MetricDefinition WarmupRequests = new("warmup_requests", "warm-up requests", "requests", "counts.warmup_requests",
        MetricAggregate.Count, MetricDirection.Neutral, s => s.Result.WarmupRequests, Integer: true);
    public static readonly MetricDefinition Requests = new("requests", "requests counted", "requests", "counts.requests",
        MetricAggregate.Count, MetricDirection.Neutral, s => s.Totals.Requests, Integer: true) { PerWindow = w => w.Requests };
    public static readonly MetricDefinition ExactHits = new("exact_hits", "exact hits", "requests", "counts.exact_hits",
        MetricAggregate.Count, MetricDirection.HigherIsBetter, s => s.Totals.ExactHits, Integer: true) { PerWindow = w => w.ExactHits };
    public static readonly MetricDefinition ApproximateHits = new("approximate_hits", "approximate hits", "requests", "counts.approximate_hits",
        MetricAggregate.Count, MetricDirection.HigherIsBetter, s => s.Totals.ApproximateHits, Integer: true) { PerWindow = w => w.ApproximateHits };
    public static readonly MetricDefinition DelayedHits = new("delayed_hits", "delayed hits", "requests", "counts.delayed_hits",
        MetricAggregate.Count, MetricDirection.Neutral, s => s.Totals.DelayedHits, Integer: true) { PerWindow = w => w.DelayedHits };
    public static readonly MetricDefinition Misses = new("misses", "misses", "requests", "counts.misses",
        MetricAggregate.Count, MetricDirection.LowerIsBetter, s => s.Totals.Misses, Integer: true) { PerWindow = w => w.Misses };
    public static readonly MetricDefinition Fetches = new("fetches", "fetches", "retrievals", "counts.fetches",
        MetricAggregate.Count, MetricDirection.LowerIsBetter, s => s.Totals.Fetches, Integer: true);

    /// <summary>Requests whose outcome asked the cache to take a key (a new key, or an existing one moved to the request); counted in <see cref="ReplayRun"/>'s <c>CountEvents</c>.</summary>
    public static readonly MetricDefinition Admissions = Event("admissions", "requests that asked to admit a key (insert or re-key)", "requests", "counts.admissions",
        MetricDirection.Neutral);

    /// <summary>Exact + approximate hits per counted request; delayed hits (which waited for a fetch in flight) are apart.</summary>
    public static readonly MetricDefinition HitRatio = new("hit_ratio", "hit ratio", "share of requests served from the cache", "ratios.hit_ratio",
        MetricAggregate.Ratio, MetricDirection.HigherIsBetter, s => Share(s.Totals.ExactHits + s.Totals.ApproximateHits, s)) { PerWindow = w => w.HitRatio };
    public static readonly MetricDefinition ExactHitRatio = new("exact_hit_ratio", "exact hit ratio", "share of requests", "ratios.exact_hit_ratio",
        MetricAggregate.Ratio, MetricDirection.HigherIsBetter, s => Share(s.Totals.ExactHits, s));
    public static readonly MetricDefinition ApproximateHitRatio = new("approximate_hit_ratio", "approximate hit ratio", "share of requests", "ratios.approximate_hit_ratio",
        MetricAggregate.Ratio, MetricDirection.Neutral, s => Share(s.Totals.ApproximateHits, s));
    public static readonly MetricDefinition DelayedHitRatio = new("delayed_hit_ratio", "delayed hit ratio", "share of requests", "ratios.delayed_hit_ratio",
        MetricAggregate.Ratio, MetricDirection.Neutral, s => Share(s.Totals.DelayedHits, s));
    public static readonly MetricDefinition MissRatio = new("miss_ratio", "miss ratio", "share of requests", "ratios.miss_ratio",
        MetricAggregate.Ratio, MetricDirection.LowerIsBetter, s => Share(s.Totals.Misses, s));

    public static readonly MetricDefinition DistanceMean = new("distance_mean", "mean distance of an approximate hit", "embedding distance", "distance.mean",
        MetricAggregate.Mean, MetricDirection.LowerIsBetter, s => s.Totals.Distance.Mean, NoApproximateHitText, NoApproximateHit) { PerWindow = w => w.MeanDistance };
    public static readonly MetricDefinition DistanceP50 = Quantile("distance_p50", "median distance of an approximate hit", "embedding distance", "distance.p50", 0.5, s => s.Totals.Distance);
    public static readonly MetricDefinition DistanceP90 = Quantile("distance_p90", "90th percentile distance of an approximate hit", "embedding distance", "distance.p90", 0.9, s => s.Totals.Distance);
    public static readonly MetricDefinition DistanceP99 = Quantile("distance_p99", "99th percentile distance of an approximate hit", "embedding distance", "distance.p99", 0.99, s => s.Totals.Distance);

    public static readonly MetricDefinition CostMean = new("approx_cost_mean", "mean approximation cost C_a of a hit", "cost", "approximation_cost.mean",
        MetricAggregate.Mean, MetricDirection.LowerIsBetter, s => s.Totals.ApproximationCost.Mean, NoApproximateHitText, NoApproximateHit) { PerWindow = w => w.MeanApproximationCost };
    public static readonly MetricDefinition CostP50 = Quantile("approx_cost_p50", "median approximation cost C_a", "cost", "approximation_cost.p50", 0.5, s => s.Totals.ApproximationCost);
    public static readonly MetricDefinition CostP90 = Quantile("approx_cost_p90", "90th percentile approximation cost C_a", "cost", "approximation_cost.p90", 0.9, s => s.Totals.ApproximationCost);
    public static readonly MetricDefinition CostP99 = Quantile("approx_cost_p99", "99th percentile approximation cost C_a", "cost", "approximation_cost.p99", 0.99, s => s.Totals.ApproximationCost);

    public static readonly MetricDefinition DelayedWaitMean = new("delayed_wait_mean", "mean wait of a delayed hit", "seconds", "delayed_wait_seconds.mean",
        MetricAggregate.Mean, MetricDirection.LowerIsBetter, s => s.Totals.Wait.Mean, NoDelayedHitText, NoDelayedHit);
    public static readonly MetricDefinition DelayedWaitP50 = WaitQuantile("delayed_wait_p50", "median", "delayed_wait_seconds.p50", 0.5);
    public static readonly MetricDefinition DelayedWaitP90 = WaitQuantile("delayed_wait_p90", "90th percentile", "delayed_wait_seconds.p90", 0.9);
    public static readonly MetricDefinition DelayedWaitP99 = WaitQuantile("delayed_wait_p99", "99th percentile", "delayed_wait_seconds.p99", 0.99);

    public static readonly MetricDefinition RetrievalCost = new("retrieval_cost", "retrieval cost C_r", "cost", "cost.retrieval_cost",
        MetricAggregate.Value, MetricDirection.Neutral, s => s.Result.RetrievalCost);

    /// <summary>1 when C_r was derived from the trace's distance scale (the cost named no cr), 0 when given.</summary>
    public static readonly MetricDefinition RetrievalCostDerived = new("retrieval_cost_derived", "C_r derived from the trace", "1 = derived, 0 = given", "cost.retrieval_cost_derived",
        MetricAggregate.Value, MetricDirection.Neutral, s => s.RetrievalDerived ? 1 : 0, Integer: true);
    public static readonly MetricDefinition TotalCost = new("total_cost", "total cost", "cost", "cost.total",
        MetricAggregate.Total, MetricDirection.LowerIsBetter, s => s.Totals.TotalCost);

    /// <summary>Σ(C_a on hits + C_r on misses) / requests / C_r: 1 means every request missed.</summary>
    public static readonly MetricDefinition CostPerRequest = new("cost_per_request", "cost per request", "× retrieval cost C_r", "cost.per_request_normalised",
        MetricAggregate.Mean, MetricDirection.LowerIsBetter, s => s.Totals.Requests == 0 ? double.NaN : s.Totals.TotalCost / (s.Totals.Requests * s.Result.RetrievalCost),
        "no request was counted", s => s.Totals.Requests == 0) { PerWindow = w => w.CostPerRequest };

    /// <summary>The trace's distance scale when the run used it (a derived C_r or relative values); its rule is in the distance_scale_* columns.</summary>
    public static readonly MetricDefinition DistanceScale = new("distance_scale", "distance scale of the trace", "embedding distance", "distance_scale.value",
        MetricAggregate.Value, MetricDirection.Neutral, s => s.Scale?.Value ?? double.NaN, NoScaleText, NoScale);
    public static readonly MetricDefinition DistanceScaleK = new("distance_scale_k", "distance scale: k-th nearest request", "rank", "distance_scale.k",
        MetricAggregate.Value, MetricDirection.Neutral, s => s.Scale?.K ?? double.NaN, NoScaleText, NoScale, Integer: true);
    public static readonly MetricDefinition DistanceScaleQuantile = new("distance_scale_quantile", "distance scale: quantile", "", "distance_scale.quantile",
        MetricAggregate.Value, MetricDirection.Neutral, s => s.Scale?.Quantile ?? double.NaN, NoScaleText, NoScale);
    public static readonly MetricDefinition DistanceScaleSample = new("distance_scale_sample", "distance scale: requests sampled", "requests", "distance_scale.sample",
        MetricAggregate.Value, MetricDirection.Neutral, s => s.Scale?.Sampled ?? double.NaN, NoScaleText, NoScale, Integer: true);

    public static readonly MetricDefinition QualityRequests = new("quality_requests", "requests with a quality measure", "requests", "quality.requests",
        MetricAggregate.Count, MetricDirection.Neutral, s => s.Totals.QualityRequests, Integer: true);

    /// <summary>Mean overlap@N of the served list with the request's own list.</summary>
    public static readonly MetricDefinition Overlap = new("overlap", "overlap@N of the served answer with the own answer", "share of N", "quality.overlap_mean",
        MetricAggregate.Mean, MetricDirection.HigherIsBetter, s => Mean(s.Totals.OverlapSum, s.Totals.QualityRequests), NoQualityText, NoQuality) { PerWindow = w => w.MeanOverlap };
    public static readonly MetricDefinition ApproximateHitOverlap = new("approximate_hit_overlap", "overlap@N on approximate hits", "share of N", "quality.approximate_hit_overlap_mean",
        MetricAggregate.Mean, MetricDirection.HigherIsBetter, s => Mean(s.Totals.ApproximateOverlapSum, s.Totals.ApproximateQualityRequests),
        "no counted approximate hit has a quality measure (no answers, top_n 0, or no approximate hit)", s => s.Totals.ApproximateQualityRequests == 0);
    public static readonly MetricDefinition NdcgRequests = new("ndcg_requests", "requests with an NDCG", "requests", "quality.ndcg_requests",
        MetricAggregate.Count, MetricDirection.Neutral, s => s.Totals.NdcgRequests, Integer: true);
    public static readonly MetricDefinition NdcgServed = new("ndcg_served", "NDCG@N of the served answer", "", "quality.served_ndcg_mean",
        MetricAggregate.Mean, MetricDirection.HigherIsBetter, s => Mean(s.Totals.ServedNdcgSum, s.Totals.NdcgRequests), NoNdcgText, NoNdcg) { PerWindow = w => w.MeanServedNdcg };
    public static readonly MetricDefinition NdcgOwn = new("ndcg_own", "NDCG@N of the own answer", "", "quality.own_ndcg_mean",
        MetricAggregate.Mean, MetricDirection.Neutral, s => Mean(s.Totals.OwnNdcgSum, s.Totals.NdcgRequests), NoNdcgText, NoNdcg) { PerWindow = w => w.MeanOwnNdcg };

    /// <summary>The quality an approximate answer costs: NDCG@N of the own list minus that of the served list.</summary>
    public static readonly MetricDefinition NdcgLoss = new("ndcg_loss", "quality loss: own NDCG@N − served NDCG@N", "", "quality.ndcg_loss",
        MetricAggregate.Mean, MetricDirection.LowerIsBetter,
        s => Mean(s.Totals.OwnNdcgSum, s.Totals.NdcgRequests) - Mean(s.Totals.ServedNdcgSum, s.Totals.NdcgRequests), NoNdcgText, NoNdcg);

    public static readonly MetricDefinition IndexRecallAt1 = new("index_recall_at_1", "index recall@1", "share of sampled searches", "index_recall.recall_at_1",
        MetricAggregate.Mean, MetricDirection.HigherIsBetter, s => s.Result.Recall?.RecallAt1 ?? double.NaN, NoRecallText, NoRecall);
    public static readonly MetricDefinition IndexRecall = new("index_recall", "index recall@k", "share of sampled searches", "index_recall.recall_at_k",
        MetricAggregate.Mean, MetricDirection.HigherIsBetter, s => s.Result.Recall?.RecallAtK ?? double.NaN, NoRecallText, NoRecall);

    public static readonly MetricDefinition SimulatorSeconds = new("sim_seconds", "replay wall time", "seconds", "wall_seconds",
        MetricAggregate.Value, MetricDirection.LowerIsBetter, s => s.Result.Seconds);
    public static readonly MetricDefinition RequestsPerSecond = new("requests_per_second", "replay speed", "requests/s", "requests_per_second",
        MetricAggregate.Value, MetricDirection.HigherIsBetter, s => s.Result.RequestsPerSecond);

    /// <summary>How many warnings the run raised; summary.json lists their text under <c>warnings</c>.</summary>
    public static readonly MetricDefinition Warnings = new("warnings", "warnings raised", "warnings", null,
        MetricAggregate.Count, MetricDirection.Neutral, s => s.Warnings, Integer: true);

    /// <summary>Every replay metric, in summary.json's order (a policy's counters follow them: <see cref="Evaluate"/>).</summary>
    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        WarmupRequests, Requests, ExactHits, ApproximateHits, DelayedHits, Misses, Fetches, Admissions,
        HitRatio, ExactHitRatio, ApproximateHitRatio, DelayedHitRatio, MissRatio,
        DistanceMean, DistanceP50, DistanceP90, DistanceP99,
        CostMean, CostP50, CostP90, CostP99,
        DelayedWaitMean, DelayedWaitP50, DelayedWaitP90, DelayedWaitP99,
        RetrievalCost, RetrievalCostDerived, TotalCost, CostPerRequest,
        DistanceScale, DistanceScaleK, DistanceScaleQuantile, DistanceScaleSample,
        QualityRequests, Overlap, ApproximateHitOverlap, NdcgRequests, NdcgServed, NdcgOwn, NdcgLoss,
        IndexRecallAt1, IndexRecall,
        SimulatorSeconds, RequestsPerSecond, Warnings,
    ];

    /// <summary>
    /// The metrics kept per window as well (<see cref="MetricDefinition.PerWindow"/>), in <see cref="All"/>'s
    /// order: the columns of timeseries.csv after its window index and first request, and of the sweep's time series.
    /// </summary>
    public static IReadOnlyList<MetricDefinition> Windowed { get; } = All.Where(m => m.PerWindow is not null).ToArray();

    private static readonly Lazy<Dictionary<string, MetricDefinition>> ByName = new(() =>
    {
        var map = All.ToDictionary(m => m.Name, StringComparer.Ordinal);
        foreach (var c in PolicyCounter.All)
            if (!map.TryAdd(c.Name, For(c))) throw new InvalidOperationException($"policy counter '{c.Name}' has the name of a replay metric");
        return map;
    });

    /// <summary>The metric (a replay metric or a declared policy counter) of a results column, or null.</summary>
    public static MetricDefinition? Find(string name) => ByName.Value.GetValueOrDefault(name);

    /// <summary>A policy's counter as a metric: a count under summary.json's <c>policy</c> object, its value as the policy counted it.</summary>
    public static MetricDefinition For(PolicyCounter counter) => new(counter.Name, counter.Description, counter.Unit, PolicySection + "." + counter.Name,
        MetricAggregate.Count, MetricDirection.Neutral, s => Counted(s, counter), Integer: true);

    private static double Counted(MetricSource s, PolicyCounter counter)
    {
        foreach (var c in s.PolicyCounts ?? []) if (c.Counter == counter) return c.Value;
        return double.NaN;
    }

    /// <summary>Every metric of a run: the replay's, then the policy's counters, each with its value (NaN: undefined).</summary>
    public static IReadOnlyList<MetricValue> Evaluate(MetricSource source)
    {
        var values = new List<MetricValue>(All.Count + (source.PolicyCounts?.Count ?? 0));
        foreach (var m in All) values.Add(new MetricValue(m, m.Compute(source)));
        foreach (var c in source.PolicyCounts ?? [])
        {
            if (All.Any(m => m.Name == c.Name))
                throw new InvalidOperationException($"policy counter '{c.Name}' has the name of a replay metric");
            values.Add(new MetricValue(For(c.Counter), c.Value));
        }
        return values;
    }

    private static int _eventSlots;

    /// <summary>Slots of <see cref="ReplayCounters.Events"/>: one per <see cref="Event"/> declaration.</summary>
    public static int EventSlots => _eventSlots;

    /// <summary>
    /// A count of requests the replay keeps for this metric alone: declaring it takes a slot of
    /// <see cref="ReplayCounters.Events"/> (added up over windows and cleared with the other counts), and its one
    /// counting line goes in <see cref="ReplayRun"/>'s <c>CountEvents</c>, which both counting paths call for every
    /// counted request served or missed.
    /// </summary>
    private static MetricDefinition Event(string name, string label, string unit, string path, MetricDirection direction)
    {
        int slot = _eventSlots++;
        return new MetricDefinition(name, label, unit, path, MetricAggregate.Count, direction, s => s.Totals.Events[slot], Integer: true) { EventSlot = slot };
    }

    private static MetricDefinition Quantile(string name, string label, string unit, string path, double q, Func<MetricSource, Metrics.SampleSummary> samples) =>
        new(name, label, unit, path, MetricAggregate.Quantile, MetricDirection.LowerIsBetter, s => samples(s).Quantile(q), NoApproximateHitText, NoApproximateHit);

    private static MetricDefinition WaitQuantile(string name, string which, string path, double q) =>
        new(name, which + " wait of a delayed hit", "seconds", path, MetricAggregate.Quantile, MetricDirection.LowerIsBetter,
            s => s.Totals.Wait.Quantile(q), NoDelayedHitText, NoDelayedHit);
}
