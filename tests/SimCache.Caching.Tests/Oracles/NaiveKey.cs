namespace SimCache.Caching.Tests.Oracles;

/// <summary>A cached key of an oracle: vector in double, user, insertion sequence.</summary>
public sealed class NaiveKey(double[] vector, int user, long seq)
{
    public double[] Vector { get; set; } = vector;

    public int User { get; set; } = user;

    public long Seq { get; set; } = seq;

    public static double Distance(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s);
    }

    /// <summary>
    /// Index of the nearest key in <paramref name="keys"/> (ties to the lowest sequence), its distance and the
    /// second-nearest distance, by a linear scan; (−1, +∞, +∞) when empty.
    /// </summary>
    public static (int Index, double Distance, double Second) Nearest(List<NaiveKey> keys, double[] x)
    {
        int best = -1;
        double bd = double.PositiveInfinity, second = double.PositiveInfinity;
        for (int i = 0; i < keys.Count; i++)
        {
            double d = Distance(keys[i].Vector, x);
            if (best < 0 || d < bd || (d == bd && keys[i].Seq < keys[best].Seq))
            {
                if (best >= 0) second = Math.Min(second, bd);
                best = i;
                bd = d;
            }
            else second = Math.Min(second, d);
        }
        return (best, bd, second);
    }
}
