namespace SimCache.Geometry.Dimension;

/// <summary>Ordinary least-squares lines, the regression step of the radius law and TwoNN.</summary>
public static class LeastSquares
{
    /// <summary>y ≈ slope·x + intercept, with the coefficient of determination.</summary>
    public static (double Slope, double Intercept, double RSquared) Line(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length < 2) throw new ArgumentException("need at least two (x, y) pairs");
        double mx = 0, my = 0;
        for (int i = 0; i < x.Length; i++) { mx += x[i]; my += y[i]; }
        mx /= x.Length;
        my /= x.Length;
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        double slope = sxy / sxx;
        return (slope, my - slope * mx, syy > 0 ? sxy * sxy / (sxx * syy) : 1.0);
    }

    /// <summary>y ≈ slope·x through the origin.</summary>
    public static double ThroughOrigin(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++) { sxy += x[i] * y[i]; sxx += x[i] * x[i]; }
        return sxy / sxx;
    }
}
