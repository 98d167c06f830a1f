using System.Globalization;

namespace HardmaxCore.Experiments.Plotting;

/// <summary>The file formats a figure is written in, chosen by the file's extension (<see cref="FigureComposer.FormatOf"/>).</summary>
public enum FigureFormat
{
    /// <summary>PNG (<c>.png</c>), raster at the page's dots per inch.</summary>
    Png,

    /// <summary>SVG (<c>.svg</c>), vector, its size given in inches.</summary>
    Svg,

    /// <summary>PDF (<c>.pdf</c>, SkiaSharp's PDF backend where the native library has it), vector, one page the figure's size.</summary>
    Pdf,
}

/// <summary>
/// The physical page of a figure: its size in inches, the size of its text in points, and for PNG its resolution. The
/// project's default pages are in <see cref="FigureSize"/>.
/// </summary>
/// <param name="WidthInches">Width of the page, in (0, <see cref="MaxInches"/>].</param>
/// <param name="HeightInches">Height of the page, in (0, <see cref="MaxInches"/>].</param>
/// <param name="FontPoints">Size of axis labels in points, in (0, 72]; ticks and legends 0.9 of it, titles 1.15 (8.1 pt and more at the default 9).</param>
/// <param name="Dpi">PNG pixels per inch, in (0, <see cref="MaxDpi"/>] (SVG and PDF are vector and ignore it).</param>
public sealed record FigurePage(double WidthInches, double HeightInches, double FontPoints = 9, double Dpi = 200)
{
    /// <summary>The largest page side accepted, in inches.</summary>
    public const double MaxInches = 100;

    /// <summary>The most dots per inch accepted.</summary>
    public const double MaxDpi = 1200;

    /// <summary>The most pixels a PNG may have (width × height at <see cref="Dpi"/>).</summary>
    public const double MaxPixels = 400e6;

    /// <summary>The largest text accepted, in points (an inch).</summary>
    public const double MaxFontPoints = 72;

    /// <summary>Checks every property against its range and returns the page.</summary>
    /// <exception cref="ExperimentException">A side, the font or the resolution out of range, or a PNG beyond <see cref="MaxPixels"/> (the message names the property and the value found).</exception>
    public FigurePage Validate()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        Check(nameof(this.WidthInches), this.WidthInches, MaxInches);
        Check(nameof(this.HeightInches), this.HeightInches, MaxInches);
        Check(nameof(this.FontPoints), this.FontPoints, MaxFontPoints);
        Check(nameof(this.Dpi), this.Dpi, MaxDpi);
        double pixels = this.WidthInches * this.Dpi * this.HeightInches * this.Dpi;
        if (pixels > MaxPixels)
        {
            throw new ExperimentException(string.Create(c,
                $"a PNG of {this.WidthInches * this.Dpi:0} × {this.HeightInches * this.Dpi:0} pixels is too large (at most {MaxPixels / 1e6:0} megapixels); lower FigurePage.Dpi or the size."));
        }
        return this;

        static void Check(string name, double value, double max)
        {
            if (!(value > 0 && value <= max))
            {
                throw new ExperimentException(string.Create(CultureInfo.InvariantCulture, $"FigurePage.{name} must be > 0 and ≤ {max:0.##} (found {value:0.##})."));
            }
        }
    }
}
