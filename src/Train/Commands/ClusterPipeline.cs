using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using HardmaxCore.Train.Plotting;

namespace HardmaxCore.Train.Commands;

/// <summary>What <c>hardmax cluster</c> was asked to fit: the methods, and the choices the data may make (null = from the data).</summary>
/// <param name="Method">quantize, heads, kmeans or all.</param>
/// <param name="Scaling">The scaling (automatic unless given).</param>
/// <param name="Clusters">K, or null to choose k from the data.</param>
/// <param name="Beta">β, or null for the β path's suggestion (the estimate from the data when the path has none).</param>
/// <param name="Quantizer">The quantizer's options (its β is set here).</param>
/// <param name="Heads">The heads' options (H is set here).</param>
/// <param name="KMeans">k-means' options (k is set here).</param>
/// <param name="BetaPathJson">Where to write the β path, or null not to run it.</param>
/// <param name="BetaPathPlot">Where to draw it (.png, .svg or .pdf), or null.</param>
/// <param name="BetaPathPage">The page of that drawing (the figure options over <see cref="FigureSize.BetaPath"/>), or null for the default.</param>
internal sealed record ClusterRequest(
    string Method, FeatureScaling Scaling, int? Clusters, double? Beta, QuantizerOptions Quantizer, PrototypeHeadsOptions Heads, KMeansOptions KMeans,
    string? BetaPathJson, string? BetaPathPlot, FigurePage? BetaPathPage = null)
{
    /// <summary>Whether the quantizer runs.</summary>
    public bool Quantizes => this.Method is "quantize" or "all";

    /// <summary>Whether the heads or k-means run (they need k).</summary>
    public bool NeedsK => this.Method is "heads" or "kmeans" or "all";
}

/// <summary>The fitted runs, in input units, with the scaling they ran under.</summary>
internal sealed record ClusterFit(FeatureScaler Scaler, List<ClusteringRun> Runs);

/// <summary>
/// The body of <c>hardmax cluster</c> (SPEC §6.3): scale, choose k and β from the data unless given — each choice stated
/// in one line on stderr — run the methods on the scaled points, and map every result back to the input's units; and
/// the <c>--model</c> mode that assigns new points with a saved model.
/// </summary>
internal static class ClusterPipeline
{
    /// <summary>Fits the requested methods to <paramref name="cloud"/>.</summary>
    /// <param name="context">Where the notes go (stderr).</param>
    /// <param name="cloud">The points in input units.</param>
    /// <param name="mixture">The generator of <c>--gmm</c> points (fresh batches for the heads when the points are not rescaled).</param>
    /// <param name="request">What to fit.</param>
    /// <param name="progress">Runs the fitting with progress callbacks (layers, steps).</param>
    public static ClusterFit Fit(CommandContext context, PointCloud cloud, GaussianMixture? mixture, ClusterRequest request,
        Action<Action<Action<int>?, Action<int>?>> progress)
    {
        FeatureScaler scaler = FeatureScaler.Fit(cloud, request.Scaling);
        Note(context, $"scaling: {scaler.Reason}");
        PointCloud scaled = scaler.Transform(cloud);

        int k = 0;
        if (request.NeedsK)
        {
            if (request.Clusters is int given)
            {
                k = given;
                Note(context, string.Create(CultureInfo.InvariantCulture, $"k: {k}, as given"));
            }
            else
            {
                ClusterCountChoice choice = ClusterCount.Choose(scaled, request.KMeans, new ClusterCountOptions());
                k = choice.Clusters;
                Note(context, $"k: {choice.Reason}");
            }
            if (k > cloud.Count)
            {
                throw new CliException($"--clusters {k}: more clusters than the {cloud.Count} points.");
            }
        }

        QuantizerOptions quantizer = request.Quantizer;
        if (request.Beta is double givenBeta && request.Quantizes)
        {
            quantizer = quantizer with { Beta = givenBeta };
            Note(context, string.Create(CultureInfo.InvariantCulture, $"β: {givenBeta:G4}, as given"));
        }
        bool betaFromPath = request.Quantizes && request.Beta is null && request.Clusters is null;
        if (request.BetaPathJson is not null || betaFromPath)
        {
            BetaPathResult path = BetaPath.Run(scaled, quantizer, new BetaPathOptions());
            Note(context, $"β path: {path.Reason}");
            if (request.BetaPathJson is not null)
            {
                AtomicFile.WriteAllBytes(request.BetaPathJson, BetaPathJson(path));
                Interruption.Current.Saved(request.BetaPathJson);
            }
            if (request.BetaPathPlot is not null)
            {
                AtomicFile.WriteAllBytes(request.BetaPathPlot, BetaPathFigure.Render(path, cloud.Count, request.BetaPathPage ?? FigureSize.BetaPath, FigureOptions.FormatOf(request.BetaPathPlot, "--beta-path-plot")));
                Interruption.Current.Saved(request.BetaPathPlot);
            }
            if (betaFromPath && path.Suggested is { } suggested)
            {
                quantizer = quantizer with { Beta = suggested.Beta };
                Note(context, string.Create(CultureInfo.InvariantCulture, $"β: {suggested.Beta:G4}, the middle of the β path's widest plateau (the path is centred on {BetaEstimate.FromCloud(scaled).Reason})"));
            }
        }
        if (request.Quantizes && quantizer.Beta == 0)
        {
            BetaEstimate estimate = BetaEstimate.FromCloud(scaled);
            quantizer = quantizer with { Beta = estimate.Beta };
            Note(context, $"β: {estimate.Reason}");
        }
        if (request.Quantizes && request.Clusters is int target)
        {
            BetaSearchResult search = BetaSearch.ForClusters(scaled, quantizer, target);
            quantizer = quantizer with { Beta = search.Result.Beta };
            Note(context, $"β: {search.Reason}");
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
            if (request.Method is "heads" or "all")
            {
                runs.Add(ClusteringRun.Heads(scaled, heads, population, headsProgress));
            }
            if (request.Method is "kmeans" or "all")
            {
                runs.Add(ClusteringRun.KMeans(scaled, kmeans));
            }
        });
        return new ClusterFit(scaler, runs.Select(r => r.InInputUnits(scaler, cloud)).ToList());
    }

    /// <summary>
    /// <c>hardmax cluster --model model.json --input new.csv</c>: assigns the points with every method of the model,
    /// scores them when they have labels, writes the report and the assignments.
    /// </summary>
    public static int Assign(CommandContext context, string modelPath, string inputPath, string? outputPath, string? assignmentsPath)
    {
        ClusteringModel model = ClusteringModel.Read(modelPath);
        PointCloud cloud = ClusterOptions.ReadPoints(inputPath);
        var clock = Stopwatch.StartNew();
        IReadOnlyDictionary<string, int[]> assigned = model.Assign(cloud);
        double seconds = clock.Elapsed.TotalSeconds;
        Note(context, $"model: {modelPath} ({string.Join(", ", model.Methods.Select(m => m.Method))}), scaling: {model.Scaler.Scaling.ToString().ToLowerInvariant()}");
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
        byte[] json = ClusteringReport.ToJson(cloud, runs, inputPath);
        ClusterOptions.WriteReport(context, json, outputPath);
        if (assignmentsPath is not null)
        {
            AtomicFile.WriteAllBytes(assignmentsPath, ClusterOptions.Assignments(assignmentsPath, cloud, runs));
            Interruption.Current.Saved(assignmentsPath);
        }
        InterpretabilityOptions.Write(context.Error, ClusterCommand.Summary(cloud, runs, inputPath));
        return ExitCodes.Success;
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

    /// <summary>One note line on stderr.</summary>
    private static void Note(CommandContext context, string line)
    {
        context.Error.WriteLine(line);
        context.Error.Flush();
    }
}
