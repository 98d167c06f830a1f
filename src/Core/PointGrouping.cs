using System.Runtime.InteropServices;

namespace HardmaxCore;

/// <summary>
/// Groups the points of a cloud that lie within a radius of each other, transitively (single linkage at δ in the ∞-norm):
/// the quantization output of SPEC §6.1, and the limit points of a simulation (SPEC §2 P4). A hash grid, never the O(n²)
/// pairwise scan.
/// </summary>
/// <remarks>
/// <para>Two points are linked when <c>‖x − y‖_∞ = max_k |x_k − y_k| ≤ δ</c>, each difference computed in double; the groups are
/// the connected components of the links. The result equals the naive pairwise single linkage exactly, points at distance
/// exactly δ included.</para>
/// <para>How: each point falls in a grid cell of side s slightly above δ (<c>s = δ·(1 + 2⁻¹⁰)</c>, or coarser when the
/// coordinates are more than 2⁴⁰ cells from the origin, where the cell index would lose precision), so linked points lie in
/// the same or adjacent cells (indices within 1 on every axis). Points of one cell are linked through its first point, checked;
/// adjacent occupied cells are found by a sweep along the axis with the most distinct cell indices and compared through their
/// bounding boxes before any point pair, and pairs already in one group are skipped (union–find). Cost O(n·d + m log m) for m
/// occupied cells, plus the candidate cell pairs: near-linear on quantized outputs and on clouds spread along some axis; a
/// cloud whose occupied cells crowd into one slab of every axis (m cells within 3 indices on each axis) costs up to O(m²·d).</para>
/// </remarks>
public static class PointGrouping
{
    /// <summary>The relative margin of the cell side over δ, so that rounding in the cell index cannot split linked points by two cells.</summary>
    private const double CellMargin = 1.0 / 1024;

    /// <summary>
    /// Groups the rows of a row-major <c>[n, d]</c> array whose ∞-norm distance is ≤ <paramref name="radius"/>, transitively
    /// (single linkage at δ); returns the group of each point, groups numbered 0, 1, … in order of their first point.
    /// </summary>
    /// <typeparam name="T">float or double (the distances are computed in double).</typeparam>
    /// <param name="points">The points, row-major n × d (n may be 0).</param>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="radius">δ ≥ 0; 0 groups only points with equal coordinates.</param>
    /// <param name="groups">The number of groups.</param>
    /// <exception cref="ArgumentOutOfRangeException">d &lt; 1, or δ negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of d, or a coordinate is NaN or infinite.</exception>
    public static int[] Group<T>(ReadOnlySpan<T> points, int dimension, double radius, out int groups)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (dimension < 1)
        {
            Throw.ArgumentOutOfRange_Size(nameof(dimension), dimension);
        }
        if (!(radius >= 0) || !double.IsFinite(radius))
        {
            Throw.ArgumentOutOfRange_Radius(radius);
        }
        if (points.Length % dimension != 0)
        {
            Throw.Argument_Shape(nameof(points), points.Length, points.Length / dimension + 1, dimension);
        }
        int n = points.Length / dimension;
        int d = dimension;
        var x = new double[points.Length];
        double maxAbs = 0;
        for (int index = 0; index < x.Length; index++)
        {
            double value = double.CreateTruncating(points[index]);
            if (!double.IsFinite(value))
            {
                Throw.Argument_NotFinite(nameof(points), index, n, d, value);
            }
            x[index] = value + 0.0; // −0 becomes +0: equal coordinates, equal keys
            maxAbs = Math.Max(maxAbs, Math.Abs(value));
        }
        var parents = new int[n];
        for (int i = 0; i < n; i++)
        {
            parents[i] = i;
        }
        if (n > 0)
        {
            Link(x, n, d, radius, maxAbs, parents);
        }
        return Number(parents, out groups);
    }

    /// <summary>Unites every linked pair of points in the union–find forest <paramref name="parents"/>.</summary>
    private static void Link(double[] x, int n, int d, double radius, double maxAbs, int[] parents)
    {
        // Cell side: above δ by a margin, and at least maxAbs·2⁻⁴⁰ so that indices stay below 2⁴⁰ (rounding error ≤ 2⁻¹²).
        double side = Math.Max(radius * (1 + CellMargin), maxAbs * Math.ScaleB(1, -40));
        var keys = new long[n * d];
        if (side > 0)
        {
            for (int index = 0; index < keys.Length; index++)
            {
                keys[index] = (long)Math.Floor(x[index] / side);
            }
        }
        // (side = 0 only when every coordinate is 0: one cell.)
        var cellOf = new Dictionary<int, int>(new KeyComparer(keys, d));
        var first = new List<int>(); // the first point of each cell
        var cell = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (!cellOf.TryGetValue(i, out int c))
            {
                c = first.Count;
                cellOf.Add(i, c);
                first.Add(i);
            }
            cell[i] = c;
        }
        int m = first.Count;
        // The points of each cell, contiguous (counting sort by cell, ascending point index within a cell).
        var start = new int[m + 1];
        foreach (int c in cell)
        {
            start[c + 1]++;
        }
        for (int c = 0; c < m; c++)
        {
            start[c + 1] += start[c];
        }
        var members = new int[n];
        var fill = (int[])start.Clone();
        for (int i = 0; i < n; i++)
        {
            members[fill[cell[i]]++] = i;
        }
        // Within a cell: link each point to the cell's first point when they are within δ (almost always: the cell side is
        // δ(1 + 2⁻¹⁰)); the others (stragglers) are compared with every point of the cell.
        var whole = new bool[m];
        var low = new double[m * d];
        var high = new double[m * d];
        for (int c = 0; c < m; c++)
        {
            int f = members[start[c]];
            bool connected = true;
            for (int e = start[c]; e < start[c + 1]; e++)
            {
                int i = members[e];
                if (!Within(x, d, f, i, radius))
                {
                    connected = false;
                }
                else
                {
                    Union(parents, f, i);
                }
                for (int k = 0; k < d; k++)
                {
                    double v = x[i * d + k];
                    low[c * d + k] = e == start[c] ? v : Math.Min(low[c * d + k], v);
                    high[c * d + k] = e == start[c] ? v : Math.Max(high[c * d + k], v);
                }
            }
            whole[c] = connected;
            if (!connected)
            {
                LinkPairs(x, d, radius, parents, members, start[c], start[c + 1], start[c], start[c + 1], stopAtFirst: false);
            }
        }
        if (m == 1)
        {
            return;
        }
        // Adjacent cells: sweep along the axis with the most distinct cell indices.
        int axis = SweepAxis(keys, first, d);
        var order = new int[m];
        for (int c = 0; c < m; c++)
        {
            order[c] = c;
        }
        Array.Sort(order, (a, b) => keys[first[a] * d + axis].CompareTo(keys[first[b] * d + axis]));
        for (int p = 0; p < m; p++)
        {
            int a = order[p];
            long ka = keys[first[a] * d + axis];
            for (int q = p + 1; q < m; q++)
            {
                int b = order[q];
                if (keys[first[b] * d + axis] > ka + 1)
                {
                    break;
                }
                if (!Adjacent(keys, first[a] * d, first[b] * d, d) || BoxDistance(low, high, a, b, d) > radius)
                {
                    continue;
                }
                bool bothWhole = whole[a] && whole[b];
                if (bothWhole && Find(parents, first[a]) == Find(parents, first[b]))
                {
                    continue;
                }
                LinkPairs(x, d, radius, parents, members, start[a], start[a + 1], start[b], start[b + 1], stopAtFirst: bothWhole);
            }
        }
    }

    /// <summary>Compares every pair (members[e], members[f]), e in the first range and f in the second, uniting those within δ.</summary>
    private static void LinkPairs(
        double[] x, int d, double radius, int[] parents, int[] members, int from1, int to1, int from2, int to2, bool stopAtFirst)
    {
        for (int e = from1; e < to1; e++)
        {
            int i = members[e];
            for (int f = from2; f < to2; f++)
            {
                int j = members[f];
                if (i != j && Find(parents, i) != Find(parents, j) && Within(x, d, i, j, radius))
                {
                    Union(parents, i, j);
                    if (stopAtFirst)
                    {
                        return;
                    }
                }
            }
        }
    }

    /// <summary>Whether <c>max_k |x_ik − x_jk| ≤ δ</c>.</summary>
    private static bool Within(double[] x, int d, int i, int j, double radius)
    {
        ReadOnlySpan<double> a = x.AsSpan(i * d, d);
        ReadOnlySpan<double> b = x.AsSpan(j * d, d);
        for (int k = 0; k < d; k++)
        {
            if (!(Math.Abs(a[k] - b[k]) <= radius))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether two cells' indices differ by at most 1 on every axis.</summary>
    private static bool Adjacent(long[] keys, int a, int b, int d)
    {
        for (int k = 0; k < d; k++)
        {
            long difference = keys[a + k] - keys[b + k];
            if (difference > 1 || difference < -1)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The ∞-norm distance between the bounding boxes of two cells' points (0 when they overlap), a lower bound of every cross pair.</summary>
    private static double BoxDistance(double[] low, double[] high, int a, int b, int d)
    {
        double distance = 0;
        for (int k = 0; k < d; k++)
        {
            double gap = Math.Max(low[a * d + k] - high[b * d + k], low[b * d + k] - high[a * d + k]);
            distance = Math.Max(distance, gap);
        }
        return distance;
    }

    /// <summary>The axis with the most distinct cell indices among the occupied cells (the sweep along it sees the fewest candidates).</summary>
    private static int SweepAxis(long[] keys, List<int> first, int d)
    {
        int best = 0;
        int bestCount = -1;
        var seen = new HashSet<long>();
        for (int k = 0; k < d; k++)
        {
            seen.Clear();
            foreach (int f in first)
            {
                seen.Add(keys[f * d + k]);
            }
            if (seen.Count > bestCount)
            {
                bestCount = seen.Count;
                best = k;
            }
        }
        return best;
    }

    /// <summary>The root of i, halving the path on the way.</summary>
    private static int Find(int[] parents, int i)
    {
        while (parents[i] != i)
        {
            parents[i] = parents[parents[i]];
            i = parents[i];
        }
        return i;
    }

    /// <summary>Unites the groups of i and j (the smaller root becomes the parent, so roots are first points).</summary>
    private static void Union(int[] parents, int i, int j)
    {
        int a = Find(parents, i);
        int b = Find(parents, j);
        if (a < b)
        {
            parents[b] = a;
        }
        else if (b < a)
        {
            parents[a] = b;
        }
    }

    /// <summary>Numbers the groups 0, 1, … in order of their first point.</summary>
    private static int[] Number(int[] parents, out int groups)
    {
        int n = parents.Length;
        var group = new int[n];
        var number = new int[n];
        Array.Fill(number, -1);
        groups = 0;
        for (int i = 0; i < n; i++)
        {
            int root = Find(parents, i);
            if (number[root] < 0)
            {
                number[root] = groups++;
            }
            group[i] = number[root];
        }
        return group;
    }

    /// <summary>Equality of points by their cell keys.</summary>
    private sealed class KeyComparer(long[] keys, int d) : IEqualityComparer<int>
    {
        /// <inheritdoc/>
        public bool Equals(int a, int b) => keys.AsSpan(a * d, d).SequenceEqual(keys.AsSpan(b * d, d));

        /// <inheritdoc/>
        public int GetHashCode(int a)
        {
            var hash = default(HashCode);
            hash.AddBytes(MemoryMarshal.AsBytes(keys.AsSpan(a * d, d)));
            return hash.ToHashCode();
        }
    }
}
