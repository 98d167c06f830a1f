using System.CommandLine;
using HardmaxCore.Clustering;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// The options of <c>hardmax cluster</c> that take <c>auto</c> or a value (<c>--clusters</c>, <c>--beta</c>,
/// <c>--scale</c>): every default is the library's, an absent option leaves the
/// options record's value.
/// </summary>
internal static class ClusterOptions
{
    /// <summary><c>--clusters auto|K</c> (aliases <c>--heads</c>, <c>--k</c>): 0 = auto (see <see cref="ClusteringSettings.Clusters"/>).</summary>
    public static Option<int?> Clusters() => new("--clusters", "--heads", "--k")
    {
        Description = "k of k-means and H of the heads, and the quantizer's target (β searched until it gives K): a whole number, or auto (default: k-means' best mean silhouette for k = 2…10; the labels are never used).",
        HelpName = "auto|K",
        CustomParser = result => CliOptions.Parsed(result, text => (int?)ClusteringSettings.ParseClusters(text)),
    };

    /// <summary><c>--beta auto|B</c>: 0 = auto, as <see cref="QuantizerOptions.Beta"/> (see <see cref="ClusteringSettings.Beta"/>).</summary>
    public static Option<double?> Beta() => new("--beta")
    {
        Description = "Quantizer inverse temperature β in 1/(data units)², or auto (default: √d/q², q the 10% quantile of pairwise distances; gaussian bandwidth 1/√β).",
        HelpName = "auto|B",
        CustomParser = result => CliOptions.Parsed(result, text => (double?)ClusteringSettings.ParseBeta(text)),
    };

    /// <summary><c>--scale auto|none|standard|robust</c>.</summary>
    public static Option<string?> Scale()
    {
        var option = new Option<string?>("--scale")
        {
            Description = "Rescale each column before clustering (centres and outputs are reported in the input's units): standard (x − mean)/std, robust (x − median)/IQR, none, or auto (default: robust when a column has a point > 50 IQRs from its median, standard when the columns' spreads differ by more than 10×, else none).",
            HelpName = "auto|none|standard|robust",
        };
        option.AcceptOnlyFromAmong("auto", "none", "standard", "robust");
        return option;
    }
}
