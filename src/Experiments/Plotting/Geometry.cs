namespace HardmaxCore.Experiments.Plotting;

/// <summary>Plane geometry for the figures: convex hulls, half-planes clipped to the view, square views.</summary>
internal static class Geometry
{
    /// <summary>The convex hull of points (Andrew's monotone chain), counter-clockwise, without repeated or collinear points.</summary>
    public static (double X, double Y)[] ConvexHull(IEnumerable<(double X, double Y)> points)
    {
        (double X, double Y)[] p = points.Distinct().OrderBy(q => q.X).ThenBy(q => q.Y).ToArray();
        if (p.Length < 3)
        {
            return p;
        }
        var hull = new (double X, double Y)[2 * p.Length];
        int k = 0;
        for (int i = 0; i < p.Length; i++)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], p[i]) <= 0)
            {
                k--;
            }
            hull[k++] = p[i];
        }
        for (int i = p.Length - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], p[i]) <= 0)
            {
                k--;
            }
            hull[k++] = p[i];
        }
        return hull[..(k - 1)];
    }

    /// <summary>(b − a) × (c − a): positive when a, b, c turn counter-clockwise.</summary>
    private static double Cross((double X, double Y) a, (double X, double Y) b, (double X, double Y) c)
        => (b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X);

    /// <summary>
    /// The part of the rectangle where <c>a·x + b·y + c ≥ 0</c> (Sutherland–Hodgman against one line), and the segment of
    /// the line <c>a·x + b·y + c = 0</c> inside the rectangle (empty when the line misses it).
    /// </summary>
    public static ((double X, double Y)[] Region, (double X, double Y)[] Segment) ClipHalfPlane(
        double left, double right, double bottom, double top, double a, double b, double c)
    {
        (double X, double Y)[] corners = [(left, bottom), (right, bottom), (right, top), (left, top)];
        var region = new List<(double X, double Y)>();
        var segment = new List<(double X, double Y)>();
        for (int i = 0; i < corners.Length; i++)
        {
            (double X, double Y) p = corners[i];
            (double X, double Y) q = corners[(i + 1) % corners.Length];
            double fp = a * p.X + b * p.Y + c;
            double fq = a * q.X + b * q.Y + c;
            if (fp >= 0)
            {
                region.Add(p);
            }
            if ((fp >= 0) != (fq >= 0))
            {
                double t = fp / (fp - fq);
                (double X, double Y) crossing = (p.X + t * (q.X - p.X), p.Y + t * (q.Y - p.Y));
                region.Add(crossing);
                segment.Add(crossing);
            }
        }
        return (region.ToArray(), segment.Count == 2 ? segment.ToArray() : []);
    }

    /// <summary>The bounding box of points, grown by <paramref name="margin"/> of its size, and made square when asked.</summary>
    public static (double Left, double Right, double Bottom, double Top) View(IEnumerable<(double X, double Y)> points, double margin, bool square)
    {
        double left = double.PositiveInfinity, right = double.NegativeInfinity, bottom = double.PositiveInfinity, top = double.NegativeInfinity;
        foreach ((double x, double y) in points)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                continue;
            }
            left = Math.Min(left, x);
            right = Math.Max(right, x);
            bottom = Math.Min(bottom, y);
            top = Math.Max(top, y);
        }
        if (left > right)
        {
            return (-1, 1, -1, 1);
        }
        double width = Math.Max(right - left, 1e-9);
        double height = Math.Max(bottom > top ? 0 : top - bottom, 1e-9);
        if (square)
        {
            width = height = Math.Max(width, height);
        }
        double cx = (left + right) / 2;
        double cy = (bottom + top) / 2;
        double halfX = width * (0.5 + margin);
        double halfY = height * (0.5 + margin);
        return (cx - halfX, cx + halfX, cy - halfY, cy + halfY);
    }
}
