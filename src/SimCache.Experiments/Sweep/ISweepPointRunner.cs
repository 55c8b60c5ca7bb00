namespace SimCache.Experiments.Sweep;

/// <summary>
/// The simulator as the sweep sees it: run one point (a cache and simulator options) with one seed on the
/// sweep's inputs and return its metrics. Kept behind an interface so that the sweep machinery (resumable
/// results store, <c>--jobs</c>, plots, report) does not depend on how replay works; the real implementation
/// wraps the discrete-event simulator and is registered in <see cref="Running.ExperimentServices"/>.
/// </summary>
public interface ISweepPointRunner
{
    /// <summary>Names the implementation in logs and in the report.</summary>
    string Name { get; }

    /// <summary>
    /// Refuses a point that cannot run: an unknown policy, an unknown or missing parameter, a bad value. Throw
    /// <see cref="Data.IO.UsageException"/> with a plain message (the caller prefixes the JSON path). Called for
    /// every point before any point runs, so a typo fails at once rather than after hours of sweeping.
    /// </summary>
    void Check(SweepPoint point);

    /// <summary>
    /// Refuses inputs no point can run on (a trace with non-finite or oversized vectors, a decoder of another
    /// dimension) with a <see cref="Data.IO.DataFormatException"/> naming the file and row. Called once the trace is
    /// known and before anything is written or any point runs.
    /// </summary>
    void CheckInputs(SweepInputs inputs) { }

    /// <summary>
    /// Refuses a point that cannot run on these inputs (a missing decoder or mixture, a capacity whose key store
    /// does not fit in memory): <see cref="Data.IO.UsageException"/>, as <see cref="Check"/>. Called for every point
    /// after <see cref="CheckInputs(SweepInputs)"/>, before anything is written.
    /// </summary>
    void CheckInputs(SweepInputs inputs, SweepPoint point) { }

    /// <summary>The inputs besides the trace that <paramref name="point"/> needs, so a run can check their stages are configured before any runs.</summary>
    SweepNeeds Needs(SweepPoint point) => SweepNeeds.None;

    /// <summary>
    /// Runs one point with one seed. Must be deterministic in (inputs, point, seed) — randomised policies and
    /// arrival processes seeded from <paramref name="seed"/> only — and safe to call concurrently for different
    /// points, since <c>--jobs N</c> runs N at once. Metric names follow <see cref="SweepMetrics"/>; values are
    /// finite or NaN (not defined, e.g. the mean distance of zero approximate hits).
    /// </summary>
    PointResult Run(SweepInputs inputs, SweepPoint point, long seed, CancellationToken cancel);
}
