using System.Globalization;

namespace SimCache.Data.Arrow;

/// <summary>
/// The largest vectors the caches can compare. Distances are computed in float from squared norms and dot
/// products, so a finite vector can still break them: a component of 3e38 squares to infinity. A vector is
/// usable when its squared norm (summed in double) is at most <see cref="MaxSquaredNorm"/> = float.MaxValue / 4,
/// so that the squared distance between any two usable vectors, at most (|x| + |y|)² ≤ 4·max(|x|², |y|²), stays
/// finite in float. Real embeddings are many orders of magnitude smaller; a vector beyond this is a bad input.
/// </summary>
public static class VectorMagnitude
{
    public const double MaxSquaredNorm = float.MaxValue / 4.0;

    /// <summary>
    /// The largest component magnitude the vector readers accept in vectors of <paramref name="dimension"/>
    /// components (see <see cref="FiniteCheck.MagnitudeLimit"/>): the rule for any other file whose numbers
    /// become vectors the caches compare, such as a mixture's means, so such a file is refused where a trace
    /// would be.
    /// </summary>
    public static float ComponentLimit(int dimension) => FiniteCheck.MagnitudeLimit(dimension);

    /// <summary>The first of the row-major <paramref name="vectors"/> (<paramref name="dimension"/> floats each) whose squared norm exceeds <see cref="MaxSquaredNorm"/>, or −1.</summary>
    public static int IndexOfOversized(ReadOnlySpan<float> vectors, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        int rows = vectors.Length / dimension;
        for (int r = 0; r < rows; r++)
        {
            var v = vectors.Slice(r * dimension, dimension);
            double n2 = 0;
            foreach (float x in v) n2 += (double)x * x;
            if (!(n2 <= MaxSquaredNorm)) return r;
        }
        return -1;
    }

    /// <summary>Why <paramref name="vector"/> is refused, naming its largest component, for a message that already names the file and row.</summary>
    public static string Describe(ReadOnlySpan<float> vector)
    {
        int at = 0;
        for (int i = 1; i < vector.Length; i++)
            if (Math.Abs(vector[i]) > Math.Abs(vector[at])) at = i;
        double n2 = 0;
        foreach (float x in vector) n2 += (double)x * x;
        return string.Create(CultureInfo.InvariantCulture,
            $"the vector is too large to compare (component {at} is {vector[at]:R}; squared norm {n2:G3} > {MaxSquaredNorm:G3}, distances would overflow float)");
    }
}
