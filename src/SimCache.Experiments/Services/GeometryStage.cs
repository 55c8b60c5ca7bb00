using SimCache.Data.Progress;
using SimCache.Experiments.Config;
using SimCache.Experiments.Running;
using SimCache.Numerics.Mixture;
using SimCache.Geometry.Report;

namespace SimCache.Experiments.Services;

/// <summary>
/// The experiment's geometry stage is <c>simcache geometry</c> itself (<see cref="GeometryReport"/>): the same
/// report folder, whose gmm.json the sweep hands to GMM-aware caches and whose figures the report links.
/// </summary>
public static class GeometryStage
{
    /// <summary>Points of the t-SNE map when the experiment asks for one (the command's default).</summary>
    public const int TsnePoints = 5_000;

    /// <summary>Analyses the embeddings into <paramref name="outDir"/>: geometry.json, gmm.json, the figures and index.html.</summary>
    public static void Analyze(string embeddingsFile, GeometrySpec spec, string outDir, string command, IWorkReporter reporter, Action<string> log)
    {
        var options = new GeometryOptions
        {
            Sample = spec.Sample ?? 0,
            Seed = spec.Seed,
            GmmMax = spec.GmmMax,
            GmmCovariance = CovarianceTypes.Parse(spec.GmmCov) ?? throw new Data.IO.UsageException($"geometry.gmm_cov: must be diag, full, tied or spherical, got '{spec.GmmCov}'"),
            GmmSpace = MixtureSpaces.Parse(spec.GmmSpace) ?? throw new Data.IO.UsageException($"geometry.gmm_space: must be pca or embedding, got '{spec.GmmSpace}'"),
            GmmVariance = spec.GmmVariance,
            GmmInit = spec.GmmInit,
            Knn = spec.Knn,
            Tsne = spec.Tsne ? TsnePoints : 0,
            Umap = spec.Umap,
            UmapNeighbors = spec.UmapNeighbors,
        };
        var result = GeometryReport.Run(embeddingsFile, outDir, options, command, reporter);
        log(GeometryReport.Describe(result.Embeddings));
        log("GMM " + result.Embeddings.GmmReason);
        foreach (var warning in GeometryJson.Warnings(result.Sets)) log("warning: " + warning);
    }
}
