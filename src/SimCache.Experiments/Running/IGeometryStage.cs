using SimCache.Data.Progress;
using SimCache.Experiments.Config;

namespace SimCache.Experiments.Running;

/// <summary>
/// The geometry stage as the experiment runner sees it (<c>simcache geometry</c>, issue 4): analyse the
/// trained embeddings into a folder holding geometry.json, gmm.json, PNG/SVG figures and index.html, which
/// the report links. Registered in <see cref="ExperimentServices"/> when it lands.
/// </summary>
public interface IGeometryStage
{
    void Analyze(string embeddingsFile, GeometrySpec spec, string outDir, string command, IWorkReporter reporter, Action<string> log);
}
