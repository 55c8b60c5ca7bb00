using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Running;

/// <summary>
/// What the experiment runner and <c>simcache sweep</c> replay sweep points with. The trace and geometry
/// stages are always <c>simcache trace</c> and <c>simcache geometry</c> themselves; the point runner is the one
/// seam, so that tests of the sweep machinery (resuming, <c>--jobs</c>, the report) can run a closed-form
/// stand-in in milliseconds while <see cref="Available"/> replays with the real simulator.
/// </summary>
public sealed record ExperimentServices(ISweepPointRunner Simulator)
{
    /// <summary>The replay simulator.</summary>
    public static ExperimentServices Available { get; } = new(new Services.SimulatorPointRunner());
}
