using System.Globalization;
using ScottPlot;

namespace SimCache.Experiments.Reporting;

/// <summary>
/// Draws one figure with ScottPlot into a PNG (for the page) and an SVG (to zoom and to put in a paper), in one
/// house style: a sans-serif font large enough to read at page width, axis labels that name their units, a
/// legend outside the data area (right, or below when <c>legendBelow</c>) so it never hides a point, bands drawn
/// translucent under their line, and a log axis for quantities spanning decades (labelled in the quantity's own
/// units, not its logarithm).
/// </summary>
public static class PlotRenderer
{
    public const int Width = 960;
    public const int Height = 560;
    private const string FontName = "DejaVu Sans";

    /// <summary>Writes <paramref name="basePath"/>.png and .svg, with <paramref name="markers"/> as vertical reference lines; returns the figure.</summary>
    public static Figure Save(string basePath, string title, string caption, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, bool logX = false,
        IReadOnlyList<PlotMarker>? markers = null) =>
        Save(basePath, new PlotSpec(title, caption, xLabel, yLabel, series) { LogX = logX, Markers = markers ?? [] });

    /// <summary>Writes <paramref name="basePath"/>.png and .svg from <paramref name="spec"/>; returns the figure, which keeps the spec.</summary>
    public static Figure Save(string basePath, PlotSpec spec, bool legendBelow = false)
    {
        var series = spec.Series;
        if (series.Count == 0) throw new ArgumentException("a figure needs at least one series");
        bool logX = spec.LogX;
        double[] X(double[] xs) => logX ? xs.Select(Math.Log10).ToArray() : xs;
        var plot = new Plot();
        if (Fonts.GetTypeface(FontName, false, false) is not null) plot.Font.Set(FontName);
        int slots = Math.Max(series.Count, series.Max(s => s.Colour ?? 0) + 1);
        var palette = slots <= 10 ? (IPalette)new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();
        // Bands first, so every line and marker is drawn over them.
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.Low is null || s.High is null || s.X.Length < 2) continue;
            var fill = plot.Add.FillY(X(s.X), s.Low, s.High);
            fill.FillStyle.Color = palette.GetColor(s.Colour ?? i).WithAlpha(0.18);
            fill.LineStyle.Width = 0;
        }
        double left = series.SelectMany(s => X(s.X)).DefaultIfEmpty(0).Min();
        foreach (var r in spec.References)
        {
            var line = plot.Add.HorizontalLine(r.Y, 1.5f, Colors.DimGray);
            line.LegendText = r.Label;
            line.LinePattern = LinePattern.Dashed;
            // Named on the line itself too: every reference line is the same grey, so the legend alone cannot tell them apart.
            var name = plot.Add.Text(r.Label, left, r.Y);
            name.LabelFontSize = LabelFont;
            name.LabelFontColor = Colors.DimGray.Darken(0.3);
            name.LabelAlignment = Alignment.LowerLeft;
            name.LabelOffsetY = -2;
        }
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var xs = X(s.X);
            var color = palette.GetColor(s.Colour ?? i);
            if (s.Low is not null && s.High is not null && s.X.Length == 1)
            {
                var bar = plot.Add.ErrorBar(xs, s.Y, s.Y.Zip(s.Low, (y, l) => y - l).ToArray());
                bar.YErrorPositive = s.High.Zip(s.Y, (h, y) => h - y).ToArray();
                bar.Color = color;
            }
            var scatter = plot.Add.Scatter(xs, s.Y, color);
            scatter.LineWidth = s.Line ? (s.OtherFooting ? 1.5f : 2) : 0;
            scatter.MarkerSize = s.OtherFooting ? 10 : s.Line ? 7 : 8;
            if (s.OtherFooting)
            {
                scatter.MarkerShape = MarkerShape.OpenSquare;
                scatter.LinePattern = LinePattern.Dashed;
            }
            scatter.LegendText = s.Label;
        }
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in spec.Markers)
        {
            var line = plot.Add.VerticalLine(logX ? Math.Log10(m.X) : m.X, m.Main ? 2.5f : 1.5f, m.Main ? Colors.Black : Colors.Gray, LinePattern.Dashed);
            if (m.Label is not null && labelled.Add(m.Label)) line.LegendText = m.Label;
        }
        plot.Title(spec.Title);
        plot.XLabel(spec.XLabel);
        plot.YLabel(spec.YLabel);
        plot.Axes.Title.Label.FontSize = 20;
        plot.Axes.Bottom.Label.FontSize = 17;
        plot.Axes.Left.Label.FontSize = 17;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 14;
        if (logX)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(LogTicks(series.SelectMany(s => s.X)));
        }
        else
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Format };
        }
        if (legendBelow)
        {
            plot.Legend.Orientation = Orientation.Horizontal;
            plot.ShowLegend(Edge.Bottom);
        }
        else plot.ShowLegend(Edge.Right);
        if (series.Any(s => s.PointLabels is not null)) PlaceLabels(plot, series, palette, X);
        var dir = Path.GetDirectoryName(Path.GetFullPath(basePath))!;
        Directory.CreateDirectory(dir);
        var png = basePath + ".png";
        var svg = basePath + ".svg";
        // Rendered to memory and written atomically: a figure is never seen half-written.
        Data.IO.AtomicFile.Write(png, s => s.Write(plot.GetImageBytes(Width, Height, ImageFormat.Png)));
        Data.IO.AtomicFile.WriteAllText(svg, plot.GetSvgXml(Width, Height));
        return new Figure(spec.Title, spec.Caption, png, svg) { Plot = spec };
    }

    private const float LabelFont = 12;

    /// <summary>
    /// Writes each point's label beside it where it fits: the figure is laid out once to learn where the data
    /// area is, then each label tries the four corners around its point (upper right first) and is left out when
    /// every corner would overlap a label already placed or leave the data area; the axis limits are then frozen so
    /// the labels stay where they were measured. A reader who needs every label has the SVG and the page's table.
    /// </summary>
    private static void PlaceLabels(Plot plot, IReadOnlyList<PlotSeries> series, IPalette palette, Func<double[], double[]> transform)
    {
        using (plot.GetImage(Width, Height)) { } // lays the figure out: data area and axis limits
        var area = plot.RenderManager.LastRender.DataRect;
        var limits = plot.Axes.GetLimits();
        var placed = new List<(float L, float T, float R, float B)>();
        float charWidth = LabelFont * 0.62f, height = LabelFont * 1.25f, gap = 5;
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.PointLabels is null) continue;
            var xs = transform(s.X);
            for (int p = 0; p < s.PointLabels.Length && p < xs.Length; p++)
            {
                float px = (float)(area.Left + (xs[p] - limits.Left) / (limits.Right - limits.Left) * area.Width);
                float py = (float)(area.Bottom - (s.Y[p] - limits.Bottom) / (limits.Top - limits.Bottom) * area.Height);
                float w = s.PointLabels[p].Length * charWidth;
                foreach (var (dx, dy, alignment) in new[] { (1, -1, Alignment.LowerLeft), (-1, -1, Alignment.LowerRight), (1, 1, Alignment.UpperLeft), (-1, 1, Alignment.UpperRight) })
                {
                    float left = dx > 0 ? px + gap : px - gap - w, top = dy < 0 ? py - gap - height : py + gap;
                    var box = (L: left, T: top, R: left + w, B: top + height);
                    if (box.L < area.Left || box.R > area.Right || box.T < area.Top || box.B > area.Bottom) continue;
                    if (placed.Any(o => box.L < o.R && o.L < box.R && box.T < o.B && o.T < box.B)) continue;
                    placed.Add(box);
                    var text = plot.Add.Text(s.PointLabels[p], xs[p], s.Y[p]);
                    text.LabelFontSize = LabelFont;
                    text.LabelFontColor = palette.GetColor(s.Colour ?? i).Darken(0.35);
                    text.LabelOffsetX = dx * gap;
                    text.LabelOffsetY = dy * gap;
                    text.LabelAlignment = alignment;
                    break;
                }
            }
        }
        plot.Axes.SetLimits(limits);
    }

    /// <summary>
    /// Ticks of a log axis (positions in log₁₀) labelled in the quantity's units: the data's own values when
    /// there are few (a sweep's capacities), else 1, 2, 5 × each decade within the range.
    /// </summary>
    public static Tick[] LogTicks(IEnumerable<double> values)
    {
        var v = values.Where(x => x > 0 && double.IsFinite(x)).Distinct().Order().ToArray();
        if (v.Length == 0) return [];
        IEnumerable<double> chosen = v;
        if (v.Length > 8)
        {
            var steps = new List<double>();
            for (int e = (int)Math.Floor(Math.Log10(v[0])); e <= (int)Math.Ceiling(Math.Log10(v[^1])); e++)
                foreach (var m in new[] { 1.0, 2, 5 })
                    if (m * Math.Pow(10, e) is var t && t >= v[0] && t <= v[^1]) steps.Add(t);
            chosen = steps;
        }
        return chosen.Select(t => Tick.Major(Math.Log10(t), Format(t))).ToArray();
    }

    /// <summary>A tick label: thousands separated, at most three decimals, never scientific notation below 10⁹.</summary>
    public static string Format(double v) =>
        Math.Abs(v) >= 1e9 ? v.ToString("0.##e0", CultureInfo.InvariantCulture) : v.ToString("#,0.###", CultureInfo.InvariantCulture);
}
