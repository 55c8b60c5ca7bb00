namespace SimCache.Experiments.Reporting;

/// <summary>
/// One labelled line (or set of markers) of a figure, with what the figure tests read back: an optional band
/// (<see cref="Low"/>–<see cref="High"/> at each x, e.g. the range over seeds), a text beside each point
/// (<see cref="PointLabels"/>, e.g. the setting a frontier point is), and whether the series is not on the same
/// footing as the others (<see cref="OtherFooting"/>: drawn with open markers and a thin line, so it never reads as
/// one of them). <see cref="Colour"/> fixes its palette slot, so a policy keeps its colour across figures.
/// </summary>
public sealed record PlotSeries(string Label, double[] X, double[] Y, bool Line = true)
{
    public double[]? Low { get; init; }
    public double[]? High { get; init; }
    public string[]? PointLabels { get; init; }
    public bool OtherFooting { get; init; }
    public int? Colour { get; init; }
}
