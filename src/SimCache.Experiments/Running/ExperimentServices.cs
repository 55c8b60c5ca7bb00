using SimCache.Experiments.Sweep;

namespace SimCache.Experiments.Running;

/// <summary>
/// The stages that live in other projects, plugged into the experiment runner: the trace builder, the
/// geometry analysis and the simulator. A stage that is not available is skipped with a plain message
/// (never replaced by invented output); <see cref="Available"/> is what this build has, and the one place
/// to register a stage when it lands.
/// </summary>
public sealed record ExperimentServices(ITraceStage? Trace, IGeometryStage? Geometry, ISweepPointRunner? Simulator)
{
    /// <summary>The stages of this build: the trace builder, the geometry report and the replay simulator.</summary>
    public static ExperimentServices Available { get; } = new(new Services.TraceStage(), new Services.GeometryStage(), new Services.SimulatorPointRunner());

    /// <summary>No plugged-in stage: data, training and the report only (what a test of the runner's skipping needs).</summary>
    public static ExperimentServices None { get; } = new(null, null, null);

    public const string TraceMissing = "the trace builder is not available in this build (issue 3: simcache trace)";
    public const string GeometryMissing = "the geometry analysis is not available in this build (issue 4: simcache geometry)";
    public const string SimulatorMissing = "the simulator is not available in this build (issue 6: simcache simulate), so no sweep results are written";
}
