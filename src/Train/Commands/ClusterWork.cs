using System.Globalization;
using HardmaxCore.Clustering;

namespace HardmaxCore.Train.Commands;

/// <summary>The work of one <c>hardmax cluster</c> run, estimated from the options before any method starts (<see cref="WorkBudget"/>).</summary>
internal static class ClusterWork
{
    /// <summary>Sums the estimates of the methods chosen and refuses the run above the budget unless <paramref name="allowLong"/>.</summary>
    /// <exception cref="CliException">Above the budget without --allow-long.</exception>
    public static void Require(CommandContext context, PointCloud cloud, string chosen, QuantizerOptions quantizer, PrototypeHeadsOptions heads, bool population,
        KMeansOptions kmeans, bool betaPath, bool allowLong)
    {
        long n = cloud.Count;
        int d = cloud.Dimension;
        double total = 0;
        var parts = new List<string>();
        CultureInfo c = CultureInfo.InvariantCulture;
        if (chosen is "quantize" or "all")
        {
            long layers = quantizer.Layers ?? quantizer.MaxLayers;
            double work = WorkBudget.Quantizer(n, d, layers);
            total += work;
            parts.Add(string.Create(c, $"quantize n²·(d+4) × {layers} layers = {WorkBudget.Format(work)}"));
        }
        if (betaPath)
        {
            var path = new BetaPathOptions();
            long m = Math.Min(n, path.SampleSize);
            long layers = quantizer.Layers ?? quantizer.MaxLayers;
            double work = path.Points * WorkBudget.Quantizer(m, d, layers);
            total += work;
            parts.Add(string.Create(c, $"β path {path.Points} × m²·(d+4) × {layers} layers (m = {m}) = {WorkBudget.Format(work)}"));
        }
        if (chosen is "heads" or "all")
        {
            double work = WorkBudget.Heads(n, d, heads, population);
            total += work;
            parts.Add(string.Create(c, $"heads {heads.Steps} steps × batch × H·d = {WorkBudget.Format(work)}"));
        }
        if (chosen is "kmeans" or "all")
        {
            double work = WorkBudget.KMeans(n, d, kmeans);
            total += work;
            parts.Add(string.Create(c, $"k-means {kmeans.Restarts} restarts × up to {kmeans.MaxIterations} iterations × n·k·d = {WorkBudget.Format(work)}"));
        }
        WorkBudget.Require(context, total, string.Join("; ", parts), allowLong, "lower --layers (or --max-layers), --steps, --batch, n or d");
    }
}
