
namespace HardmaxCore.Experiments.Plotting;

/// <summary>The default pages of the project's figures (inches, points, dots per inch).</summary>
internal static class FigureSize
{
    /// <summary>The resolution of PNG figures unless --dpi says otherwise.</summary>
    public const double Dpi = 200;

    /// <summary>Text width of a paper: the default width of one-column figures.</summary>
    public const double TextWidth = 6.5;

    /// <summary><c>curves</c>: loss and accuracies side by side.</summary>
    public static FigurePage Curves { get; } = new(TextWidth, 2.6, 9, Dpi);

    /// <summary><c>sweep-report --plot</c>.</summary>
    public static FigurePage Sweep { get; } = new(TextWidth, 4.3, 9, Dpi);

    /// <summary><c>simulate --plot</c>: one configuration's trajectories.</summary>
    public static FigurePage Trajectory { get; } = new(TextWidth, 5.2, 9, Dpi);

    /// <summary><c>simulate --figure2</c>: the 4 × 5 grid of [AFZ] Figure 2.</summary>
    public static FigurePage Figure2 { get; } = new(TextWidth, 5.6, 9, Dpi);

    /// <summary><c>cluster --plot</c> with <paramref name="panels"/> panels side by side: 3.4 in a panel, at most a text width across.</summary>
    public static FigurePage Cluster(int panels) => panels <= 1 ? new(3.4, 3.9, 9, Dpi) : new(Math.Min(TextWidth, 3.4 * panels), 4.2, 9, Dpi);

    /// <summary><c>cluster --beta-path-plot</c>: clusters against β.</summary>
    public static FigurePage BetaPath { get; } = new(TextWidth, 4.0, 9, Dpi);

    /// <summary>A bar chart of <paramref name="designHeight"/> design pixels per <paramref name="designWidth"/> across, one text width wide.</summary>
    public static FigurePage Chart(int designWidth, int designHeight) => new(TextWidth, TextWidth * designHeight / designWidth, 9, Dpi);
}
