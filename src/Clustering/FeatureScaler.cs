using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>
/// A fitted per-column affine map <c>u_c = (x_c − Center_c)/Scale_c</c> (SPEC §6.3): the methods run on u, and every
/// centre and output is mapped back with <c>x_c = Center_c + Scale_c·u_c</c>, so reports are in the input's units.
/// </summary>
/// <remarks>
/// <code>
/// FeatureScaler scaler = FeatureScaler.Fit(cloud, FeatureScaling.Automatic);   // scaler.Reason says what and why
/// PointCloud scaled = scaler.Transform(cloud);
/// double[] centresInInputUnits = scaler.Inverse(scaledCentres);
/// </code>
/// Why scale: β and λ are one number for all coordinates, in 1/(units)². A column whose spread is r times another's
/// weighs r² times as much in ‖x − y‖², so beyond r = <see cref="SpreadRatioLimit"/> (a weight ratio of 100) the widest
/// column alone decides the clusters (UCI wine: 0.001 … 4,254).
/// </remarks>
/// <param name="Scaling">The scaling applied (never <see cref="FeatureScaling.Automatic"/>).</param>
/// <param name="Center">Per column: the mean (standard), the median (robust) or 0 (none).</param>
/// <param name="Scale">Per column: the standard deviation (standard), the interquartile range (robust) or 1 (none); always &gt; 0.</param>
/// <param name="Reason">One line saying which scaling and why (and any outlier found).</param>
public sealed record FeatureScaler(FeatureScaling Scaling, double[] Center, double[] Scale, string Reason)
{
    /// <summary>The largest ratio of column standard deviations left unscaled by <see cref="FeatureScaling.Automatic"/>: 10,
    /// a ratio of 100 in the columns' weights in ‖x − y‖².</summary>
    public const double SpreadRatioLimit = 10;

    /// <summary>A point this many interquartile ranges from its column's median is a far outlier: 50. Tukey's far-out
    /// fence is 3 IQRs beyond the quartiles; for a normal column, 50 IQRs is 67σ, which no sample of real size reaches,
    /// while it is well beyond the heavy tails of UCI breast cancer (at most 19 IQRs).</summary>
    public const double OutlierLimit = 50;

    /// <summary>d, the number of columns.</summary>
    public int Dimension => this.Center.Length;

    /// <summary>The identity map for d columns.</summary>
    /// <param name="dimension">d ≥ 1.</param>
    public static FeatureScaler Identity(int dimension)
        => new(FeatureScaling.None, new double[dimension], Enumerable.Repeat(1.0, dimension).ToArray(), "no scaling");

    /// <summary>Fits the scaling to the cloud, choosing it from the data when <paramref name="scaling"/> is automatic.</summary>
    /// <param name="cloud">The points.</param>
    /// <param name="scaling">The scaling, or <see cref="FeatureScaling.Automatic"/>.</param>
    /// <exception cref="ClusteringDataException">A column is constant (it cannot be divided by a zero spread).</exception>
    public static FeatureScaler Fit(PointCloud cloud, FeatureScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ColumnSummary[] columns = Summaries(cloud);
        (FeatureScaling chosen, string why) = scaling == FeatureScaling.Automatic
            ? ChooseFrom(cloud, columns)
            : (scaling, "as asked");
        string outlier = FarthestOutlier(cloud, columns) is { } o && chosen != FeatureScaling.Robust
            ? $"; {o}, robust scaling would keep it from squashing the other points"
            : "";
        int d = cloud.Dimension;
        if (chosen == FeatureScaling.None)
        {
            FeatureScaler identity = Identity(d);
            return identity with { Reason = $"no scaling ({why}){outlier}" };
        }
        double[] center = new double[d];
        double[] scale = new double[d];
        for (int c = 0; c < d; c++)
        {
            ColumnSummary s = columns[c];
            if (!(s.Deviation > 0))
            {
                throw new ClusteringDataException(string.Create(CultureInfo.InvariantCulture,
                    $"Column '{cloud.ColumnNames[c]}' is constant (every point has {s.Median:G6}): it carries no information and cannot be scaled to unit spread; drop the column or cluster without scaling."));
            }
            bool robust = chosen == FeatureScaling.Robust;
            center[c] = robust ? s.Median : s.Mean;
            // A column whose middle half is one value (IQR 0) but which is not constant keeps its standard deviation.
            scale[c] = robust && s.Iqr > 0 ? s.Iqr : s.Deviation;
        }
        string name = chosen == FeatureScaling.Robust ? "robust scaling (x − median)/IQR" : "standard scaling (x − mean)/std";
        return new FeatureScaler(chosen, center, scale, $"{name} ({why}){outlier}");
    }

    /// <summary>
    /// The automatic choice: robust when some column has a point more than <see cref="OutlierLimit"/> IQRs from its
    /// median, else standard when max_c std_c / min_c std_c &gt; <see cref="SpreadRatioLimit"/>, else none; with the reason.
    /// </summary>
    /// <param name="cloud">The points.</param>
    public static (FeatureScaling Scaling, string Reason) Choose(PointCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        return ChooseFrom(cloud, Summaries(cloud));
    }

    /// <summary>The cloud with every coordinate mapped to u = (x − centre)/scale; labels kept, true centres mapped.</summary>
    /// <param name="cloud">Points with this scaler's dimension.</param>
    public PointCloud Transform(PointCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        this.RequireDimension(cloud.Dimension);
        if (this.Scaling == FeatureScaling.None)
        {
            return cloud;
        }
        return new PointCloud(this.Apply(cloud.Points), cloud.Dimension, cloud.Labels,
            cloud.TrueCenters is { } t ? this.Apply(t) : null, cloud.ColumnNames);
    }

    /// <summary>Rows (k × d, row-major) mapped to the scaled space.</summary>
    /// <param name="rows">Rows in input units.</param>
    public double[] Apply(ReadOnlySpan<double> rows)
    {
        int d = this.Dimension;
        double[] result = new double[rows.Length];
        for (int p = 0; p < rows.Length; p++)
        {
            int c = p % d;
            result[p] = (rows[p] - this.Center[c]) / this.Scale[c];
        }
        return result;
    }

    /// <summary>Rows (k × d, row-major) mapped back to input units.</summary>
    /// <param name="rows">Rows in the scaled space.</param>
    public double[] Inverse(ReadOnlySpan<double> rows)
    {
        int d = this.Dimension;
        double[] result = new double[rows.Length];
        for (int p = 0; p < rows.Length; p++)
        {
            int c = p % d;
            result[p] = this.Center[c] + this.Scale[c] * rows[p];
        }
        return result;
    }

    /// <summary>Refuses points of another dimension.</summary>
    private void RequireDimension(int dimension)
    {
        if (dimension != this.Dimension)
        {
            throw new ClusteringDataException($"The points have {dimension} coordinates but the scaling was fitted to {this.Dimension}.");
        }
    }

    /// <summary>The automatic choice on precomputed column summaries.</summary>
    private static (FeatureScaling, string) ChooseFrom(PointCloud cloud, ColumnSummary[] columns)
    {
        if (FarthestOutlier(cloud, columns) is { } outlier)
        {
            return (FeatureScaling.Robust, $"{outlier}");
        }
        int widest = 0, narrowest = 0;
        for (int c = 1; c < columns.Length; c++)
        {
            widest = columns[c].Deviation > columns[widest].Deviation ? c : widest;
            narrowest = columns[c].Deviation < columns[narrowest].Deviation ? c : narrowest;
        }
        double ratio = columns[widest].Deviation / columns[narrowest].Deviation;
        CultureInfo ci = CultureInfo.InvariantCulture;
        if (!(ratio <= SpreadRatioLimit))
        {
            return (FeatureScaling.Standard, string.Create(ci,
                $"the columns' spreads differ by a factor {ratio:0.#} > {SpreadRatioLimit}: std of '{cloud.ColumnNames[widest]}' {columns[widest].Deviation:G3}, of '{cloud.ColumnNames[narrowest]}' {columns[narrowest].Deviation:G3}"));
        }
        return (FeatureScaling.None, string.Create(ci, $"the columns' spreads differ by a factor {ratio:0.#} ≤ {SpreadRatioLimit}"));
    }

    /// <summary>The column with the farthest point beyond <see cref="OutlierLimit"/> IQRs from its median, described, or null.</summary>
    private static string? FarthestOutlier(PointCloud cloud, ColumnSummary[] columns)
    {
        int worst = -1;
        for (int c = 0; c < columns.Length; c++)
        {
            if (columns[c].Iqr > 0 && columns[c].FarthestInIqrs > OutlierLimit && (worst < 0 || columns[c].FarthestInIqrs > columns[worst].FarthestInIqrs))
            {
                worst = c;
            }
        }
        if (worst < 0)
        {
            return null;
        }
        ColumnSummary s = columns[worst];
        return string.Create(CultureInfo.InvariantCulture,
            $"column '{cloud.ColumnNames[worst]}' has a far outlier: point {s.FarthestPoint} ({cloud.Points[s.FarthestPoint * cloud.Dimension + worst]:G6}) lies {s.FarthestInIqrs:G3} IQRs from the median {s.Median:G6}");
    }

    /// <summary>Per-column mean, standard deviation, median, IQR and the farthest point from the median.</summary>
    private static ColumnSummary[] Summaries(PointCloud cloud)
    {
        int n = cloud.Count;
        int d = cloud.Dimension;
        var summaries = new ColumnSummary[d];
        double[] column = new double[n];
        for (int c = 0; c < d; c++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++)
            {
                column[i] = cloud.Points[i * d + c];
                mean += column[i];
            }
            mean /= n;
            double variance = 0;
            for (int i = 0; i < n; i++)
            {
                variance += (column[i] - mean) * (column[i] - mean);
            }
            double deviation = Math.Sqrt(variance / n);
            double[] sorted = (double[])column.Clone();
            Array.Sort(sorted);
            double median = Quantile(sorted, 0.5);
            double iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
            int farthest = 0;
            for (int i = 1; i < n; i++)
            {
                farthest = Math.Abs(column[i] - median) > Math.Abs(column[farthest] - median) ? i : farthest;
            }
            // Rounding can leave a tiny spread on a constant column: below 1e-12 of its magnitude it is constant.
            if (deviation <= 1e-12 * Math.Max(1, Math.Abs(mean)))
            {
                deviation = 0;
            }
            summaries[c] = new ColumnSummary(mean, deviation, median, iqr, farthest, iqr > 0 ? Math.Abs(column[farthest] - median) / iqr : 0);
        }
        return summaries;
    }

    /// <summary>The q-quantile of sorted values, linear between order statistics (numpy's default).</summary>
    internal static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(sorted.Length - 1, low + 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    /// <summary>One column's statistics.</summary>
    private readonly record struct ColumnSummary(double Mean, double Deviation, double Median, double Iqr, int FarthestPoint, double FarthestInIqrs);
}
