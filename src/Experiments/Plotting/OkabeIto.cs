namespace HardmaxCore.Experiments.Plotting;

/// <summary>
/// The one palette of the project's figures and pages: Okabe–Ito, distinguishable with the common colour-vision
/// deficiencies. Groups take blue, orange, bluish green, vermillion, reddish purple, sky blue and black in that order
/// (yellow is left out: invisible on white); blue and vermillion also mean positive and negative decoder scores.
/// </summary>
public static class OkabeIto
{
    /// <summary>The colours as hex, in the order groups take them.</summary>
    public static IReadOnlyList<string> Hex { get; } = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"];

    /// <summary>Blue, the colour of positive scores.</summary>
    public const string Blue = "#0072B2";

    /// <summary>Vermillion, the colour of negative scores.</summary>
    public const string Vermillion = "#D55E00";

    /// <summary>The light grey that scores near 0 fade to (<see cref="Score"/>).</summary>
    public const string Neutral = "#C8C8C8";

    /// <summary>The colour of group <paramref name="index"/>: <c>Hex[index mod 7]</c>.</summary>
    public static ScottPlot.Color Group(int index) => ScottPlot.Color.FromHex(Hex[((index % Hex.Count) + Hex.Count) % Hex.Count]);

    /// <summary>Blue (<see cref="Blue"/>), for positive decoder scores.</summary>
    public static ScottPlot.Color Positive { get; } = ScottPlot.Color.FromHex(Blue);

    /// <summary>Vermillion (<see cref="Vermillion"/>), for negative decoder scores.</summary>
    public static ScottPlot.Color Negative { get; } = ScottPlot.Color.FromHex(Vermillion);

    /// <summary>A palette colour as CSS for the HTML pages: <c>rgba(r,g,b,alpha)</c>, alpha with two decimals.</summary>
    /// <param name="hex">One of the palette's colours, e.g. <see cref="Blue"/>.</param>
    /// <param name="alpha">Opacity in [0, 1].</param>
    public static string Rgba(string hex, double alpha)
    {
        ScottPlot.Color c = ScottPlot.Color.FromHex(hex);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"rgba({c.R},{c.G},{c.B},{alpha:F2})");
    }

    /// <summary>
    /// A colour for a decoder score: blue above 0, vermillion below, mixed with light grey (<see cref="Neutral"/>) by
    /// <c>t = 0.25 + 0.75·tanh(|score|/scale)</c>, so pale near 0 and full strength at |score| ≳ 2·<paramref name="scale"/>.
    /// </summary>
    public static ScottPlot.Color Score(double score, double scale = 3)
    {
        ScottPlot.Color full = score >= 0 ? Positive : Negative;
        double t = 0.25 + 0.75 * Math.Tanh(Math.Abs(score) / scale);
        ScottPlot.Color light = ScottPlot.Color.FromHex(Neutral);
        return new ScottPlot.Color(
            (byte)Math.Round(light.R + t * (full.R - light.R)),
            (byte)Math.Round(light.G + t * (full.G - light.G)),
            (byte)Math.Round(light.B + t * (full.B - light.B)));
    }
}
