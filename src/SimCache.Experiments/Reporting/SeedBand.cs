namespace SimCache.Experiments.Reporting;

/// <summary>
/// One metric of one point over its seeds: the mean (the line), the lowest and highest seed (the band drawn
/// around it) and the sample standard deviation (n − 1; 0 for one seed). Seeds where the metric is undefined
/// (NaN) are left out and not counted; with none left every field is NaN and <see cref="Seeds"/> is 0.
/// </summary>
public sealed record SeedBand(double Mean, double Min, double Max, double Sd, int Seeds)
{
    public static readonly SeedBand Undefined = new(double.NaN, double.NaN, double.NaN, double.NaN, 0);

    public static SeedBand Of(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).ToArray();
        if (v.Length == 0) return Undefined;
        double mean = v.Average();
        double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return new SeedBand(mean, v.Min(), v.Max(), sd, v.Length);
    }
}
