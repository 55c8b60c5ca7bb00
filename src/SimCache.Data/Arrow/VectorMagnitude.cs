namespace SimCache.Data.Arrow;

/// <summary>
/// The largest vectors the caches can compare, as a rule other files can apply too. Distances are computed in
/// float from squared norms and dot products, so a finite vector can still break them: a component of 3e38
/// squares to infinity. Every vector reader and writer refuses a component beyond
/// <see cref="ComponentLimit"/>; real embeddings are many orders of magnitude smaller.
/// </summary>
public static class VectorMagnitude
{
    /// <summary>
    /// The largest component magnitude the vector readers accept in vectors of <paramref name="dimension"/>
    /// components (see <see cref="FiniteCheck.MagnitudeLimit"/>): the rule for any other file whose numbers
    /// become vectors the caches compare, such as a mixture's means, so such a file is refused where a trace
    /// would be.
    /// </summary>
    public static float ComponentLimit(int dimension) => FiniteCheck.MagnitudeLimit(dimension);
}
