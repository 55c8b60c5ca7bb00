namespace SimCache.Geometry.Umap;

/// <summary>
/// A 2-D UMAP map (row-major n × 2) with what shaped it: the fitted curve parameters a and b, the epochs run, the
/// edges of the fuzzy graph that were sampled, and how the layout was initialised.
/// </summary>
public sealed record UmapResult(double[] Embedding, int Points, int Neighbors, double A, double B, int Epochs, int Edges, string Initialisation);
