namespace SimCache.Numerics.Mixture;

/// <summary>The spelling of <see cref="MixtureSpace"/> in files and on the command line.</summary>
public static class MixtureSpaces
{
    public static IReadOnlyList<string> Names { get; } = ["pca", "embedding"];

    public static string Name(MixtureSpace space) => space switch
    {
        MixtureSpace.Pca => "pca",
        MixtureSpace.Embedding => "embedding",
        _ => throw new ArgumentOutOfRangeException(nameof(space)),
    };

    /// <summary>Parses "pca" or "embedding"; null when unknown.</summary>
    public static MixtureSpace? Parse(string? name) => name switch
    {
        "pca" => MixtureSpace.Pca,
        "embedding" => MixtureSpace.Embedding,
        _ => null,
    };
}
