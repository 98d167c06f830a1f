using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>
/// The β path (SPEC §6.1): the quantizer run at every β of a geometric grid, the number of clusters at each (groups of at
/// least <see cref="QuantizerOptions.MinClusterShare"/> of the points), and its plateaus — maximal runs of neighbouring
/// grid values with the same count. The widest plateau that is not trivial is the suggestion, its β the plateau's
/// geometric middle: a count that holds while β changes by a large factor is a structure of the data rather than of the
/// bandwidth. Trivial are the one-cluster plateau of small β (every bandwidth wider than the cloud gives it) and the
/// fragmented tail of large β, where more than half of the points lie in groups below the minimum share (the kernel is
/// narrower than the gaps between neighbouring points, so the count says nothing about clusters).
/// </summary>
/// <remarks>
/// <code>
/// BetaPathResult path = BetaPath.Run(cloud, new QuantizerOptions(), new BetaPathOptions());
/// // path.Steps: (β, clusters, converged) per grid value; path.Plateaus; path.Suggested
/// </code>
/// </remarks>
public static class BetaPath
{
    /// <summary>Runs the quantizer over the grid.</summary>
    /// <param name="cloud">The points (the path runs on a seeded sample of at most <see cref="BetaPathOptions.SampleSize"/> of them).</param>
    /// <param name="options">The quantizer's options; its β (or the estimate when 0) is the grid's centre β₀.</param>
    /// <param name="path">The grid.</param>
    /// <param name="progress">Optional callback with the grid values done.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static BetaPathResult Run(PointCloud cloud, QuantizerOptions options, BetaPathOptions path, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        options.Validate();
        path.Validate();
        double center = options.Beta > 0 ? options.Beta : BetaEstimate.FromCloud(cloud).Beta;
        PointCloud sample = cloud.Count <= path.SampleSize
            ? cloud
            : new PointCloud(Sampling.Rows(cloud.Points, cloud.Dimension, Sampling.Indices(cloud.Count, path.SampleSize, seed: 0)), cloud.Dimension);
        int n = sample.Count;
        int minSize = Quantizer.MinClusterSize(n, options.MinClusterShare);
        var steps = new BetaPathStep[path.Points];
        for (int s = 0; s < path.Points; s++)
        {
            double beta = center * Math.Pow(path.Span, -1 + 2.0 * s / (path.Points - 1));
            QuantizerResult result = Quantizer.Run(sample, options with { Beta = beta });
            steps[s] = new BetaPathStep(beta, result.Clusters, result.Converged, result.Layers)
            {
                Groups = result.Groups,
                Outliers = Outliers(result, minSize),
            };
            progress?.Invoke(s + 1);
        }
        BetaPlateau[] plateaus = Plateaus(steps, n);
        BetaPlateau? suggested = plateaus.Where(p => p.Eligible).OrderByDescending(p => p.Last - p.First).Cast<BetaPlateau?>().FirstOrDefault();
        string reason = suggested is { } w
            ? string.Create(CultureInfo.InvariantCulture,
                $"widest plateau: {w.Clusters} clusters for β from {steps[w.First].Beta:G3} to {steps[w.Last].Beta:G3} ({w.Last - w.First + 1} of {steps.Length} grid values, a factor {steps[w.Last].Beta / steps[w.First].Beta:G3}); suggested β = {w.Beta:G4}")
            : string.Create(CultureInfo.InvariantCulture,
                $"no plateau with 2 … n/2 clusters holding at least half of the points on β from {steps[0].Beta:G3} to {steps[^1].Beta:G3}");
        return new BetaPathResult(steps, plateaus, suggested, reason);
    }

    /// <summary>The points of groups below the minimum size: those attached to a cluster, or every point when no group reached it.</summary>
    private static int Outliers(QuantizerResult result, int minSize)
    {
        int[] size = new int[result.Clusters];
        foreach (int c in result.Assignments)
        {
            size[c]++;
        }
        int covered = size.Where(v => v >= minSize).Sum() - result.Attached;
        return result.Assignments.Length - covered;
    }

    /// <summary>Whether a grid value can be suggested: 2 ≤ clusters &lt; n/2 and at most half of the points outliers.</summary>
    private static bool Eligible(BetaPathStep step, int points) => step.Clusters > 1 && 2 * step.Clusters < points && 2 * step.Outliers <= points;

    /// <summary>The maximal runs of equal counts (and equal eligibility), in grid order.</summary>
    internal static BetaPlateau[] Plateaus(BetaPathStep[] steps, int points)
    {
        var plateaus = new List<BetaPlateau>();
        int start = 0;
        for (int s = 1; s <= steps.Length; s++)
        {
            if (s == steps.Length || steps[s].Clusters != steps[start].Clusters || Eligible(steps[s], points) != Eligible(steps[start], points))
            {
                // The geometric middle of the plateau: the mean of log β over its ends.
                double beta = Math.Sqrt(steps[start].Beta * steps[s - 1].Beta);
                plateaus.Add(new BetaPlateau(start, s - 1, steps[start].Clusters, beta, Eligible(steps[start], points)));
                start = s;
            }
        }
        return plateaus.ToArray();
    }
}
