using System.Globalization;

namespace HardmaxCore.Clustering;

/// <summary>
/// The quantizer with a given number of clusters K (SPEC §6.1): β searched by bisection on log β, the cluster count
/// growing with β (a narrower kernel collapses fewer points together), in at most <see cref="MaxFits"/> quantizer runs.
/// </summary>
/// <remarks>
/// <code>
/// BetaSearchResult found = BetaSearch.ForClusters(cloud, new QuantizerOptions(), clusters: 3);
/// // found.Result (the run), found.Trace (β → clusters of every fit), found.Reason
/// </code>
/// Start at the options' β (or the estimate from the data); multiply or divide it by 4 until K is bracketed; then bisect
/// the bracket geometrically. The count is monotone in β only in the main (blurring mean shift merges clusters
/// at rate ∝ exp(−β·gap²/2)), so the search keeps the fit whose count is closest to K (the first such) and says so when
/// it is not K.
/// </remarks>
public static class BetaSearch
{
    /// <summary>The most quantizer runs one search makes: 14.</summary>
    public const int MaxFits = 14;

    /// <summary>Searches β so that the quantizer gives <paramref name="clusters"/> clusters.</summary>
    /// <param name="cloud">The points.</param>
    /// <param name="options">The quantizer's options; its β (or the estimate when 0) starts the search.</param>
    /// <param name="clusters">K ≥ 1.</param>
    /// <param name="progress">Optional callback with the fits done.</param>
    /// <exception cref="ArgumentException">K is not in 1..n, or an option is out of range.</exception>
    public static BetaSearchResult ForClusters(PointCloud cloud, QuantizerOptions options, int clusters, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        options.Validate();
        if (clusters < 1 || clusters > cloud.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(clusters), clusters, $"The number of clusters must be from 1 to the number of points {cloud.Count} (found {clusters}).");
        }
        double beta = options.Beta > 0 ? options.Beta : BetaEstimate.FromCloud(cloud).Beta;
        var trace = new List<(double Beta, int Clusters)>();
        QuantizerResult? best = null;
        QuantizerResult Fit(double b)
        {
            QuantizerResult result = Quantizer.Run(cloud, options with { Beta = b });
            trace.Add((b, result.Clusters));
            progress?.Invoke(trace.Count);
            if (best is null || Math.Abs(result.Clusters - clusters) < Math.Abs(best.Clusters - clusters))
            {
                best = result;
            }
            return result;
        }
        double low = double.NaN, high = double.NaN;   // count(low) < K < count(high)
        QuantizerResult current = Fit(beta);
        while (current.Clusters != clusters && trace.Count < MaxFits)
        {
            if (current.Clusters < clusters)
            {
                low = beta;
            }
            else
            {
                high = beta;
            }
            beta = double.IsNaN(high) ? beta * 4 : double.IsNaN(low) ? beta / 4 : Math.Sqrt(low * high);
            if (!double.IsFinite(beta) || beta <= 0 || beta > 1e300 || beta < 1e-300)
            {
                break;
            }
            current = Fit(beta);
        }
        string reason = best!.Clusters == clusters
            ? string.Create(CultureInfo.InvariantCulture, $"β = {best.Beta:G4} gives {clusters} clusters (found by bisection on log β in {trace.Count} fits)")
            : string.Create(CultureInfo.InvariantCulture, $"no β gave {clusters} clusters in {trace.Count} fits; the closest was {best.Clusters} at β = {best.Beta:G4}");
        return new BetaSearchResult(best, trace.ToArray(), reason);
    }
}
