using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>
/// The β path (SPEC §6.1): the quantizer run at every β of a geometric grid, the number of clusters at each, and its
/// plateaus — maximal runs of neighbouring grid values with the same count. The widest plateau with more than one
/// cluster and fewer than n/2 is the suggestion, its β the plateau's geometric middle: a count that holds while β
/// changes by a large factor is a structure of the data rather than of the bandwidth.
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
    /// <param name="cloud">The points.</param>
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
        var steps = new BetaPathStep[path.Points];
        for (int s = 0; s < path.Points; s++)
        {
            double beta = center * Math.Pow(path.Span, -1 + 2.0 * s / (path.Points - 1));
            QuantizerResult result = Quantizer.Run(cloud, options with { Beta = beta });
            steps[s] = new BetaPathStep(beta, result.Clusters, result.Converged, result.Layers);
            progress?.Invoke(s + 1);
        }
        BetaPlateau[] plateaus = Plateaus(steps, cloud.Count);
        BetaPlateau? suggested = plateaus.Where(p => p.Eligible).OrderByDescending(p => p.Last - p.First).Cast<BetaPlateau?>().FirstOrDefault();
        string reason = suggested is { } w
            ? string.Create(CultureInfo.InvariantCulture,
                $"widest plateau: {w.Clusters} clusters for β from {steps[w.First].Beta:G3} to {steps[w.Last].Beta:G3} ({w.Last - w.First + 1} of {steps.Length} grid values, a factor {steps[w.Last].Beta / steps[w.First].Beta:G3}); suggested β = {w.Beta:G4}")
            : string.Create(CultureInfo.InvariantCulture,
                $"no plateau with 2 … n/2 clusters on β from {steps[0].Beta:G3} to {steps[^1].Beta:G3}");
        return new BetaPathResult(steps, plateaus, suggested, reason);
    }

    /// <summary>The maximal runs of equal counts, in grid order.</summary>
    internal static BetaPlateau[] Plateaus(BetaPathStep[] steps, int points)
    {
        var plateaus = new List<BetaPlateau>();
        int start = 0;
        for (int s = 1; s <= steps.Length; s++)
        {
            if (s == steps.Length || steps[s].Clusters != steps[start].Clusters)
            {
                // The geometric middle of the plateau: the mean of log β over its ends.
                double beta = Math.Sqrt(steps[start].Beta * steps[s - 1].Beta);
                int clusters = steps[start].Clusters;
                plateaus.Add(new BetaPlateau(start, s - 1, clusters, beta, clusters > 1 && 2 * clusters < points));
                start = s;
            }
        }
        return plateaus.ToArray();
    }
}
