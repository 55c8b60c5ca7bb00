namespace SimCache.Geometry.Tsne;

/// <summary>A 2-D t-SNE map (row-major n × 2) with the Kullback–Leibler divergence of its last check and the iterations run.</summary>
public sealed record TsneResult(double[] Embedding, int Points, double KlDivergence, int Iterations, double LearningRate);
