namespace SimCache.Experiments.Reporting;

/// <summary>A labelled horizontal line across a figure: a value to compare the lines with (e.g. the best cost of a policy that has no threshold).</summary>
public sealed record ReferenceLine(string Label, double Y);
