using HardmaxCore.Experiments.Plotting;

namespace HardmaxCore.UnitTests.Plotting;

public sealed class ConfigurationPanelTests
{
    [Fact]
    public void PlaceLabels_NeverPutsALabelOverAnotherLeadersStar()
    {
        // Two leaders side by side: leader 0's label fits only to the right of it, where leader 1's star sits.
        // 640 px wide, view 0..10: 52.5 px per unit across, so the stars are 10 px apart.
        var panel = new ConfigurationPanel
        {
            X = [5, 5.2],
            Y = [0.5, 0.5],
            Groups = [0, 1],
            Leaders = [0, 1],
            Labels = ["word", null],
            View = (0, 10, 0, 1),
        };
        IReadOnlyList<ConfigurationPanel.LabelPlacement> placed = panel.PlaceLabels();
        double pixelsPerX = panel.ImageSize.Width * 0.82 / 10;
        double pixelsPerY = panel.ImageSize.Height * 0.68 / 1;
        foreach (ConfigurationPanel.LabelPlacement label in placed)
        {
            double w = 0.62 * panel.LabelSize * label.Text.Length + 6;
            double h = 1.3 * panel.LabelSize + 2;
            double px = (panel.X[label.Token] * pixelsPerX) + label.OffsetX;
            double py = ((1 - panel.Y[label.Token]) * pixelsPerY) + label.OffsetY;
            double x0 = label.OffsetX > 0 ? px : px - w;
            double y0 = label.OffsetY > 0 ? py : py - h;
            double starX = panel.X[1] * pixelsPerX;
            double starY = (1 - panel.Y[1]) * pixelsPerY;
            double r = panel.StarSize / 2.0;
            bool overlaps = x0 < starX + r && starX - r < x0 + w && y0 < starY + r && starY - r < y0 + h;
            Assert.False(overlaps, $"label '{label.Text}' at {label.Alignment} covers leader 1's star");
        }
        // Left of leader 0 is free: the label is kept there, not dropped.
        ConfigurationPanel.LabelPlacement only = Assert.Single(placed);
        Assert.True(only.OffsetX < 0);
    }
}
