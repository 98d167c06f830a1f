namespace HardmaxCore.Clustering;

/// <summary>
/// In-context quantization by identity attention (SPEC §6.1, the idea of [MBM]): run the parameter-free layer
/// <c>x_i⁺ = Σ_j softmax_j(β·k(x_i, x_j)) x_j</c> for L layers or until converged, group the outputs within δ, and
/// take each group of at least ⌈share·n⌉ points as a cluster, the points of smaller groups (outliers) joining the nearest
/// one (<see cref="QuantizerOptions.MinClusterShare"/>).
/// </summary>
/// <remarks>
/// <code>
/// QuantizerResult q = Quantizer.Run(cloud, new QuantizerOptions { Kernel = IdentityKernel.Gaussian, Beta = 1 });
/// // q.Assignments: the cluster of each point; q.Centers: the codes (input space); q.Outputs: the flattened cloud
/// </code>
/// The layers run in the Core (<see cref="IdentityAttention{T}"/>, all cores, O(n·d) memory), the grouping with
/// <see cref="PointGrouping"/> in O(n log n).
/// </remarks>
public static class Quantizer
{
    /// <summary>
    /// Quantizes <paramref name="points"/> as <see cref="Run"/> does and returns the fitted model: the codes and β, with the
    /// in-context clusters in <see cref="QuantizerModel.Labels"/> and the run in <see cref="QuantizerModel.Result"/>.
    /// </summary>
    /// <param name="points">The points.</param>
    /// <param name="options">Kernel, β, layers or tolerance, precision, threads.</param>
    /// <param name="progress">Optional callback with the number of layers done.</param>
    /// <exception cref="ArgumentException">An option is out of range, or a point's ‖x‖² overflows the precision.</exception>
    public static QuantizerModel Fit(PointCloud points, QuantizerOptions options, Action<int>? progress = null)
    {
        QuantizerResult result = Run(points, options, progress);
        return new QuantizerModel(FeatureScaler.Identity(points.Dimension), points.ColumnNames, result.Centers, result.Beta, result);
    }

    /// <summary>The in-context clusters of <paramref name="points"/>: <see cref="Fit"/>'s <see cref="QuantizerModel.Labels"/>.</summary>
    /// <param name="points">The points.</param>
    /// <param name="options">Kernel, β, layers or tolerance, precision, threads.</param>
    /// <exception cref="ArgumentException">An option is out of range, or a point's ‖x‖² overflows the precision.</exception>
    public static int[] FitPredict(PointCloud points, QuantizerOptions options) => Fit(points, options).Labels!;

    /// <summary>Quantizes <paramref name="cloud"/>.</summary>
    /// <param name="cloud">The points.</param>
    /// <param name="options">Kernel, β, layers or tolerance, precision, threads.</param>
    /// <param name="progress">Optional callback with the number of layers done.</param>
    /// <returns>The codes, the assignments, the outputs and how the run ended.</returns>
    /// <exception cref="ArgumentException">An option is out of range (<see cref="QuantizerOptions.Validate"/>), or a point's
    /// ‖x‖² overflows the precision.</exception>
    /// <remarks>β = 0 is estimated from the cloud (<see cref="BetaEstimate.FromCloud"/>); the result holds the β used.</remarks>
    public static QuantizerResult Run(PointCloud cloud, QuantizerOptions options, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        options.Validate();
        if (options.Beta == 0)
        {
            options = options with { Beta = BetaEstimate.FromCloud(cloud).Beta };
        }
        return options.Precision == QuantizerPrecision.Double
            ? Run<double>(cloud, options, progress)
            : Run<float>(cloud, options, progress);
    }

    /// <summary>
    /// δ, the ‖·‖_∞ radius within which two outputs share a code:
    /// <c>δ = min(4·max(c, tol·(1 + scale)) + 16·ε·(1 + scale), 10⁻²·(1 + scale))</c>, c the last layer's largest move,
    /// scale = max_i ‖x_i‖_∞ of the outputs, ε the machine epsilon of the precision (tol counts only when running until
    /// converged).
    /// </summary>
    /// <remarks>
    /// Derivation (as P4 for the hardmax dynamics). Once the clusters have formed, a layer moves each output towards its
    /// cluster's limit by a contraction of factor ρ ≤ ½: Gaussian blurring mean shift on a cluster of spread s with bandwidth
    /// h = 1/√β contracts it by s²/(s² + h²) per layer, below ½ as soon as s &lt; h and falling as s falls; the dot layer
    /// near its β → ∞ limit is hardmax with no residual (SPEC §6.1 (ii)), ρ → 0. A point whose last move was ≤ c is then
    /// within c·ρ/(1 − ρ) ≤ c of its limit in every coordinate, and two points with the same limit within 2c; the factor 4
    /// doubles that for the slower transient just after the clusters form. Rounding: each output is a weighted mean of
    /// coordinates of magnitude ≤ scale, exact up to a few ulps of scale, hence 16ε(1 + scale).
    /// The cap: when the layers have not yet collapsed the clusters, c is of the order of the clusters' spread and 4c would
    /// chain whole clusters together by single linkage; 1% of the cloud's extent is far below the gap between the limits of a
    /// separated mixture (≥ 4σ), so an unfinished run shows up as many small groups (more layers or a smaller β are needed),
    /// never as a false merge.
    /// </remarks>
    /// <param name="lastChange">c.</param>
    /// <param name="tolerance">tol, or 0 for a fixed number of layers.</param>
    /// <param name="scale">max_i ‖x_i‖_∞.</param>
    /// <param name="epsilon">The machine epsilon of the precision.</param>
    public static double Radius(double lastChange, double tolerance, double scale, double epsilon)
        => Math.Min(4 * Math.Max(lastChange, tolerance * (1 + scale)) + 16 * epsilon * (1 + scale), 1e-2 * (1 + scale));

    /// <summary>The run in precision T.</summary>
    private static QuantizerResult Run<T>(PointCloud cloud, QuantizerOptions options, Action<int>? progress)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = cloud.Count;
        int d = cloud.Dimension;
        T[] x = new T[cloud.Points.Length];
        for (int p = 0; p < x.Length; p++)
        {
            x[p] = T.CreateTruncating(cloud.Points[p]);
        }
        var layerOptions = new IdentityAttentionOptions
        {
            Beta = options.Beta,
            Kernel = options.Kernel,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
        };
        IdentityAttentionResult run;
        bool collapsed = false;
        using (var attention = new IdentityAttention<T>(n, d, layerOptions))
        {
            run = options.Layers is int layers
                ? attention.Run(x, layers, 0, progress)
                : RunUntilConverged(attention, x, d, options, progress, out collapsed);
        }
        double[] outputs = new double[x.Length];
        double scale = 0;
        for (int p = 0; p < x.Length; p++)
        {
            outputs[p] = double.CreateTruncating(x[p]);
            scale = Math.Max(scale, Math.Abs(outputs[p]));
        }
        double epsilon = double.CreateTruncating(MachineEpsilon<T>());
        double radius = Radius(run.Layers == 0 ? 0 : run.LastChange, options.Layers is null ? options.Tolerance : 0, scale, epsilon);
        int[] groupOf = PointGrouping.Group<T>(x, d, radius, out int groups);
        int[] assignments = Retain(cloud.Points, d, groupOf, groups, MinClusterSize(n, options.MinClusterShare), out int clusters, out int attached);
        double[] centers = GroupMeans(cloud.Points, d, assignments, clusters);
        double[] outputCenters = GroupMeans(outputs, d, assignments, clusters);
        return new QuantizerResult(centers, outputCenters, assignments, outputs, run.Layers, run.Converged || collapsed, run.LastChange, radius, options.Beta)
        {
            Groups = groups,
            Attached = attached,
            Collapsed = collapsed,
        };
    }

    /// <summary>Layers between two checks of the collapse rule.</summary>
    internal const int CollapseCheckLayers = 5;

    /// <summary>
    /// Runs layers until the largest move ≤ tol·(1 + max ‖x‖_∞) (a fixed point) or until the clusters have collapsed
    /// (<see cref="QuantizerResult.Collapsed"/>), at most <see cref="QuantizerOptions.MaxLayers"/>.
    /// </summary>
    /// <remarks>
    /// The collapse rule, checked every <see cref="CollapseCheckLayers"/> layers: group the outputs within δ (<see cref="Radius"/>
    /// of the last move); the clusters have collapsed when every group is a point up to
    /// <c>θ = max(tol, 16ε)·(1 + scale)</c> (each member within θ of the group's first member, in ‖·‖_∞) and the number of
    /// groups is the one of the previous check. Blurring mean shift never reaches a fixed point with more than one cluster:
    /// once each cluster is a point, whole clusters keep drifting towards each other at a speed that falls only slowly
    /// (their weights on each other are e^{−β·gap²/2}), and would merge after very many layers. Carreira-Perpiñán (2006,
    /// "Fast nonparametric clustering with Gaussian blurring mean-shift", ICML) stops the iteration at exactly this point
    /// (when the clustering no longer changes); so do we. The layers are the same ones run in blocks (the same bits up to
    /// where the run stops).
    /// </remarks>
    private static IdentityAttentionResult RunUntilConverged<T>(
        IdentityAttention<T> attention, T[] x, int d, QuantizerOptions options, Action<int>? progress, out bool collapsed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        collapsed = false;
        int done = 0;
        int previousGroups = -1;
        double epsilon = double.CreateTruncating(MachineEpsilon<T>());
        IdentityAttentionResult block = new(0, false, 0);
        while (done < options.MaxLayers)
        {
            int offset = done;
            int layers = Math.Min(CollapseCheckLayers, options.MaxLayers - done);
            block = attention.Run(x, layers, options.Tolerance, progress is null ? null : k => progress(offset + k));
            done += block.Layers;
            if (block.Converged || block.Layers < layers)
            {
                break;
            }
            double scale = 0;
            foreach (T v in x)
            {
                scale = Math.Max(scale, Math.Abs(double.CreateTruncating(v)));
            }
            int[] groupOf = PointGrouping.Group<T>(x, d, Radius(block.LastChange, options.Tolerance, scale, epsilon), out int groups);
            if (groups == previousGroups && IsCollapsed(x, d, groupOf, groups, Math.Max(options.Tolerance, 16 * epsilon) * (1 + scale)))
            {
                collapsed = true;
                break;
            }
            previousGroups = groups;
        }
        return new IdentityAttentionResult(done, block.Converged, block.LastChange);
    }

    /// <summary>Whether every group's members lie within <paramref name="theta"/> (‖·‖_∞) of the group's first member.</summary>
    private static bool IsCollapsed<T>(T[] x, int d, int[] groupOf, int groups, double theta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] first = new int[groups];
        Array.Fill(first, -1);
        for (int i = 0; i < groupOf.Length; i++)
        {
            int g = groupOf[i];
            if (first[g] < 0)
            {
                first[g] = i;
                continue;
            }
            int f = first[g];
            for (int c = 0; c < d; c++)
            {
                if (Math.Abs(double.CreateTruncating(x[(i * d) + c]) - double.CreateTruncating(x[(f * d) + c])) > theta)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>m = ⌈share·n⌉ (at least 1), the fewest points a group needs to be a cluster (<see cref="QuantizerOptions.MinClusterShare"/>).</summary>
    /// <param name="points">n.</param>
    /// <param name="share">The share.</param>
    public static int MinClusterSize(int points, double share) => Math.Max(1, (int)Math.Ceiling(share * points - 1e-9));

    /// <summary>
    /// The clusters from the groups: the groups of at least <paramref name="minSize"/> points are kept, every point of a
    /// smaller group joins the kept group whose input-space mean is nearest (ties: the lower number); when no group is
    /// that large, every group is kept. Clusters are numbered in order of their first point.
    /// </summary>
    /// <param name="points">The input points, n × d.</param>
    /// <param name="d">d.</param>
    /// <param name="groupOf">The group of each point, 0 … groups − 1.</param>
    /// <param name="groups">The number of groups.</param>
    /// <param name="minSize">m.</param>
    /// <param name="clusters">The number of clusters kept.</param>
    /// <param name="attached">The number of points that joined another group.</param>
    internal static int[] Retain(ReadOnlySpan<double> points, int d, int[] groupOf, int groups, int minSize, out int clusters, out int attached)
    {
        int[] size = new int[groups];
        foreach (int g in groupOf)
        {
            size[g]++;
        }
        int[] kept = Enumerable.Range(0, groups).Where(g => size[g] >= minSize).ToArray();
        attached = 0;
        if (kept.Length == 0 || kept.Length == groups)
        {
            clusters = groups;
            return groupOf;
        }
        // The kept groups' input-space means, in the order of their numbers.
        int[] keptIndex = Enumerable.Repeat(-1, groups).ToArray();
        for (int r = 0; r < kept.Length; r++)
        {
            keptIndex[kept[r]] = r;
        }
        int[] provisional = new int[groupOf.Length];
        for (int i = 0; i < groupOf.Length; i++)
        {
            provisional[i] = keptIndex[groupOf[i]];
        }
        double[] means = new double[kept.Length * d];
        for (int i = 0; i < groupOf.Length; i++)
        {
            if (provisional[i] >= 0)
            {
                for (int c = 0; c < d; c++)
                {
                    means[provisional[i] * d + c] += points[i * d + c];
                }
            }
        }
        for (int r = 0; r < kept.Length; r++)
        {
            for (int c = 0; c < d; c++)
            {
                means[r * d + c] /= size[kept[r]];
            }
        }
        for (int i = 0; i < groupOf.Length; i++)
        {
            if (provisional[i] < 0)
            {
                provisional[i] = Vectors.Nearest(points.Slice(i * d, d), means, d, out _);
                attached++;
            }
        }
        // Renumber in order of first point.
        int[] number = Enumerable.Repeat(-1, kept.Length).ToArray();
        int next = 0;
        int[] result = new int[groupOf.Length];
        for (int i = 0; i < groupOf.Length; i++)
        {
            int r = provisional[i];
            if (number[r] < 0)
            {
                number[r] = next++;
            }
            result[i] = number[r];
        }
        clusters = next;
        return result;
    }

    /// <summary>The mean of each group's rows, k × d.</summary>
    internal static double[] GroupMeans(ReadOnlySpan<double> rows, int d, int[] groupOf, int groups)
    {
        double[] means = new double[groups * d];
        int[] counts = new int[groups];
        for (int i = 0; i < groupOf.Length; i++)
        {
            int g = groupOf[i];
            counts[g]++;
            for (int c = 0; c < d; c++)
            {
                means[g * d + c] += rows[i * d + c];
            }
        }
        for (int g = 0; g < groups; g++)
        {
            for (int c = 0; c < d; c++)
            {
                means[g * d + c] /= counts[g];
            }
        }
        return means;
    }

    /// <summary>The gap between 1 and the next number of T (2⁻²³ for float, 2⁻⁵² for double).</summary>
    private static T MachineEpsilon<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.BitIncrement(T.One) - T.One;
}
