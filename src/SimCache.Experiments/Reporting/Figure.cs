namespace SimCache.Experiments.Reporting;

/// <summary>A written figure: its title, a sentence on how to read it, and its PNG and SVG files.</summary>
public sealed record Figure(string Title, string Caption, string Png, string Svg);
