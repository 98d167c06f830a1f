using ScottPlot;
using SkiaSharp;

namespace HardmaxCore.Experiments.Plotting;

/// <summary>A five-pointed star marker (ScottPlot has none), drawn in pixels so it keeps its shape on any axis scale.</summary>
/// <remarks>Usage: <c>markers.MarkerStyle.CustomRenderer = StarMarker.Instance;</c> the fill and outline come from the marker style.</remarks>
internal sealed class StarMarker : IMarker
{
    /// <summary>The shared instance (the marker has no state).</summary>
    public static StarMarker Instance { get; } = new();

    /// <inheritdoc/>
    public void Render(SKCanvas canvas, Paint paint, Pixel center, float size, MarkerStyle markerStyle)
    {
        // Outer radius size/2 · 1.25 so a star looks as big as a circle marker of the same size; inner radius 0.45 of it.
        float outer = size * 0.625f;
        float inner = outer * 0.45f;
        using var path = new SKPath();
        for (int p = 0; p < 10; p++)
        {
            double angle = -Math.PI / 2 + p * Math.PI / 5;
            float radius = p % 2 == 0 ? outer : inner;
            float x = center.X + radius * (float)Math.Cos(angle);
            float y = center.Y + radius * (float)Math.Sin(angle);
            if (p == 0)
            {
                path.MoveTo(x, y);
            }
            else
            {
                path.LineTo(x, y);
            }
        }
        path.Close();
        using var fill = new SKPaint { Color = markerStyle.FillColor.ToSKColor(), IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawPath(path, fill);
        using var outline = new SKPaint
        {
            Color = markerStyle.OutlineColor.ToSKColor(),
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            StrokeWidth = Math.Max(1f, markerStyle.OutlineWidth),
            StrokeJoin = SKStrokeJoin.Round,
        };
        canvas.DrawPath(path, outline);
    }
}
