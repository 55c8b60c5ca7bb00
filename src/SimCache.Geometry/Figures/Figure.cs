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

    private void Draw(SKCanvas canvas)
    {
        canvas.Clear(SKColors.White);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                var rect = new PixelRect(c * PanelWidth, (c + 1) * PanelWidth, (r + 1) * PanelHeight, r * PanelHeight);
                this[r, c].Render(canvas, rect);
            }
    }

    public byte[] Png()
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height)) ?? throw new InvalidOperationException("SkiaSharp could not create a surface");
        Draw(surface.Canvas);
        surface.Canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public byte[] Svg()
    {
        using var stream = new MemoryStream();
        using (var wrapper = new SKManagedWStream(stream))
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), wrapper))
            Draw(canvas);
        return stream.ToArray();
    }
}
