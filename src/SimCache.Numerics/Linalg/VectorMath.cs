namespace SimCache.Numerics.Linalg;

/// <summary>Small float64 vector helpers shared by the analyses (one definition of a squared distance).</summary>
public static class VectorMath
{
    /// <summary>‖a − b‖² in float64.</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("lengths differ");
        double s = 0;
        for (int l = 0; l < a.Length; l++)
        {
            double t = a[l] - b[l];
            s += t * t;
        }
        return s;
    }
}
