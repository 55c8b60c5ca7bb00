namespace SimCache.Geometry.Umap;

/// <summary>
/// The low-dimensional similarity 1 / (1 + a·d^(2b)) of UMAP, fitted by least squares to the target curve that is 1
/// up to <c>min_dist</c> and exp(−(d − min_dist)/spread) beyond, on 300 points evenly spaced in [0, 3·spread]
/// (umap-learn's find_ab_params, which calls scipy's curve_fit from a = b = 1). Solved here by Levenberg–Marquardt
/// with the analytic Jacobian; for min_dist 0.1 and spread 1 it gives a ≈ 1.577, b ≈ 0.895 as the reference does.
/// </summary>
public static class UmapCurve
{
    public const int Samples = 300;

    public static (double A, double B) Fit(double spread, double minDist)
    {
        if (!(spread > 0)) throw new ArgumentOutOfRangeException(nameof(spread), spread, "spread must be positive");
        if (!(minDist >= 0 && minDist <= spread)) throw new ArgumentOutOfRangeException(nameof(minDist), minDist, "min_dist must be in [0, spread]");
        var xs = new double[Samples];
        var ys = new double[Samples];
        for (int t = 0; t < Samples; t++)
        {
            xs[t] = 3 * spread * t / (Samples - 1);
            ys[t] = xs[t] < minDist ? 1.0 : Math.Exp(-(xs[t] - minDist) / spread);
        }
        double a = 1, b = 1, lambda = 1e-3;
        double cost = Cost(xs, ys, a, b);
        for (int iter = 0; iter < 500; iter++)
        {
            // Normal equations JᵀJ δ = −Jᵀr, damped on the diagonal (Marquardt's scaling).
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int t = 0; t < Samples; t++)
            {
                double x = xs[t];
                if (x <= 0)
                    continue; // f = 1 and both derivatives vanish at x = 0; its residual is the same for every (a, b).
                double u = Math.Pow(x, 2 * b), den = 1 + a * u, f = 1 / den, r = f - ys[t];
                double da = -u / (den * den), db = -a * u * 2 * Math.Log(x) / (den * den);
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            bool improved = false;
            while (lambda < 1e12)
            {
                double maa = jaa * (1 + lambda), mbb = jbb * (1 + lambda), det = maa * mbb - jab * jab;
                double stepA = -(mbb * ga - jab * gb) / det, stepB = -(maa * gb - jab * ga) / det;
                double na = a + stepA, nb = b + stepB, nc = Cost(xs, ys, na, nb);
                if (nc < cost)
                {
                    bool small = Math.Abs(stepA) <= 1e-12 * (1 + Math.Abs(a)) && Math.Abs(stepB) <= 1e-12 * (1 + Math.Abs(b));
                    a = na;
                    b = nb;
                    double previous = cost;
                    cost = nc;
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = !small && previous - nc > 1e-16 * previous;
                    break;
                }
                lambda *= 10;
            }
            if (!improved) break;
        }
        return (a, b);
    }

    private static double Cost(double[] xs, double[] ys, double a, double b)
    {
        double s = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            double f = xs[t] <= 0 ? 1 : 1 / (1 + a * Math.Pow(xs[t], 2 * b));
            s += (f - ys[t]) * (f - ys[t]);
        }
        return s;
    }
}
