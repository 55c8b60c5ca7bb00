using SimCache.Data.Progress;
using SimCache.Experiments.Config;

namespace SimCache.Experiments.Running;

/// <summary>
/// The trace stage as the experiment runner sees it (<c>simcache trace</c>, issue 3): re-embed the data set's
/// users over time with the trained model. Behind an interface so that the runner, its stage cache and the
/// report do not wait for the trace builder; the lead registers the real one in <see cref="ExperimentServices"/>.
/// </summary>
public interface ITraceStage
{
    /// <summary>Writes the trace of <paramref name="datasetDir"/>'s users, embedded by the model in <paramref name="runDir"/>, to <paramref name="traceFile"/>.</summary>
    void Build(string datasetDir, string runDir, TraceSpec spec, string traceFile, string command, IWorkReporter reporter, Action<string> log);
}
