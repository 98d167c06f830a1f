using ScottPlot;

namespace HardmaxCore.Train.Plotting;

/// <summary>
/// One panel of a 2-D configuration (SPEC §3.6): tokens as dots coloured by group, leaders as stars with optional word
/// labels, an optional shaded polygon (the limit polytope), an optional decoder line <c>a·x + b·y + c = 0</c> with its
/// two half-planes shaded, and an optional mean token.
/// </summary>
/// <remarks>
/// <code>
/// Plot plot = new ConfigurationPanel { X = xs, Y = ys, Groups = groups, Leaders = leaders, View = view, Title = "layer 0" }.Build();
/// byte[] png = Figures.Png(plot, 640, 640);
/// </code>
/// </remarks>
internal sealed class ConfigurationPanel
{
    /// <summary>x of every token.</summary>
    public required double[] X { get; init; }

    /// <summary>y of every token.</summary>
    public required double[] Y { get; init; }

    /// <summary>Colour index of every token (<see cref="Figures.Group"/>).</summary>
    public required int[] Groups { get; init; }

    /// <summary>The tokens drawn as stars.</summary>
    public required int[] Leaders { get; init; }

    /// <summary>The visible rectangle.</summary>
    public required (double Left, double Right, double Bottom, double Top) View { get; init; }

    /// <summary>Marker size of every token in pixels (null: all <see cref="PointSize"/>).</summary>
    public float[]? Sizes { get; init; }

    /// <summary>Default dot size in pixels.</summary>
    public float PointSize { get; init; } = 7;

    /// <summary>Star size in pixels.</summary>
    public float StarSize { get; init; } = 16;

    /// <summary>A label per token, drawn next to it (null or empty: none); leaders' labels are bold.</summary>
    public string?[]? Labels { get; init; }

    /// <summary>Label font size.</summary>
    public float LabelSize { get; init; } = 13;

    /// <summary>A polygon to shade below everything (e.g. the convex hull of the final leaders).</summary>
    public (double X, double Y)[]? Polygon { get; init; }

    /// <summary>The legend text of <see cref="Polygon"/>.</summary>
    public string? PolygonLabel { get; init; }

    /// <summary>The decoder line <c>a·x + b·y + c = 0</c>; the side where it is positive is shaded green, the other red.</summary>
    public (double A, double B, double C)? Decoder { get; init; }

    /// <summary>The mean token, drawn as a black cross.</summary>
    public (double X, double Y)? Mean { get; init; }

    /// <summary>Optional faint paths, one per token: its positions at layers 0..k (drawn under the dots).</summary>
    public (double[] X, double[] Y)[]? Paths { get; init; }

    /// <summary>The legend text of the dots (null: none).</summary>
    public string? DotsLabel { get; init; }

    /// <summary>Title.</summary>
    public string? Title { get; init; }

    /// <summary>Title font size.</summary>
    public float TitleSize { get; init; } = 16;

    /// <summary>x axis label.</summary>
    public string? XLabel { get; init; }

    /// <summary>y axis label.</summary>
    public string? YLabel { get; init; }

    /// <summary>Where the legend goes (null: the corner with the fewest points).</summary>
    public Alignment? LegendAlignment { get; init; }

    /// <summary>Whether to show a legend (leaders, mean, sides).</summary>
    public bool Legend { get; init; }

    /// <summary>Builds the ScottPlot plot.</summary>
    public Plot Build()
    {
        Plot plot = Figures.NewPlot();
        (double left, double right, double bottom, double top) = this.View;
        if (this.Decoder is (double a, double b, double c))
        {
            var (positive, segment) = Geometry.ClipHalfPlane(left, right, bottom, top, a, b, c);
            var (negative, _) = Geometry.ClipHalfPlane(left, right, bottom, top, -a, -b, -c);
            this.Region(plot, positive, Figures.Positive, this.Legend ? "positive side (v·z + b > 0)" : null);
            this.Region(plot, negative, Figures.Negative, this.Legend ? "negative side (v·z + b < 0)" : null);
            if (segment.Length == 2)
            {
                var line = plot.Add.Line(segment[0].X, segment[0].Y, segment[1].X, segment[1].Y);
                line.LineColor = Colors.Black.WithAlpha(0.7);
                line.LineWidth = 1.5f;
                line.LinePattern = LinePattern.Dashed;
                if (this.Legend)
                {
                    line.LegendText = "decoder line v·z + b = 0";
                }
            }
        }
        if (this.Polygon is { Length: >= 2 } polygon)
        {
            var shape = plot.Add.Polygon(polygon.Select(p => new Coordinates(p.X, p.Y)).ToArray());
            shape.FillColor = Colors.SteelBlue.WithAlpha(0.15);
            shape.LineColor = Colors.SteelBlue.WithAlpha(0.8);
            shape.LineWidth = 1.5f;
            if (this.PolygonLabel is not null)
            {
                shape.LegendText = this.PolygonLabel;
            }
        }
        if (this.Paths is not null)
        {
            for (int i = 0; i < this.Paths.Length; i++)
            {
                (double[] px, double[] py) = this.Paths[i];
                if (px.Length < 2)
                {
                    continue;
                }
                var path = plot.Add.ScatterLine(px, py, Figures.Group(this.Groups[i]).WithAlpha(0.6));
                path.LineWidth = 1.5f;
            }
        }
        var isLeader = new HashSet<int>(this.Leaders);
        bool firstDots = true;
        foreach (IGrouping<int, int> group in Enumerable.Range(0, this.X.Length).Where(i => !isLeader.Contains(i)).GroupBy(i => this.Groups[i]))
        {
            foreach (IGrouping<float, int> sized in group.GroupBy(i => this.Sizes?[i] ?? this.PointSize))
            {
                int[] members = sized.ToArray();
                var dots = plot.Add.Markers(members.Select(i => this.X[i]).ToArray(), members.Select(i => this.Y[i]).ToArray(), MarkerShape.FilledCircle, sized.Key, Figures.Group(group.Key).WithAlpha(0.85));
                dots.MarkerStyle.OutlineColor = Colors.White;
                if (firstDots && this.DotsLabel is not null)
                {
                    dots.LegendText = this.DotsLabel;
                    firstDots = false;
                }
            }
        }
        bool first = true;
        foreach (int i in this.Leaders)
        {
            var star = plot.Add.Marker(this.X[i], this.Y[i], MarkerShape.FilledCircle, this.StarSize, Figures.Group(this.Groups[i]));
            star.MarkerStyle.CustomRenderer = StarMarker.Instance;
            star.MarkerStyle.FillColor = Figures.Group(this.Groups[i]);
            star.MarkerStyle.OutlineColor = Colors.Black;
            star.MarkerStyle.OutlineWidth = 1;
            if (this.Legend && first)
            {
                star.LegendText = "leaders";
                first = false;
            }
        }
        if (this.Mean is (double mx, double my))
        {
            var halo = plot.Add.Marker(mx, my, MarkerShape.Eks, 18, Colors.White);
            halo.MarkerStyle.LineWidth = 6;
            var mean = plot.Add.Marker(mx, my, MarkerShape.Eks, 16, Colors.Black);
            mean.MarkerStyle.LineWidth = 3;
            if (this.Legend)
            {
                mean.LegendText = "mean token";
            }
        }
        if (this.Labels is not null)
        {
            for (int i = 0; i < this.X.Length; i++)
            {
                if (string.IsNullOrEmpty(this.Labels[i]))
                {
                    continue;
                }
                // Labels right of the point, except near the right edge where they would be cut off.
                bool flip = this.X[i] > left + 0.78 * (right - left);
                var text = plot.Add.Text(this.Labels[i]!, this.X[i], this.Y[i]);
                text.LabelFontSize = this.LabelSize;
                text.LabelFontColor = Colors.Black;
                text.LabelBold = isLeader.Contains(i);
                text.LabelBackgroundColor = Colors.White.WithAlpha(0.7);
                text.LabelAlignment = flip ? Alignment.LowerRight : Alignment.LowerLeft;
                text.OffsetX = flip ? -7 : 7;
                text.OffsetY = -5;
            }
        }
        plot.Axes.SetLimits(left, right, bottom, top);
        if (this.Title is not null)
        {
            plot.Title(this.Title, this.TitleSize);
        }
        if (this.XLabel is not null)
        {
            plot.XLabel(this.XLabel, 13);
        }
        if (this.YLabel is not null)
        {
            plot.YLabel(this.YLabel, 13);
        }
        if (this.Legend)
        {
            plot.ShowLegend(this.LegendAlignment ?? this.EmptiestCorner()).FontSize = 11;
        }
        return plot;
    }

    /// <summary>The corner of the view with the fewest points near it (where the legend hides least).</summary>
    private Alignment EmptiestCorner()
    {
        (double left, double right, double bottom, double top) = this.View;
        double w = (right - left) * 0.6;
        double h = (top - bottom) * 0.35;
        (Alignment Corner, double X0, double X1, double Y0, double Y1)[] corners =
        [
            (Alignment.UpperLeft, left, left + w, top - h, top),
            (Alignment.UpperRight, right - w, right, top - h, top),
            (Alignment.LowerLeft, left, left + w, bottom, bottom + h),
            (Alignment.LowerRight, right - w, right, bottom, bottom + h),
        ];
        var leaders = new HashSet<int>(this.Leaders);
        return corners.MinBy(c => Enumerable.Range(0, this.X.Length)
            .Where(i => this.X[i] >= c.X0 && this.X[i] <= c.X1 && this.Y[i] >= c.Y0 && this.Y[i] <= c.Y1)
            .Sum(i => leaders.Contains(i) ? 5 : 1)).Corner;
    }

    private void Region(Plot plot, (double X, double Y)[] region, ScottPlot.Color color, string? label)
    {
        if (region.Length < 3)
        {
            return;
        }
        var shape = plot.Add.Polygon(region.Select(p => new Coordinates(p.X, p.Y)).ToArray());
        shape.FillColor = color.WithAlpha(0.13);
        shape.LineWidth = 0;
        if (label is not null)
        {
            shape.LegendText = label;
        }
    }
}
