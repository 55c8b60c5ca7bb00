using ScottPlot;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// Draws one figure with ScottPlot into a PNG (for the page) and an SVG (to zoom and to put in a paper), in one
/// house style: a sans-serif font large enough to read at page width, axis labels that name their units, a
/// legend outside the data area so it never hides a point, and a log axis for quantities spanning decades.
/// </summary>
public static class PlotRenderer
{
    public const int Width = 960;
    public const int Height = 560;
    private const string FontName = "DejaVu Sans";

    /// <summary>Writes <paramref name="basePath"/>.png and .svg, with <paramref name="markers"/> as vertical reference lines; returns the figure.</summary>
    public static Figure Save(string basePath, string title, string caption, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, bool logX = false,
        IReadOnlyList<PlotMarker>? markers = null)
    {
        if (series.Count == 0) throw new ArgumentException("a figure needs at least one series");
        var plot = new Plot();
        if (Fonts.GetTypeface(FontName, false, false) is not null) plot.Font.Set(FontName);
        var palette = series.Count <= 10 ? (IPalette)new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var xs = logX ? s.X.Select(Math.Log10).ToArray() : s.X;
            var color = palette.GetColor(i);
            if (s.Line)
            {
                var line = plot.Add.Scatter(xs, s.Y, color);
                line.LineWidth = 2;
                line.MarkerSize = 7;
                line.LegendText = s.Label;
            }
            else
            {
                var points = plot.Add.ScatterPoints(xs, s.Y, color);
                points.MarkerSize = 8;
                points.LegendText = s.Label;
            }
        }
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in markers ?? [])
        {
            var line = plot.Add.VerticalLine(logX ? Math.Log10(m.X) : m.X, m.Main ? 2.5f : 1.5f, m.Main ? Colors.Black : Colors.Gray, LinePattern.Dashed);
            if (m.Label is not null && labelled.Add(m.Label)) line.LegendText = m.Label;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Title.Label.FontSize = 20;
        plot.Axes.Bottom.Label.FontSize = 17;
        plot.Axes.Left.Label.FontSize = 17;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 14;
        if (logX)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => Math.Pow(10, v).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture),
            };
        }
        plot.ShowLegend(Edge.Right);
        var dir = Path.GetDirectoryName(Path.GetFullPath(basePath))!;
        Directory.CreateDirectory(dir);
        var png = basePath + ".png";
        var svg = basePath + ".svg";
        // Rendered to memory and written atomically: a figure is never seen half-written.
        Data.IO.AtomicFile.Write(png, s => s.Write(plot.GetImageBytes(Width, Height, ImageFormat.Png)));
        Data.IO.AtomicFile.WriteAllText(svg, plot.GetSvgXml(Width, Height));
        return new Figure(title, caption, png, svg);
    }
}
