using SimCache.Numerics.Mixture;

namespace SimCache.Geometry.Mixture;

/// <summary>
/// The outcome of <see cref="MixtureSearch.Run"/>: one fit per K (null where it failed, with the reason), the BIC-best
/// and AIC-best fits, the map into the space they were fitted in (null: the embedding space), each point's component
/// under the BIC-best fit, a sentence saying where and why the mixture was fitted, the warnings a reader needs, and
/// each K's ICL (BIC + 2·assignment entropy; NaN where the fit failed), which charges for overlapping components and
/// so tells Gaussian components that approximate one non-Gaussian cluster from separate clusters.
/// </summary>
public sealed record MixtureSearchResult(
    GaussianMixtureFit?[] Fits,
    string?[] Failures,
    GaussianMixtureFit? Best,
    GaussianMixtureFit? BestByAic,
    MixtureSpace Space,
    MixtureProjection? Projection,
    int Dimension,
    int[]? Labels,
    int[] PointsPerComponent,
    long ParametersPerComponent,
    string Reason,
    IReadOnlyList<string> Warnings,
    double[] Icl);
