using MathNet.Numerics;

namespace SimCache.Geometry.Angles;

/// <summary>
/// The density of the angle between a uniformly random direction and a fixed one (or between two random directions)
/// in p dimensions, h(θ) = Γ(p/2) / (√π Γ((p−1)/2)) · sin(θ)^(p−2) on [0, π] (Cai, Fan, Jiang, JMLR 2013): the
/// reference the embeddings' angles are compared with. Evaluated in log space (GammaLn) because the constants
/// overflow for p in the hundreds; the CDF is exact through the regularised incomplete beta function, since
/// cos²Θ ~ Beta(½, (p−1)/2).
/// </summary>
public static class AngleDensity
{
    public static double LogDensity(double theta, int p)
    {
        Check(p);
        if (theta < 0 || theta > Math.PI) return double.NegativeInfinity;
        double s = Math.Sin(theta);
        double logConst = SpecialFunctions.GammaLn(p / 2.0) - 0.5 * Math.Log(Math.PI) - SpecialFunctions.GammaLn((p - 1) / 2.0);
        if (p == 2) return logConst;
        return s <= 0 ? double.NegativeInfinity : logConst + (p - 2) * Math.Log(s);
    }

    public static double Density(double theta, int p) => Math.Exp(LogDensity(theta, p));

    /// <summary>P(Θ ≤ θ) = ½(1 ∓ I_{cos²θ}(½, (p−1)/2)) below / above π/2.</summary>
    public static double Cdf(double theta, int p)
    {
        Check(p);
        if (theta <= 0) return 0;
        if (theta >= Math.PI) return 1;
        double c = Math.Cos(theta);
        double tail = SpecialFunctions.BetaRegularized(0.5, (p - 1) / 2.0, c * c);
        return theta <= Math.PI / 2 ? 0.5 * (1 - tail) : 0.5 * (1 + tail);
    }

    /// <summary>Standard deviation of Θ (mean π/2 by symmetry), by Simpson's rule on h; ≈ 1/√(p−1) for large p.</summary>
    public static double StandardDeviation(int p, int intervals = 20000)
    {
        Check(p);
        double h = Math.PI / intervals, s = 0;
        for (int i = 0; i <= intervals; i++)
        {
            double t = i * h;
            double w = i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2;
            s += w * (t - Math.PI / 2) * (t - Math.PI / 2) * Density(t, p);
        }
        return Math.Sqrt(s * h / 3);
    }

    /// <summary>Kolmogorov–Smirnov distance sup |F_n − H| between sorted angles and h's CDF.</summary>
    public static double KsDistance(ReadOnlySpan<double> sortedAngles, int p)
    {
        int n = sortedAngles.Length;
        if (n == 0) return double.NaN;
        double ks = 0;
        for (int i = 0; i < n; i++)
        {
            double f = Cdf(sortedAngles[i], p);
            ks = Math.Max(ks, Math.Max(Math.Abs((i + 1.0) / n - f), Math.Abs(f - (double)i / n)));
        }
        return ks;
    }

    private static void Check(int p)
    {
        if (p < 2) throw new ArgumentOutOfRangeException(nameof(p), p, "angles need at least 2 dimensions");
    }
}
