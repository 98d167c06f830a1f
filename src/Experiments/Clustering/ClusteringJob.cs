using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Plotting;
using HardmaxCore.Experiments.Work;

namespace HardmaxCore.Experiments.Clustering;

/// <summary>What a clustering job is asked to fit: the methods, and the choices the data may make (null = from the data).</summary>
/// <param name="Method">quantize, heads, kmeans or all.</param>
/// <param name="Scaling">The scaling (automatic unless given).</param>
/// <param name="Clusters">K, or null to choose k from the data.</param>
/// <param name="Beta">β, or null for the β path's suggestion (the estimate from the data when the path has none).</param>
/// <param name="Quantizer">The quantizer's options (its β is set here).</param>
/// <param name="Heads">The heads' options (H is set here).</param>
/// <param name="KMeans">k-means' options (k is set here).</param>
/// <param name="BetaPathJson">Where to write the β path, or null not to run it.</param>
/// <param name="BetaPathPlot">Where to draw it (.png, .svg or .pdf), or null.</param>
/// <param name="BetaPathPage">The page of that drawing, or null for <see cref="FigureSize.BetaPath"/>.</param>
internal sealed record ClusteringRequest(
    string Method, FeatureScaling Scaling, int? Clusters, double? Beta, QuantizerOptions Quantizer, PrototypeHeadsOptions Heads, KMeansOptions KMeans,
    string? BetaPathJson, string? BetaPathPlot, FigurePage? BetaPathPage = null)
{
    /// <summary>The top of the automatic search for k (<see cref="ClusterCountOptions"/>), the k a work estimate assumes when none is given.</summary>
    public const int BudgetClusters = 10;

    /// <summary>Whether the quantizer runs.</summary>
    public bool Quantizes => this.Method is "quantize" or "all";

    /// <summary>Whether the prototype heads run.</summary>
    public bool TrainsHeads => this.Method is "heads" or "all";

    /// <summary>Whether k-means runs.</summary>
    public bool RunsKMeans => this.Method is "kmeans" or "all";

    /// <summary>Whether the heads or k-means run (they need k).</summary>
    public bool NeedsK => this.Method is "heads" or "kmeans" or "all";

    /// <summary>Whether the β path runs: asked for, or the quantizer's β comes from it (neither β nor k given).</summary>
    public bool RunsBetaPath => this.BetaPathJson is not null || (this.Quantizes && this.Beta is null && this.Clusters is null);
}

/// <summary>The fitted runs, in input units, with the scaling they ran under.</summary>
internal sealed record ClusterFit(FeatureScaler Scaler, List<ClusteringRun> Runs);

/// <summary>The work of a clustering job, estimated before any method starts: the total and how it is made.</summary>
/// <param name="Operations">The elementary operations (<see cref="WorkEstimate"/>).</param>
/// <param name="Description">One part per method, e.g. "quantize n²·(d+4) × 30 layers = 3e12".</param>
internal sealed record ClusteringWork(double Operations, string Description);

/// <summary>A Gaussian mixture to draw points from: K components in R^d whose means are at least a separation apart (σ = 1).</summary>
/// <param name="Components">K ≥ 1.</param>
/// <param name="Dimension">d ≥ 1.</param>
/// <param name="Points">n ≥ K.</param>
/// <param name="Separation">The least distance between two means, in units of σ (&gt; 0).</param>
/// <param name="Seed">The mixture's seed (the points' is derived from it).</param>
internal sealed record MixtureSpec(int Components, int Dimension, long Points, double Separation, int Seed = MixtureSpec.DefaultSeed)
{
    /// <summary>The mixture's seed when the text gives none.</summary>
    public const int DefaultSeed = 1;

    /// <summary>What <see cref="Parse"/> expects.</summary>
    private const string Expected = "expected K,d,n,separation[,seed] with whole numbers K, d, n ≥ 1, a separation > 0 and an integer seed, e.g. 3,2,3000,6";

    /// <summary>Parses <c>K,d,n,separation[,seed]</c> (invariant culture; the seed defaults to <see cref="DefaultSeed"/>).</summary>
    /// <exception cref="ExperimentException">The text does not parse, or a value is out of range.</exception>
    public static MixtureSpec Parse(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 4 or > 5)
        {
            throw new ExperimentException($"{parts.Length} fields; {Expected}.");
        }
        CultureInfo c = CultureInfo.InvariantCulture;
        if (!int.TryParse(parts[0], NumberStyles.Integer, c, out int components) || components < 1
            || !int.TryParse(parts[1], NumberStyles.Integer, c, out int dimension) || dimension < 1
            || !long.TryParse(parts[2], NumberStyles.Integer, c, out long count) || count < 1
            || !double.TryParse(parts[3], NumberStyles.Float, c, out double separation) || !(separation > 0) || !double.IsFinite(separation))
        {
            throw new ExperimentException($"{Expected}.");
        }
        int seed = DefaultSeed;
        if (parts.Length == 5 && !int.TryParse(parts[4], NumberStyles.Integer, c, out seed))
        {
            throw new ExperimentException($"the seed '{parts[4]}' is not an integer; {Expected}.");
        }
        return new MixtureSpec(components, dimension, count, separation, seed);
    }
}

/// <summary>
/// The clustering job of <c>hardmax cluster</c> (SPEC §6.3): scale, choose k and β from the data unless given — each
/// choice stated in one note — run the methods on the scaled points, and map every result back to the input's units; the
/// assignment of new points with a saved model; the mixture draw; the work estimate.
/// </summary>
internal static class ClusteringJob
{
    /// <summary>Fits the requested methods to <paramref name="cloud"/>.</summary>
    /// <param name="cloud">The points in input units.</param>
    /// <param name="mixture">The generator of mixture points (fresh batches for the heads when the points are not rescaled), or null.</param>
    /// <param name="request">What to fit.</param>
    /// <param name="note">Gets each choice made (scaling, k, β) as one line.</param>
    /// <param name="saved">Gets each file written (the β path and its figure).</param>
    /// <param name="progress">Runs the fitting with progress callbacks (layers, steps).</param>
    /// <exception cref="ExperimentException">More clusters than points.</exception>
    public static ClusterFit Fit(PointCloud cloud, GaussianMixture? mixture, ClusteringRequest request, Action<string> note, Action<string>? saved,
        Action<Action<Action<int>?, Action<int>?>> progress)
    {
        FeatureScaler scaler = FeatureScaler.Fit(cloud, request.Scaling);
        note($"scaling: {scaler.Reason}");
        PointCloud scaled = scaler.Transform(cloud);

        int k = 0;
        if (request.NeedsK)
        {
            if (request.Clusters is int given)
            {
                k = given;
                note(string.Create(CultureInfo.InvariantCulture, $"k: {k}, as given"));
            }
            else
            {
                ClusterCountChoice choice = ClusterCount.Choose(scaled, request.KMeans, new ClusterCountOptions());
                k = choice.Clusters;
                note($"k: {choice.Reason}");
            }
            RequireClusters(k, cloud);
        }

        QuantizerOptions quantizer = request.Quantizer;
        if (request.Beta is double givenBeta && request.Quantizes)
        {
            quantizer = quantizer with { Beta = givenBeta };
            note(string.Create(CultureInfo.InvariantCulture, $"β: {givenBeta:G4}, as given"));
        }
        bool betaFromPath = request.Quantizes && request.Beta is null && request.Clusters is null;
        if (request.RunsBetaPath)
        {
            BetaPathResult path = BetaPath.Run(scaled, quantizer, new BetaPathOptions());
            note($"β path: {path.Reason}");
            if (request.BetaPathJson is not null)
            {
                AtomicFile.WriteAllBytes(request.BetaPathJson, BetaPathJson(path));
                saved?.Invoke(request.BetaPathJson);
            }
            if (request.BetaPathPlot is not null)
            {
                AtomicFile.WriteAllBytes(request.BetaPathPlot, BetaPathFigure.Render(path, cloud.Count, request.BetaPathPage ?? FigureSize.BetaPath, FigureComposer.RequireFormat(request.BetaPathPlot)));
                saved?.Invoke(request.BetaPathPlot);
            }
            if (betaFromPath && path.Suggested is { } suggested)
            {
                quantizer = quantizer with { Beta = suggested.Beta };
                note(string.Create(CultureInfo.InvariantCulture, $"β: {suggested.Beta:G4}, the middle of the β path's widest plateau (the path is centred on {BetaEstimate.FromCloud(scaled).Reason})"));
            }
        }
        if (request.Quantizes && quantizer.Beta == 0)
        {
            BetaEstimate estimate = BetaEstimate.FromCloud(scaled);
            quantizer = quantizer with { Beta = estimate.Beta };
            note($"β: {estimate.Reason}");
        }
        if (request.Quantizes && request.Clusters is int target)
        {
            BetaSearchResult search = BetaSearch.ForClusters(scaled, quantizer, target);
            quantizer = quantizer with { Beta = search.Result.Beta };
            note($"β: {search.Reason}");
        }

        PrototypeHeadsOptions heads = request.Heads with { Heads = Math.Max(1, k) };
        KMeansOptions kmeans = request.KMeans with { Clusters = Math.Max(1, k) };
        GaussianMixture? population = scaler.Scaling == FeatureScaling.None ? mixture : null;
        var runs = new List<ClusteringRun>();
        progress((quantizerProgress, headsProgress) =>
        {
            if (request.Quantizes)
            {
                runs.Add(ClusteringRun.Quantize(scaled, quantizer, quantizerProgress));
            }
            if (request.TrainsHeads)
            {
                runs.Add(ClusteringRun.Heads(scaled, heads, population, headsProgress));
            }
            if (request.RunsKMeans)
            {
                runs.Add(ClusteringRun.KMeans(scaled, kmeans));
            }
        });
        return new ClusterFit(scaler, runs.Select(r => r.InInputUnits(scaler, cloud)).ToList());
    }

    /// <summary>Refuses a k above the number of points.</summary>
    /// <exception cref="ExperimentException">k &gt; n.</exception>
    public static void RequireClusters(int k, PointCloud cloud)
    {
        if (k > cloud.Count)
        {
            throw new ExperimentException($"ClusteringRequest.Clusters {k}: more clusters than the {cloud.Count} points.");
        }
    }

    /// <summary>
    /// Assigns the points of <paramref name="inputPath"/> with every method of the model saved at <paramref name="modelPath"/>,
    /// scored when they have labels.
    /// </summary>
    /// <param name="modelPath">A model written by <see cref="ClusteringModel.ToJson"/>.</param>
    /// <param name="inputPath">The points (.csv or .npy).</param>
    /// <param name="note">Gets one line naming the model, its methods and its scaling.</param>
    public static (PointCloud Cloud, List<ClusteringRun> Runs) Assign(string modelPath, string inputPath, Action<string> note)
    {
        ClusteringModel model = ClusteringModel.Read(modelPath);
        PointCloud cloud = ClusteringFiles.ReadPoints(inputPath);
        var clock = Stopwatch.StartNew();
        IReadOnlyDictionary<string, int[]> assigned = model.Assign(cloud);
        double seconds = clock.Elapsed.TotalSeconds;
        note($"model: {modelPath} ({string.Join(", ", model.Methods.Select(m => m.Method))}), scaling: {model.Scaler.Scaling.ToString().ToLowerInvariant()}");
        var runs = model.Methods.Select(m => new ClusteringRun
        {
            Method = m.Method,
            Dimension = model.Dimension,
            Centers = m.Centers,
            Assignments = assigned[m.Method],
            Metrics = ClusteringMetrics.Evaluate(cloud, m.Centers, assigned[m.Method], seconds),
            ModelPath = modelPath,
            Scaling = model.Scaler.Scaling,
        }).ToList();
        return (cloud, runs);
    }

    /// <summary>
    /// Draws the points of <paramref name="spec"/>; the points' seed is derived from the mixture's, so one specification
    /// always gives one cloud.
    /// </summary>
    /// <returns>The cloud, its mixture, and a one-line name of the source.</returns>
    /// <exception cref="ExperimentException">The sample does not fit (<see cref="RequireSample"/>).</exception>
    public static (PointCloud Cloud, GaussianMixture Mixture, string Source) Sample(MixtureSpec spec)
    {
        RequireSample(spec);
        GaussianMixture mixture = GaussianMixture.WithSeparation(spec.Components, spec.Dimension, spec.Separation, spec.Seed);
        PointCloud cloud = mixture.Sample((int)spec.Points, unchecked(spec.Seed * 7919 + 17));
        return (cloud, mixture, string.Create(CultureInfo.InvariantCulture, $"gmm K={spec.Components} d={spec.Dimension} n={spec.Points} separation={spec.Separation} seed={spec.Seed}"));
    }

    /// <summary>Refuses a mixture sample that does not fit: n·d beyond <see cref="PointCloud.MaxValues"/> (checked in 64-bit before any allocation), or K &gt; n.</summary>
    /// <exception cref="ExperimentException">It does not fit.</exception>
    public static void RequireSample(MixtureSpec spec)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (spec.Points > PointCloud.MaxValues / spec.Dimension)
        {
            // Compared by division: n·d itself can overflow 64 bits (n up to 9.2·10¹⁸).
            throw new ExperimentException(string.Create(c, $"n·d = {(decimal)spec.Points * spec.Dimension} coordinates exceed the memory budget of {PointCloud.MaxValues} (1 GiB of doubles); lower n or d."));
        }
        if (spec.Components > spec.Points)
        {
            throw new ExperimentException($"K = {spec.Components} components need at least as many points (n = {spec.Points}).");
        }
    }

    /// <summary>
    /// The work of fitting <paramref name="request"/> to <paramref name="points"/> points in R^d: the sum of the estimates
    /// of the methods that run (<see cref="WorkEstimate"/>), at the largest k the run may fit (the given k, else
    /// <see cref="ClusteringRequest.BudgetClusters"/>).
    /// </summary>
    /// <param name="points">n.</param>
    /// <param name="dimension">d.</param>
    /// <param name="request">What is fitted.</param>
    /// <param name="population">Whether the heads train on fresh mixture batches.</param>
    public static ClusteringWork Estimate(long points, int dimension, ClusteringRequest request, bool population)
    {
        long n = points;
        int d = dimension;
        int k = request.Clusters ?? ClusteringRequest.BudgetClusters;
        QuantizerOptions quantizer = request.Quantizer;
        PrototypeHeadsOptions heads = request.Heads with { Heads = k };
        KMeansOptions kmeans = request.KMeans with { Clusters = k };
        double total = 0;
        var parts = new List<string>();
        CultureInfo c = CultureInfo.InvariantCulture;
        if (request.Quantizes)
        {
            long layers = quantizer.Layers ?? quantizer.MaxLayers;
            double work = WorkEstimate.Quantizer(n, d, layers);
            total += work;
            parts.Add(string.Create(c, $"quantize n²·(d+4) × {layers} layers = {WorkEstimate.Format(work)}"));
        }
        if (request.RunsBetaPath)
        {
            var path = new BetaPathOptions();
            long m = Math.Min(n, path.SampleSize);
            long layers = quantizer.Layers ?? quantizer.MaxLayers;
            double work = path.Points * WorkEstimate.Quantizer(m, d, layers);
            total += work;
            parts.Add(string.Create(c, $"β path {path.Points} × m²·(d+4) × {layers} layers (m = {m}) = {WorkEstimate.Format(work)}"));
        }
        if (request.TrainsHeads)
        {
            double work = WorkEstimate.Heads(n, d, heads, population);
            total += work;
            parts.Add(string.Create(c, $"heads {heads.Steps} steps × batch × H·d = {WorkEstimate.Format(work)}"));
        }
        if (request.RunsKMeans)
        {
            double work = WorkEstimate.KMeans(n, d, kmeans);
            total += work;
            parts.Add(string.Create(c, $"k-means {kmeans.Restarts} restarts × up to {kmeans.MaxIterations} iterations × n·k·d = {WorkEstimate.Format(work)}"));
        }
        return new ClusteringWork(total, string.Join("; ", parts));
    }

    /// <summary>The β path as JSON: the grid, the plateaus and the suggestion.</summary>
    internal static byte[] BetaPathJson(BetaPathResult path)
    {
        var root = new JsonObject
        {
            ["steps"] = new JsonArray(path.Steps.Select(s => (JsonNode?)new JsonObject
            {
                ["beta"] = s.Beta,
                ["clusters"] = s.Clusters,
                ["groups"] = s.Groups,
                ["outliers"] = s.Outliers,
                ["converged"] = s.Converged,
                ["layers"] = s.Layers,
            }).ToArray()),
            ["plateaus"] = new JsonArray(path.Plateaus.Select(p => (JsonNode?)new JsonObject
            {
                ["clusters"] = p.Clusters,
                ["betaFrom"] = path.Steps[p.First].Beta,
                ["betaTo"] = path.Steps[p.Last].Beta,
                ["gridValues"] = p.Last - p.First + 1,
                ["beta"] = p.Beta,
                ["eligible"] = p.Eligible,
            }).ToArray()),
            ["suggestedBeta"] = path.Suggested?.Beta,
            ["suggestedClusters"] = path.Suggested?.Clusters,
            ["reason"] = path.Reason,
        };
        return JsonSerializer.SerializeToUtf8Bytes(root, new JsonSerializerOptions { WriteIndented = true });
    }
}
