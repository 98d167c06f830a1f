using System.Diagnostics;
using System.Globalization;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Plotting;
using HardmaxCore.Experiments.Text;

namespace HardmaxCore.Experiments.Clustering;

/// <summary>
/// A clustering job's values as a user gives them (null = absent: the options records' default, or chosen from the data),
/// checked together (<see cref="Validate"/>) and turned into the <see cref="ClusteringRequest"/> they ask for
/// (<see cref="ToRequest"/>). Its messages name these properties and the options records'; the tool shows its flags instead.
/// </summary>
/// <remarks>
/// <code>
/// var settings = new ClusteringSettings { Input = "points.csv", Method = "quantize", Layers = 30 };
/// settings.Validate();                                   // the rules between the values, before any work
/// ClusteringRequest request = settings.ToRequest(page);  // the options records, each default theirs
/// </code>
/// </remarks>
internal sealed record ClusteringSettings
{
    /// <summary>The points' file (CSV or .npy), or null.</summary>
    public string? Input { get; init; }

    /// <summary>The mixture to draw the points from, <c>K,d,n,separation[,seed]</c> (<see cref="MixtureSpec.Parse"/>), or null.</summary>
    public string? Gmm { get; init; }

    /// <summary>quantize, heads, kmeans or all.</summary>
    public string Method { get; init; } = "all";

    /// <summary>auto, none, standard or robust (null = auto: <see cref="FeatureScaling.Automatic"/>).</summary>
    public string? Scale { get; init; }

    /// <summary>K, or 0 or null to choose k from the data.</summary>
    public int? Clusters { get; init; }

    /// <summary>β, or 0 or null for the β path's suggestion.</summary>
    public double? Beta { get; init; }

    /// <summary>The quantizer's kernel, dot or gaussian (null = <see cref="QuantizerOptions.Kernel"/>'s default).</summary>
    public string? Kernel { get; init; }

    /// <summary>Exactly this many quantizer layers (<see cref="QuantizerOptions.Layers"/>), or null to run until converged.</summary>
    public int? Layers { get; init; }

    /// <summary>Whether running until converged was asked for explicitly (the default; excludes <see cref="Layers"/>).</summary>
    public bool UntilConverged { get; init; }

    /// <summary>The layer cap when running until converged (<see cref="QuantizerOptions.MaxLayers"/>), or null.</summary>
    public int? MaxLayers { get; init; }

    /// <summary>The convergence tolerance (<see cref="QuantizerOptions.Tolerance"/>), or null.</summary>
    public double? Tolerance { get; init; }

    /// <summary>The quantizer's precision, float or double (null = <see cref="QuantizerOptions.Precision"/>'s default).</summary>
    public string? Precision { get; init; }

    /// <summary>The heads' λ (<see cref="PrototypeHeadsOptions.Lambda"/>), or null.</summary>
    public double? Lambda { get; init; }

    /// <summary>The heads' Adam steps (<see cref="PrototypeHeadsOptions.Steps"/>), or null.</summary>
    public int? Steps { get; init; }

    /// <summary>The heads' mini-batch size (<see cref="PrototypeHeadsOptions.BatchSize"/>), or null.</summary>
    public int? Batch { get; init; }

    /// <summary>The heads' initialisation, random or kmeans++ (null = <see cref="PrototypeHeadsOptions.Initialization"/>'s default).</summary>
    public string? Initialization { get; init; }

    /// <summary>The seed of the heads and k-means, or null for theirs.</summary>
    public int? Seed { get; init; }

    /// <summary>Threads of the quantizer and k-means (0 = all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Where to write the β path (JSON), or null.</summary>
    public string? BetaPath { get; init; }

    /// <summary>Where to draw the β path (.png, .svg or .pdf), or null; needs <see cref="BetaPath"/>.</summary>
    public string? BetaPathPlot { get; init; }

    /// <summary>Where to write the quantizer's outputs, or null; needs the quantizer.</summary>
    public string? Outputs { get; init; }

    /// <summary>Where to draw the clusters (.png, .svg or .pdf), or null.</summary>
    public string? Plot { get; init; }

    /// <summary>Parses <see cref="Clusters"/> as a user types it: auto (0) or a whole number ≥ 1 (invariant culture).</summary>
    /// <exception cref="ExperimentException">Anything else.</exception>
    public static int ParseClusters(string text)
        => text.Equals("auto", StringComparison.OrdinalIgnoreCase) ? 0
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) && k >= 1 ? k
        : throw new ExperimentException($"ClusteringRequest.Clusters expects auto or a whole number ≥ 1 (found '{text}').");

    /// <summary>Parses <see cref="Beta"/> as a user types it: auto (0) or a finite number &gt; 0 (invariant culture).</summary>
    /// <exception cref="ExperimentException">Anything else.</exception>
    public static double ParseBeta(string text)
        => text.Equals("auto", StringComparison.OrdinalIgnoreCase) ? 0.0
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value) ? value
        : throw new ExperimentException($"QuantizerOptions.Beta expects auto or a finite number > 0 (found '{text}').");

    /// <summary>Whether the quantizer runs (<see cref="Method"/> quantize or all).</summary>
    public bool Quantizes => this.Method is "quantize" or "all";

    /// <summary>
    /// Checks the rules between the values, before any work: <see cref="Layers"/> excludes <see cref="UntilConverged"/>,
    /// <see cref="MaxLayers"/> and <see cref="Tolerance"/>; exactly one of <see cref="Input"/> and <see cref="Gmm"/>; the
    /// figures' extensions; <see cref="Outputs"/> needs the quantizer; <see cref="BetaPathPlot"/> needs <see cref="BetaPath"/>.
    /// </summary>
    /// <exception cref="ExperimentException">A rule is broken; the message names the properties.</exception>
    public void Validate()
    {
        if (this.Layers is not null && this.UntilConverged)
        {
            throw new ExperimentException("QuantizerOptions.Layers and ClusteringSettings.UntilConverged exclude each other; give one (without QuantizerOptions.Layers it runs until converged).");
        }
        if (this.Layers is not null && (this.MaxLayers is not null || this.Tolerance is not null))
        {
            throw new ExperimentException("QuantizerOptions.MaxLayers and QuantizerOptions.Tolerance apply only when running until converged: drop QuantizerOptions.Layers or drop them.");
        }
        if ((this.Input is null) == (this.Gmm is null))
        {
            throw new ExperimentException(this.Input is null
                ? "give the points with ClusteringSettings.Input points.csv or ClusteringSettings.Gmm K,d,n,separation[,seed]."
                : "ClusteringSettings.Input and ClusteringSettings.Gmm exclude each other; give one.");
        }
        if (this.Plot is not null)
        {
            FigureComposer.RequireFormat(this.Plot, "ClusteringSettings.Plot");
        }
        if (this.Outputs is not null && !this.Quantizes)
        {
            throw new ExperimentException("ClusteringSettings.Outputs writes the quantizer's outputs: add ClusteringSettings.Method quantize or all, or drop ClusteringSettings.Outputs.");
        }
        if (this.BetaPathPlot is not null && this.BetaPath is null)
        {
            throw new ExperimentException("ClusteringSettings.BetaPathPlot draws the β path: add ClusteringSettings.BetaPath path.json.");
        }
        if (this.BetaPathPlot is not null)
        {
            FigureComposer.RequireFormat(this.BetaPathPlot, "ClusteringSettings.BetaPathPlot");
        }
    }

    /// <summary>The request: each options record with the values given, every other value the record's default.</summary>
    /// <param name="betaPathPage">The page of the β path's drawing.</param>
    public ClusteringRequest ToRequest(FigurePage betaPathPage)
    {
        QuantizerOptions quantizer = new QuantizerOptions() with { MaxDegreeOfParallelism = this.Threads };
        quantizer = this.Kernel is { } kernel ? quantizer with { Kernel = kernel == "dot" ? IdentityKernel.Dot : IdentityKernel.Gaussian } : quantizer;
        quantizer = this.Layers is int layers ? quantizer with { Layers = layers } : quantizer;
        quantizer = this.MaxLayers is int cap ? quantizer with { MaxLayers = cap } : quantizer;
        quantizer = this.Tolerance is double tolerance ? quantizer with { Tolerance = tolerance } : quantizer;
        quantizer = this.Precision is { } precision ? quantizer with { Precision = precision == "double" ? QuantizerPrecision.Double : QuantizerPrecision.Float } : quantizer;
        var heads = new PrototypeHeadsOptions();
        heads = this.Lambda is double lambda ? heads with { Lambda = lambda } : heads;
        heads = this.Steps is int steps ? heads with { Steps = steps } : heads;
        heads = this.Batch is int batch ? heads with { BatchSize = batch } : heads;
        heads = this.Initialization is { } init ? heads with { Initialization = init == "kmeans++" ? HeadsInitialization.KMeansPlusPlus : HeadsInitialization.Random } : heads;
        heads = this.Seed is int headSeed ? heads with { Seed = headSeed } : heads;
        KMeansOptions kmeans = new KMeansOptions(1) { MaxDegreeOfParallelism = this.Threads };
        kmeans = this.Seed is int kmeansSeed ? kmeans with { Seed = kmeansSeed } : kmeans;
        FeatureScaling scaling = this.Scale switch
        {
            "none" => FeatureScaling.None,
            "standard" => FeatureScaling.Standard,
            "robust" => FeatureScaling.Robust,
            _ => FeatureScaling.Automatic,
        };
        return new ClusteringRequest(this.Method, scaling, this.Clusters is > 0 ? this.Clusters : null, this.Beta is > 0 ? this.Beta : null,
            quantizer, heads, kmeans, this.BetaPath, this.BetaPathPlot, betaPathPage);
    }

    /// <summary>
    /// Runs <paramref name="body"/> (<see cref="ClusteringJob.Fit"/>'s fitting) with one progress line per method on a live
    /// <paramref name="display"/> — each method's time left at its own rate: the quantizer (first) from now, the heads from
    /// their first report — and silently otherwise.
    /// </summary>
    public static void WithProgress(LiveDisplay display, ClusteringRequest request, Action<Action<int>?, Action<int>?> body)
    {
        if (!display.IsLive)
        {
            body(null, null);
            return;
        }
        int layers = request.Quantizer.Layers ?? request.Quantizer.MaxLayers;
        int steps = Math.Max(1, request.Heads.Steps);
        long quantizeStart = Stopwatch.GetTimestamp();
        long? headsStart = null;
        body(
            request.Quantizes ? done => display.Timed("quantize: layers", done, layers, quantizeStart, upperBound: request.Quantizer.Layers is null) : null,
            request.TrainsHeads ? done => display.Timed("heads: Adam steps", done, steps, headsStart ??= Stopwatch.GetTimestamp()) : null);
    }
}
