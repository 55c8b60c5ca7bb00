using SimCache.Numerics.Vectors;
using SimCache.Data.Arrow;
using SimCache.Data.Diagnostics;
using SimCache.Data.Progress;

namespace SimCache.Caching.Core;

/// <summary>
/// What a cache is built for, beyond its own parameters: the space (dimension, metric), where answers come from
/// (the decoder, how many items), the trace when a policy is offline and must know it in advance, the geometry
/// stage's Gaussian mixture when a policy places keys by it, the default seed for randomised policies, the TTL,
/// and where to report long set-up work.
/// </summary>
public sealed class CacheContext
{
    public required int Dimension { get; init; }

    public DistanceMetric Metric { get; init; } = DistanceMetric.L2;

    /// <summary>The trained decoder: answers for keys that are not requests, and the catalogue of k-NN caches.</summary>
    public DecoderWeights? Decoder { get; init; }

    /// <summary>Answer items kept per key (0: answers are not tracked).</summary>
    public int AnswerLength { get; init; }

    /// <summary>The trace to be replayed, for offline policies (static-greedy).</summary>
    public string? TracePath { get; init; }

    /// <summary>
    /// The geometry stage's <c>gmm.json</c> (a mixture fitted to the embeddings), for gmm-placement: with it the
    /// policy places its keys at construction instead of fitting a mixture on a warm-up window. Null: none.
    /// </summary>
    public string? GmmPath { get; init; }

    /// <summary>Seed of randomised policies unless their spec gives <c>seed=</c>.</summary>
    public int Seed { get; init; }

    /// <summary>Seconds a key lives after admission (+∞: no expiry).</summary>
    public double Ttl { get; init; } = double.PositiveInfinity;

    public IWorkReporter Reporter { get; init; } = NullWorkReporter.Instance;

    /// <summary>
    /// The retrieval cost C_r to use when a cost spec names no <c>cr</c>: the trace's own distance scale, derived
    /// by the simulator (asked for only when needed, since it costs a pass over the trace). Null: no trace is
    /// known (a unit test, a benchmark), and an omitted <c>cr</c> is 1.
    /// </summary>
    public Func<double>? DerivedRetrievalCost { get; init; }

    /// <summary>Rows of the trace to be replayed, when known: lets defaults that count requests (gmm-placement's window) fit a short trace.</summary>
    public long? TraceRows { get; init; }

    /// <summary>
    /// Threads one cache may use for its own parallel work when its spec leaves the choice to the run (0: all
    /// cores). A sweep running several points at once gives each one thread, so that parallelism never nests
    /// (points × threads per point would oversubscribe the cores and slow every point).
    /// </summary>
    public int Threads { get; init; }

    /// <summary>The threads of a cache whose spec asked for <paramref name="requested"/> (0: as many as the run allows, <see cref="Threads"/>).</summary>
    public int ResolveThreads(int requested) => requested > 0 ? requested : Threads > 0 ? Threads : Math.Max(1, Environment.ProcessorCount);

    /// <summary>Where a policy reports a degenerate set-up or outcome; the simulator prints them and writes them into summary.json.</summary>
    public WarningList Warnings { get; init; } = new();
}
