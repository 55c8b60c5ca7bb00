namespace SimCache.Experiments.Reporting;

/// <summary>
/// A written figure: its title, a sentence on how to read it, its PNG and SVG files, the data it was drawn from
/// (<see cref="Plot"/>, null for a figure drawn elsewhere) and the part of the page it belongs in
/// (<see cref="FigureSections"/>).
/// </summary>
public sealed record Figure(string Title, string Caption, string Png, string Svg)
{
    public PlotSpec? Plot { get; init; }
    public string Section { get; init; } = FigureSections.Detail;
}
