namespace HardmaxCore.Experiments.Plotting;

/// <summary>
/// What a user changes of a figure's default page (each null to keep the default's): the size in inches, the text in
/// points, and the PNG resolution as dots per inch or as a scale (pixels per point, <c>Dpi = 96 · Scale</c>), not both.
/// </summary>
/// <param name="WidthInches">The width; alone, the height follows in the default's aspect ratio.</param>
/// <param name="HeightInches">The height; alone, the width follows in the default's aspect ratio.</param>
/// <param name="FontPoints">The size of axis labels.</param>
/// <param name="Dpi">PNG dots per inch.</param>
/// <param name="Scale">PNG pixels per point: the same as <see cref="Dpi"/> = 96 · Scale.</param>
internal sealed record FigureOverrides(double? WidthInches, double? HeightInches, double? FontPoints, double? Dpi, double? Scale)
{
    /// <summary>
    /// The page: <paramref name="defaults"/> with the values given. A width alone keeps the default's aspect ratio; so
    /// does a height alone.
    /// </summary>
    /// <exception cref="ExperimentException">Both <see cref="Dpi"/> and <see cref="Scale"/>, or a page out of range (<see cref="FigurePage.Validate"/>).</exception>
    public FigurePage Apply(FigurePage defaults)
    {
        if (this.Dpi is not null && this.Scale is not null)
        {
            throw new ExperimentException("give FigureOverrides.Scale or FigureOverrides.Dpi, not both (FigureOverrides.Scale S is FigureOverrides.Dpi 96·S).");
        }
        double aspect = defaults.HeightInches / defaults.WidthInches;
        var page = new FigurePage(
            this.WidthInches ?? (this.HeightInches is double h ? h / aspect : defaults.WidthInches),
            this.HeightInches ?? (this.WidthInches is double w ? w * aspect : defaults.HeightInches),
            this.FontPoints ?? defaults.FontPoints,
            this.Dpi ?? (this.Scale is double s ? 96 * s : defaults.Dpi));
        return page.Validate();
    }
}
