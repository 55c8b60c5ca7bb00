namespace SimCache.Data.Arrow;

/// <summary>
/// Which of the three SimCache layouts a file holds. It is stored in the schema metadata
/// (<c>simcache.kind</c>) so that a trace handed where embeddings are expected is refused up front
/// instead of being misread column by column.
/// </summary>
public enum ArrowFileKind
{
    Interactions,
    Embeddings,
    Trace,
}
