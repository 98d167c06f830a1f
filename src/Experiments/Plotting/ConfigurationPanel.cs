using ScottPlot;

namespace HardmaxCore.Experiments.Plotting;

/// <summary>
/// One panel of a 2-D configuration (SPEC §3.6): tokens as dots coloured by group, leaders as stars with optional word
/// labels, an optional shaded polygon (the limit polytope), an optional decoder line <c>a·x + b·y + c = 0</c> with its
/// two half-planes shaded, and an optional mean token.
/// </summary>
/// <remarks>
/// <code>
/// Plot plot = new ConfigurationPanel { X = xs, Y = ys, Groups = groups, Leaders = leaders, View = view, Title = "layer 0" }.Build();
/// byte[] png = FigureComposer.Compose(plot, 640, new FigurePage(3.2, 3.2), FigureFormat.Png);
/// </code>
/// </remarks>
internal sealed class ConfigurationPanel
{
    /// <summary>x of every token.</summary>
    public required double[] X { get; init; }

    /// <summary>y of every token.</summary>
    public required double[] Y { get; init; }

    /// <summary>Colour index of every token (<see cref="OkabeIto.Group"/>).</summary>
    public required int[] Groups { get; init; }

    /// <summary>An explicit colour per token (e.g. by decoder score); overrides <see cref="Groups"/> for colour when set.</summary>
    public ScottPlot.Color[]? Colors { get; init; }

    /// <summary>Label priority: labels earlier in this list are placed first and win collisions (null: index order).</summary>
    public int[]? LabelOrder { get; init; }

    /// <summary>The size in pixels the plot will be drawn at (used to keep word labels from overlapping).</summary>
    public (int Width, int Height) ImageSize { get; init; } = (640, 640);

    /// <summary>Where the legend goes outside the data area (null: inside, at <see cref="LegendAlignment"/>).</summary>
    public Edge? LegendEdge { get; init; }

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

    /// <summary>The decoder line <c>a·x + b·y + c = 0</c>; the side where it is positive is shaded blue, the other vermillion (the line's legend entry says so).</summary>
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
        Plot plot = FigureComposer.NewPlot();
        (double left, double right, double bottom, double top) = this.View;
        if (this.Decoder is (double a, double b, double c))
        {
            var (positive, segment) = Geometry.ClipHalfPlane(left, right, bottom, top, a, b, c);
            var (negative, _) = Geometry.ClipHalfPlane(left, right, bottom, top, -a, -b, -c);
            this.Region(plot, positive, OkabeIto.Positive, null);
            this.Region(plot, negative, OkabeIto.Negative, null);
            if (segment.Length == 2)
            {
                var line = plot.Add.Line(segment[0].X, segment[0].Y, segment[1].X, segment[1].Y);
                line.LineColor = ScottPlot.Colors.Black.WithAlpha(0.7);
                line.LineWidth = 1.5f;
                line.LinePattern = LinePattern.Dashed;
                if (this.Legend)
                {
                    line.LegendText = "decoder line v·z + b = 0 (blue side > 0)";
                }
            }
        }
        if (this.Polygon is { Length: >= 2 } polygon)
        {
            var shape = plot.Add.Polygon(polygon.Select(p => new Coordinates(p.X, p.Y)).ToArray());
            shape.FillColor = ScottPlot.Colors.SteelBlue.WithAlpha(0.15);
            shape.LineColor = ScottPlot.Colors.SteelBlue.WithAlpha(0.8);
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
                var path = plot.Add.ScatterLine(px, py, this.ColorOf(i).WithAlpha(0.6));
                path.LineWidth = 1.5f;
            }
        }
        var isLeader = new HashSet<int>(this.Leaders);
        bool firstDots = true;
        foreach (IGrouping<ScottPlot.Color, int> group in Enumerable.Range(0, this.X.Length).Where(i => !isLeader.Contains(i)).GroupBy(this.ColorOf))
        {
            foreach (IGrouping<float, int> sized in group.GroupBy(i => this.Sizes?[i] ?? this.PointSize))
            {
                int[] members = sized.ToArray();
                var dots = plot.Add.Markers(members.Select(i => this.X[i]).ToArray(), members.Select(i => this.Y[i]).ToArray(), MarkerShape.FilledCircle, sized.Key, group.Key.WithAlpha(0.85));
                dots.MarkerStyle.OutlineColor = ScottPlot.Colors.White;
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
            var star = plot.Add.Marker(this.X[i], this.Y[i], MarkerShape.FilledCircle, this.StarSize, this.ColorOf(i));
            star.MarkerStyle.CustomRenderer = StarMarker.Instance;
            star.MarkerStyle.FillColor = this.ColorOf(i);
            star.MarkerStyle.OutlineColor = ScottPlot.Colors.Black;
            star.MarkerStyle.OutlineWidth = 1;
            if (this.Legend && first)
            {
                star.LegendText = "leaders";
                first = false;
            }
        }
        if (this.Mean is (double mx, double my))
        {
            var halo = plot.Add.Marker(mx, my, MarkerShape.Eks, 18, ScottPlot.Colors.White);
            halo.MarkerStyle.LineWidth = 6;
            var mean = plot.Add.Marker(mx, my, MarkerShape.Eks, 16, ScottPlot.Colors.Black);
            mean.MarkerStyle.LineWidth = 3;
            if (this.Legend)
            {
                mean.LegendText = "mean token";
            }
        }
        if (this.Labels is not null)
        {
            foreach (LabelPlacement placed in this.PlaceLabels())
            {
                var text = plot.Add.Text(placed.Text, this.X[placed.Token], this.Y[placed.Token]);
                text.LabelFontSize = this.LabelSize;
                text.LabelFontColor = ScottPlot.Colors.Black;
                text.LabelBold = isLeader.Contains(placed.Token);
                text.LabelBackgroundColor = ScottPlot.Colors.White.WithAlpha(0.7);
                text.LabelAlignment = placed.Alignment;
                text.OffsetX = placed.OffsetX;
                text.OffsetY = placed.OffsetY;
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
            if (this.LegendEdge is Edge edge)
            {
                plot.ShowLegend(edge).Legend.FontSize = 11;
            }
            else
            {
                plot.ShowLegend(this.LegendAlignment ?? this.EmptiestCorner()).FontSize = 11;
            }
        }
        return plot;
    }

    /// <summary>A word label put next to its token.</summary>
    /// <param name="Token">The token.</param>
    /// <param name="Text">The label.</param>
    /// <param name="Alignment">Which corner of the label sits at the token.</param>
    /// <param name="OffsetX">Pixels right of the token.</param>
    /// <param name="OffsetY">Pixels below the token.</param>
    internal readonly record struct LabelPlacement(int Token, string Text, Alignment Alignment, float OffsetX, float OffsetY);

    /// <summary>
    /// Places the labels greedily in priority order (<see cref="LabelOrder"/>): each tries the four corners around its
    /// token and takes the first whose box (estimated from the font size: 0.62 em per character, 1.3 em high) overlaps no
    /// label already placed and no other leader's star and stays inside the view; a label with no free corner is left out
    /// rather than drawn over another label or a star.
    /// </summary>
    internal IReadOnlyList<LabelPlacement> PlaceLabels()
    {
        var result = new List<LabelPlacement>();
        if (this.Labels is null)
        {
            return result;
        }
        (double left, double right, double bottom, double top) = this.View;
        // The data area is roughly the image less the axes, title and labels around it.
        double pixelsPerX = this.ImageSize.Width * 0.82 / Math.Max(right - left, double.Epsilon);
        double pixelsPerY = this.ImageSize.Height * 0.68 / Math.Max(top - bottom, double.Epsilon);
        double viewWidth = (right - left) * pixelsPerX;
        double viewHeight = (top - bottom) * pixelsPerY;
        var boxes = new List<(double X0, double Y0, double X1, double Y1)>();
        // Every leader's star is in the way of every label but its own (a label drawn over a star hides it).
        double starRadius = this.StarSize / 2.0;
        (int Token, double X0, double Y0, double X1, double Y1)[] stars = [.. this.Leaders.Select(u =>
        {
            double sx = (this.X[u] - left) * pixelsPerX;
            double sy = (top - this.Y[u]) * pixelsPerY;
            return (u, sx - starRadius, sy - starRadius, sx + starRadius, sy + starRadius);
        })];
        IEnumerable<int> order = this.LabelOrder ?? Enumerable.Range(0, this.Labels.Length);
        foreach (int i in order.Concat(Enumerable.Range(0, this.Labels.Length)).Distinct())
        {
            if (i < 0 || i >= this.Labels.Length || string.IsNullOrEmpty(this.Labels[i]))
            {
                continue;
            }
            string label = this.Labels[i]!;
            double w = 0.62 * this.LabelSize * label.Length + 6;
            double h = 1.3 * this.LabelSize + 2;
            double px = (this.X[i] - left) * pixelsPerX;
            double py = (top - this.Y[i]) * pixelsPerY; // pixels from the top
            (Alignment Alignment, double X0, double Y0, float OffsetX, float OffsetY)[] corners =
            [
                (Alignment.LowerLeft, px + 7, py - 5 - h, 7, -5),
                (Alignment.LowerRight, px - 7 - w, py - 5 - h, -7, -5),
                (Alignment.UpperLeft, px + 7, py + 5, 7, 5),
                (Alignment.UpperRight, px - 7 - w, py + 5, -7, 5),
            ];
            foreach (var corner in corners)
            {
                (double X0, double Y0, double X1, double Y1) box = (corner.X0, corner.Y0, corner.X0 + w, corner.Y0 + h);
                bool inside = box.X0 >= 0 && box.X1 <= viewWidth && box.Y0 >= 0 && box.Y1 <= viewHeight;
                bool free = boxes.TrueForAll(b => box.X1 <= b.X0 || b.X1 <= box.X0 || box.Y1 <= b.Y0 || b.Y1 <= box.Y0)
                    && Array.TrueForAll(stars, b => b.Token == i || box.X1 <= b.X0 || b.X1 <= box.X0 || box.Y1 <= b.Y0 || b.Y1 <= box.Y0);
                if (inside && free)
                {
                    boxes.Add(box);
                    result.Add(new LabelPlacement(i, label, corner.Alignment, corner.OffsetX, corner.OffsetY));
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>The colour of token i: <see cref="Colors"/> when given, else its group's.</summary>
    private ScottPlot.Color ColorOf(int i) => this.Colors?[i] ?? OkabeIto.Group(this.Groups[i]);

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
