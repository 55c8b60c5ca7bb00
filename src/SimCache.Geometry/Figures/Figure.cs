using ScottPlot;
using SkiaSharp;

namespace SimCache.Geometry.Figures;

/// <summary>
/// One figure of the report: a grid of ScottPlot panels (typically the embeddings beside the two reference clouds)
/// rendered onto one canvas, saved as PNG for the page and as SVG for print. Both go through the same SkiaSharp
/// canvas so they show the same thing.
/// </summary>
public sealed class Figure
{
    private const int PanelWidth = 460;
    private const int PanelHeight = 360;

    static Figure()
    {
        // Skia finds no font by ScottPlot's default name on a bare Linux box; DejaVu ships with fonts-dejavu-core.
        Fonts.Default = "DejaVu Sans";
    }

    public Figure(string name, string title, string caption, int rows, int columns)
    {
        Name = name;
        Title = title;
        Caption = caption;
        Rows = rows;
        Columns = columns;
        Panels = new Plot[rows * columns];
        for (int i = 0; i < Panels.Length; i++)
        {
            Panels[i] = new Plot();
            Panels[i].Font.Set(Fonts.Default);
        }
    }

    public string Name { get; }
    public string Title { get; }
    public string Caption { get; }
    public int Rows { get; }
    public int Columns { get; }
    public Plot[] Panels { get; }

    public Plot this[int row, int column] => Panels[row * Columns + column];

    public int Width => Columns * PanelWidth;
    public int Height => Rows * PanelHeight;

    /// <summary>Each panel renders onto its own surface (ScottPlot clears the whole canvas it draws on), then is placed in the grid.</summary>
    public byte[] Png()
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height)) ?? throw new InvalidOperationException("SkiaSharp could not create a surface");
        surface.Canvas.Clear(SKColors.White);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                using var panel = SKSurface.Create(new SKImageInfo(PanelWidth, PanelHeight)) ?? throw new InvalidOperationException("SkiaSharp could not create a surface");
                this[r, c].Render(panel);
                using var image = panel.Snapshot();
                surface.Canvas.DrawImage(image, c * PanelWidth, r * PanelHeight);
            }
        surface.Canvas.Flush();
        using var all = surface.Snapshot();
        using var data = all.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>One SVG document with each panel's own SVG nested at its grid position.</summary>
    public byte[] Svg()
    {
        var svg = new System.Text.StringBuilder();
        svg.Append(System.FormattableString.Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">\n"));
        svg.Append(System.FormattableString.Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                string inner = this[r, c].GetSvgXml(PanelWidth, PanelHeight);
                int open = inner.IndexOf("<svg", StringComparison.Ordinal);
                if (open < 0) throw new InvalidOperationException("ScottPlot returned no <svg> element");
                inner = inner[open..];
                svg.Append(System.FormattableString.Invariant($"<svg x=\"{c * PanelWidth}\" y=\"{r * PanelHeight}\"")).Append(inner.AsSpan(4)).Append('\n');
            }
        svg.Append("</svg>\n");
        return new System.Text.UTF8Encoding(false).GetBytes(svg.ToString());
    }
}
