namespace SimCache.Experiments.Reporting;

/// <summary>One labelled line (or set of markers) of a figure.</summary>
public sealed record PlotSeries(string Label, double[] X, double[] Y, bool Line = true);
