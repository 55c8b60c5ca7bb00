using SimCache.Geometry.Dimension;
using SimCache.Geometry.Hubness;
using SimCache.Numerics.Mixture;
using SimCache.Geometry.Neighbors;
using SimCache.Numerics.Pca;
using SimCache.Geometry.Tsne;
using SimCache.Geometry.Umap;

namespace SimCache.Geometry.Report;

/// <summary>Everything the report computed for one point set (the embeddings or a synthetic cloud), for the JSON, the figures and the page.</summary>
public sealed class DatasetGeometry
{
    public required string Name { get; init; }
    public required string Label { get; init; }
    public required int Count { get; init; }
    public required int Dimension { get; init; }
    public required double[] Norms { get; init; }
    public required KnnGraph Knn { get; init; }
    public required RadiusLawEstimate RadiusLaw { get; init; }
    public required LevinaBickelEstimate LevinaBickel { get; init; }
    public required TwoNnEstimate TwoNn { get; init; }
    public required HubnessEstimate Hubness { get; init; }

    /// <summary>Row index of each random ball centre and the distances from it to every point.</summary>
    public required (int Centre, double[] Distances)[] BallCentres { get; init; }

    /// <summary>Sorted angles (radians) between points and canonical axes, and between random pairs of points.</summary>
    public required double[] AxisAngles { get; init; }
    public required double[] PairAngles { get; init; }
    public required double AxisKs { get; init; }
    public required double PairKs { get; init; }
    public required int ZeroVectors { get; init; }

    /// <summary>(axis i, axis j, x values, y values) of each random coordinate projection.</summary>
    public required (int I, int J, double[] X, double[] Y)[] Projections { get; init; }

    public required PcaSpectrum Pca { get; init; }

    /// <summary>One entry per K = 1..max; null where the fit failed (see <see cref="GmmFailures"/>).</summary>
    public required GaussianMixtureFit?[] Gmm { get; init; }
    public required string?[] GmmFailures { get; init; }
    public GaussianMixtureFit? BestGmm { get; init; }

    /// <summary>The space the mixtures were fitted in, and the map to it (null: the embedding space itself).</summary>
    public required MixtureSpace GmmSpace { get; init; }
    public MixtureProjection? GmmProjection { get; init; }

    /// <summary>Dimension of the fitted points (m with a projection, else d).</summary>
    public required int GmmDimension { get; init; }

    /// <summary>Why the mixture was fitted where it was, in a sentence for the report.</summary>
    public required string GmmReason { get; init; }

    /// <summary>What a reader must know before trusting the chosen K (edge of the range, starved components).</summary>
    public required IReadOnlyList<string> GmmWarnings { get; init; }

    /// <summary>Points assigned to each component of <see cref="BestGmm"/>.</summary>
    public required int[] GmmPointsPerComponent { get; init; }

    /// <summary>ICL (BIC + twice the assignment entropy) per K, NaN where the fit failed; shown beside BIC, not used to choose.</summary>
    public required double[] GmmIcl { get; init; }

    /// <summary>Whether the t-SNE map is coloured by this set's own BIC-best mixture; reference clouds are drawn plainly.</summary>
    public required bool ColourByMixture { get; init; }
    public GaussianMixtureFit? BestGmmByAic { get; init; }
    public int[]? Labels { get; init; }

    public TsneResult? Tsne { get; init; }
    public int[]? TsneRows { get; init; }
    public double Trustworthiness { get; init; } = double.NaN;
    public double KnnPreservation { get; init; } = double.NaN;

    /// <summary>The UMAP map of the same rows as the t-SNE map (<see cref="TsneRows"/>), with its T(10) and 10-NN preservation.</summary>
    public UmapResult? Umap { get; init; }
    public double UmapTrustworthiness { get; init; } = double.NaN;
    public double UmapKnnPreservation { get; init; } = double.NaN;
}
