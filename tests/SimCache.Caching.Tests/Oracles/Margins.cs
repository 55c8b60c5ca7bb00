namespace SimCache.Caching.Tests.Oracles;

/// <summary>Tracks how close an oracle's decisions were to a boundary (see <see cref="Counts"/>).</summary>
public sealed class Margins
{
    public double Threshold { get; private set; } = double.PositiveInfinity;

    public double NearestGap { get; private set; } = double.PositiveInfinity;

    public void Compare(double d, double theta) => Threshold = Math.Min(Threshold, Math.Abs(d - theta));

    public void Gap(double nearest, double second) => NearestGap = Math.Min(NearestGap, second - nearest);

    public void Merge(Margins other)
    {
        Threshold = Math.Min(Threshold, other.Threshold);
        NearestGap = Math.Min(NearestGap, other.NearestGap);
    }
}
