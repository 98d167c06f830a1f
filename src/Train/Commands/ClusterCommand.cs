using System.CommandLine;
using System.Globalization;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using System.Text.Json.Nodes;
using HardmaxCore.Experiments.Work;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax cluster</c>: attention-based clustering of a point cloud (SPEC §6) — the identity-attention quantizer,
/// trained prototype heads and the k-means baseline in one run, scored against the true labels when known.
/// </summary>
/// <remarks>
/// <code>
/// hardmax cluster (--input points.csv|.npy | --gmm K,d,n,separation[,seed])
///                 [--method quantize|heads|kmeans|all] [--clusters auto|K] [--scale auto|none|standard|robust]
///                 [--kernel dot|gaussian] [--beta auto|B] [--layers L | --until-converged] [--max-layers N] [--tol X]
///                 [--beta-path path.json [--beta-path-plot path.png]] [--lambda Λ] [--steps S] [--batch N] [--init random|kmeans++]
///                 [--seed S] [--threads T] [--precision float|double] [--save model.json]
///                 [--out result.json] [--assignments assignments.csv|.npy] [--outputs outputs.csv|.npy] [--plot clusters.png|.svg|.pdf] [--width-in W] [--height-in H] [--font-pt P] [--dpi D]
/// hardmax cluster --model model.json --input new.csv|.npy [--out result.json] [--assignments assignments.csv|.npy]
/// </code>
/// The JSON report (<see cref="ClusteringReport"/>) goes to <c>--out</c> or stdout; a summary table per method to stderr.
/// With <c>--gmm</c> the heads train on fresh batches from the mixture (population risk), with <c>--input</c> on the file's
/// points (empirical risk). The labels are used only for the scores: k (= H), β and the scaling come from the options or
/// from the data (<see cref="ClusteringJob"/>), one line on stderr each saying which and why; every default is the
/// library's options records'. Every file is written atomically.
/// </remarks>
internal static class ClusterCommand
{
    /// <summary>The methods <c>--method</c> accepts, <c>all</c> last.</summary>
    private static readonly string[] Methods = ["quantize", "heads", "kmeans", "all"];

    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var input = new Option<string?>("--input", "-i") { Description = "Points as CSV with a header: every numeric column a coordinate, an optional integer 'label' column.", HelpName = "points.csv" };
        var gmm = new Option<string?>("--gmm") { Description = "Draw the points from a Gaussian mixture: K components in R^d, n points, min ‖μ_a − μ_b‖/σ = separation (σ = 1), optional seed (default 1).", HelpName = "K,d,n,separation[,seed]" };
        // Every default below is the options records' (the descriptions quote them, the code never restates them).
        var q0 = new QuantizerOptions();
        var h0 = new PrototypeHeadsOptions();
        CultureInfo c = CultureInfo.InvariantCulture;
        var method = new Option<string>("--method") { Description = "Which method(s) to run.", DefaultValueFactory = _ => "all" };
        method.AcceptOnlyFromAmong(Methods);
        var kernel = new Option<string?>("--kernel") { Description = "Quantizer kernel: gaussian (Gaussian blurring mean shift, the default) or dot (K = Q = V = I, [MBM])." };
        kernel.AcceptOnlyFromAmong("gaussian", "dot");
        Option<double?> beta = ClusterOptions.Beta();
        Option<int?> clusters = ClusterOptions.Clusters();
        Option<string?> scale = ClusterOptions.Scale();
        Option<int?> layers = CliOptions.Integer("--layers", "Run exactly L quantizer layers (default: until the largest move ≤ tol·(1 + max ‖x‖∞), at most --max-layers).", minimum: 0);
        var untilConverged = new Option<bool>("--until-converged") { Description = "Run the quantizer until converged (the default; kept for scripts)." };
        Option<int?> maxLayers = CliOptions.Integer("--max-layers", string.Create(c, $"The quantizer's layer cap when running until converged (default {q0.MaxLayers})."), minimum: 1);
        Option<double?> tolerance = CliOptions.Positive("--tol", string.Create(c, $"The quantizer's convergence tolerance (default {q0.Tolerance:G})."));
        var betaPath = new Option<string?>("--beta-path") { Description = "Run the quantizer over a geometric grid of β (β₀/16 … 16·β₀) and write the clusters at each, the plateaus and the suggested β (the widest plateau's) as JSON; the quantize run then uses that β unless --beta or --clusters is given.", HelpName = "path.json" };
        var betaPathPlot = new Option<string?>("--beta-path-plot") { Description = "Draw the β path (.png, .svg or .pdf by the extension): clusters against β, log scales, plateaus shaded.", HelpName = "path.png" };
        Option<double?> lambda = CliOptions.Positive("--lambda", string.Create(c, $"Heads' inverse temperature λ in 1/(scaled units)² (default {h0.Lambda})."));
        Option<int?> steps = CliOptions.Integer("--steps", string.Create(c, $"Adam steps for the heads (default {h0.Steps})."), minimum: 0);
        Option<int?> batch = CliOptions.Integer("--batch", string.Create(c, $"Mini-batch size for the heads (default {h0.BatchSize})."), minimum: 1);
        var init = new Option<string?>("--init") { Description = "Heads' initialisation: random N(m, s²I) or kmeans++ (default: random for H = 2, kmeans++ for H > 2)." };
        init.AcceptOnlyFromAmong("random", "kmeans++");
        Option<int?> seed = CliOptions.Integer("--seed", "Seed of the heads and k-means (default 0; the mixture has its own in --gmm).", minimum: int.MinValue);
        Option<int?> threads = CliOptions.Integer("--threads", "Threads (default: all cores); results do not depend on it.", minimum: 1);
        var precision = new Option<string?>("--precision") { Description = "Precision of the quantizer's layers (default float)." };
        precision.AcceptOnlyFromAmong("float", "double");
        var output = new Option<string?>("--out", "-o") { Description = "Write the JSON report here (atomically) instead of stdout.", HelpName = "result.json" };
        var assignments = new Option<string?>("--assignments") { Description = "Write the cluster of every point for each method: CSV (index, then one column per method) or .npy (int32, n × methods).", HelpName = "assignments.csv" };
        var outputs = new Option<string?>("--outputs") { Description = "Write the points after the quantizer's layers in input units: CSV (the input's columns, input order) or .npy (float64, n × d).", HelpName = "outputs.csv" };
        var plot = new Option<string?>("--plot") { Description = "Draw one panel per method (.png, .svg or .pdf by the extension); d > 2 projected on the first two principal directions.", HelpName = "clusters.png" };
        var save = new Option<string?>("--save") { Description = "Save the fitted methods (codes, heads, centres) with the scaling as JSON, to assign new points with --model.", HelpName = "model.json" };
        var model = new Option<string?>("--model") { Description = "Assign the points of --input with a model saved by --save (no fitting).", HelpName = "model.json" };

        Option<bool> allowLong = WorkBudget.AllowLongOption();
        var command = new Command("cluster", "Cluster a point cloud by identity attention (quantize), trained prototype heads and k-means, and score them ([MBM], SPEC §6).")
        {
            input, gmm, method, clusters, scale, kernel, beta, layers, untilConverged, maxLayers, tolerance, betaPath, betaPathPlot, lambda, steps, batch, init, seed, threads, precision,
            output, assignments, outputs, plot, save, model, allowLong,
        };
        Plotting.FigureOptions figure = Plotting.FigureOptions.AddTo(command);
        // The figure options' --scale S (--dpi 96·S) would be a second --scale beside the features' scaling: cluster keeps
        // only the features' (--dpi sets the resolution).
        command.Options.Remove(command.Options.First(o => o.Name == "--scale" && !ReferenceEquals(o, scale)));
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string? inputPath = p.GetValue(input);
            (string? Path, string Name)[] files = [(p.GetValue(output), "--out"), (p.GetValue(assignments), "--assignments"), (p.GetValue(outputs), "--outputs"), (p.GetValue(plot), "--plot"),
                (p.GetValue(save), "--save"), (p.GetValue(betaPath), "--beta-path"), (p.GetValue(betaPathPlot), "--beta-path-plot")];
            OutputFiles.RequireFolders(files);
            if (p.GetValue(model) is string modelPath)
            {
                Option[] fitting = [gmm, method, clusters, scale, kernel, beta, layers, untilConverged, maxLayers, tolerance, betaPath, betaPathPlot, lambda, steps, batch, init, seed, precision, outputs, plot, save];
                if (fitting.FirstOrDefault(p.IsGiven) is { } extra)
                {
                    throw new CliException($"{extra.Name} does not apply with --model, which assigns points with a saved model; drop it.");
                }
                if (inputPath is null)
                {
                    throw new CliException("--model assigns the points of --input new.csv; give them.");
                }
                (PointCloud points, List<ClusteringRun> assigned) = ClusteringJob.Assign(modelPath, inputPath, line => Note(context, line));
                Write(context, points, assigned, null, inputPath, null, new ClusteringPaths(p.GetValue(output), p.GetValue(assignments), null, null, FigureSize.Cluster(1), null));
                return ExitCodes.Success;
            }
            var settings = new ClusteringSettings
            {
                Input = inputPath, Gmm = p.GetValue(gmm), Method = p.GetValue(method)!, Scale = p.GetValue(scale), Clusters = p.GetValue(clusters), Beta = p.GetValue(beta),
                Kernel = p.GetValue(kernel), Layers = p.GetValue(layers), UntilConverged = p.GetValue(untilConverged), MaxLayers = p.GetValue(maxLayers), Tolerance = p.GetValue(tolerance),
                Precision = p.GetValue(precision), Lambda = p.GetValue(lambda), Steps = p.GetValue(steps), Batch = p.GetValue(batch), Initialization = p.GetValue(init),
                Seed = p.GetValue(seed), Threads = p.GetValue(threads) ?? 0, BetaPath = p.GetValue(betaPath), BetaPathPlot = p.GetValue(betaPathPlot), Outputs = p.GetValue(outputs), Plot = p.GetValue(plot),
            };
            settings.Validate();
            FigurePage page = figure.Page(p, FigureSize.Cluster(settings.Method == "all" ? 3 : 1));
            OutputFiles.Check(files);
            bool longAllowed = p.GetValue(allowLong);
            (PointCloud cloud, GaussianMixture? mixture, string source) = inputPath is not null
                ? (ClusteringFiles.ReadPoints(inputPath), null, inputPath)
                : Generate(context, settings.Gmm!, longAllowed);
            var provenance = Provenance.Start(settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount);
            ClusteringRequest request = settings.ToRequest(figure.Page(p, FigureSize.BetaPath));
            if (request.Clusters is int k)
            {
                ClusteringJob.RequireClusters(k, cloud);
            }
            ClusteringWork work = ClusteringJob.Estimate(cloud.Count, cloud.Dimension, request, mixture is not null);
            WorkBudget.Require(context, work.Operations, work.Description, longAllowed, "lower --layers (or --max-layers), --steps, --batch, n or d");
            ClusterFit fit = ClusteringJob.Fit(cloud, mixture, request, line => Note(context, line), Interruption.Current.Saved, body =>
            {
                using LiveDisplay display = LiveDisplay.For(context, context.Error);
                Interruption.Current.Display = display;
                ClusteringSettings.WithProgress(display, request, body);
            });
            Write(context, cloud, fit.Runs, fit.Scaler, source, provenance.Finish().ToJson(),
                new ClusteringPaths(p.GetValue(output), p.GetValue(assignments), p.GetValue(outputs), p.GetValue(plot), page, p.GetValue(save)));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// Parses <c>--gmm K,d,n,separation[,seed]</c> (<see cref="MixtureSpec.Parse"/>) and draws the cloud
    /// (<see cref="ClusteringJob.Sample"/>) once the drawing of the means fits the work budget.
    /// </summary>
    internal static (PointCloud Cloud, GaussianMixture Mixture, string Source) Generate(CommandContext context, string text, bool allowLong)
    {
        MixtureSpec spec;
        try
        {
            spec = MixtureSpec.Parse(text);
            ClusteringJob.RequireSample(spec);
        }
        catch (ExperimentException e)
        {
            throw new CliException($"--gmm '{text}': {e.Message}", e);
        }
        WorkBudget.Require(context, WorkEstimate.Means(spec.Components, spec.Dimension), "drawing K separated means: K²·d per pass", allowLong, "lower K");
        return ClusteringJob.Sample(spec);
    }

    /// <summary>Writes the report and the files as a set (<see cref="ClusteringFiles.Write"/>), the report to stdout when it has no file, and the summary table to stderr.</summary>
    private static void Write(CommandContext context, PointCloud cloud, List<ClusteringRun> runs, FeatureScaler? scaler, string source, JsonNode? provenance, ClusteringPaths paths)
        => ClusteringFiles.Write(cloud, runs, scaler, source, provenance, paths, files => OutputSet.Write(files), context.Output, context.Error);

    /// <summary>One note line on stderr.</summary>
    private static void Note(CommandContext context, string line)
    {
        context.Error.WriteLine(line);
        context.Error.Flush();
    }
}
