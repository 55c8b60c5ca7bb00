namespace SimCache.Experiments.Reporting;

/// <summary>
/// What a figure shows, before it is drawn: its text, its series, its reference lines and whether the x axis is
/// logarithmic. Kept with the written <see cref="Figure"/>, so tests assert on the data a figure was drawn from
/// instead of its pixels.
/// </summary>
public sealed record PlotSpec(string Title, string Caption, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series)
{
    public bool LogX { get; init; }
    public IReadOnlyList<ReferenceLine> References { get; init; } = [];
    /// <summary>Vertical reference lines (a distance scale, a threshold), drawn over the series.</summary>
    public IReadOnlyList<PlotMarker> Markers { get; init; } = [];
}
