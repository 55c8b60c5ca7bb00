namespace SimCache.Experiments.Reporting;

/// <summary>
/// A vertical reference line at <paramref name="X"/> (a threshold, a cost, a scale): dashed, grey unless it is
/// the figure's main reference. Markers sharing a <paramref name="Label"/> get one legend entry; a null label
/// keeps the line out of the legend.
/// </summary>
public sealed record PlotMarker(double X, string? Label, bool Main = false);
