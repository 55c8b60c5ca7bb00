namespace SimCache.Data.Arrow;

/// <summary>
/// Which of the SimCache layouts a file holds. It is stored in the schema metadata
/// (<c>simcache.kind</c>) so that a trace handed where embeddings are expected is refused up front
/// instead of being misread column by column. <see cref="Decoder"/> is the trained model's output layer
/// (one weight row and bias per item), exported so later stages can rank items for any latent point
/// without the training stack.
/// </summary>
public enum ArrowFileKind
{
    Interactions,
    Embeddings,
    Trace,
    Decoder,
}
