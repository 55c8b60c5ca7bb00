namespace SimCache.Geometry.Report;

/// <summary>Equal-width histograms over [min, max] (the last bin closed), shared by geometry.json and the figures.</summary>
public static class Histogram
{
    public static (double[] Edges, long[] Counts) Of(ReadOnlySpan<double> values, int bins, double? lo = null, double? hi = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double min = lo ?? double.PositiveInfinity, max = hi ?? double.NegativeInfinity;
        if (lo is null || hi is null)
            foreach (var v in values)
            {
                if (lo is null) min = Math.Min(min, v);
                if (hi is null) max = Math.Max(max, v);
            }
        if (values.Length == 0) (min, max) = (0, 1);
        if (!(max > min)) max = min + 1;
        var edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) edges[b] = min + (max - min) * b / bins;
        var counts = new long[bins];
        foreach (var v in values)
        {
            if (v < min || v > max) continue;
            int b = (int)((v - min) / (max - min) * bins);
            counts[Math.Min(b, bins - 1)]++;
        }
        return (edges, counts);
    }
}
