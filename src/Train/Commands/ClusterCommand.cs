using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using Spectre.Console;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax cluster</c>: attention-based clustering of a point cloud (SPEC §6) — the identity-attention quantizer,
/// trained prototype heads and the k-means baseline in one run, scored against the true labels when known.
/// </summary>
/// <remarks>
/// <code>
/// hardmax cluster (--input points.csv | --gmm K,d,n,separation[,seed])
///                 [--method quantize|heads|kmeans|all] [--kernel dot|gaussian] [--beta B] [--layers L | --until-converged]
///                 [--max-layers N] [--tol X] [--heads H] [--lambda Λ] [--steps S] [--batch N] [--init random|kmeans++]
///                 [--seed S] [--threads T] [--precision float|double]
///                 [--out result.json] [--assignments assignments.csv] [--outputs outputs.csv] [--plot clusters.png|.svg|.pdf] [--width-in W] [--height-in H] [--font-pt P] [--dpi D]
/// </code>
/// The JSON report (<see cref="ClusteringReport"/>) goes to <c>--out</c> or stdout; a summary table per method to stderr.
/// With <c>--gmm</c> the heads train on fresh batches from the mixture (population risk), with <c>--input</c> on the file's
/// points (empirical risk). H (heads) and k (k-means) are <c>--heads</c>, else the true number of components when known,
/// else 2. Every file is written atomically.
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
        var method = new Option<string>("--method") { Description = "Which method(s) to run.", DefaultValueFactory = _ => "all" };
        method.AcceptOnlyFromAmong(Methods);
        var kernel = new Option<string>("--kernel") { Description = "Quantizer kernel: gaussian (Gaussian blurring mean shift) or dot (K = Q = V = I, [MBM]).", DefaultValueFactory = _ => "gaussian" };
        kernel.AcceptOnlyFromAmong("gaussian", "dot");
        Option<double?> beta = CliOptions.Positive("--beta", "Quantizer inverse temperature β in 1/(data units)² (default 1; gaussian bandwidth 1/√β; about √(2/d)/σ² for clusters of spread σ).");
        Option<int?> layers = CliOptions.Integer("--layers", "Run exactly L quantizer layers (default 30).", minimum: 0);
        var untilConverged = new Option<bool>("--until-converged") { Description = "Run the quantizer until the largest move ≤ tol·(1 + max ‖x‖∞), at most --max-layers layers." };
        Option<int?> maxLayers = CliOptions.Integer("--max-layers", "The layer cap with --until-converged (default 100).", minimum: 1);
        Option<double?> tolerance = CliOptions.Positive("--tol", "The convergence tolerance with --until-converged (default 1e-6).");
        Option<int?> heads = CliOptions.Integer("--heads", "H, the number of heads, also k of k-means (default: the true number of components when known, else 2).", minimum: 1);
        Option<double?> lambda = CliOptions.Positive("--lambda", "Heads' inverse temperature λ in 1/(data units)² (default 2).");
        Option<int?> steps = CliOptions.Integer("--steps", "Adam steps for the heads (default 2000).", minimum: 0);
        Option<int?> batch = CliOptions.Integer("--batch", "Mini-batch size for the heads (default 256).", minimum: 1);
        var init = new Option<string?>("--init") { Description = "Heads' initialisation: random N(m, s²I) or kmeans++ (default: random for H = 2, kmeans++ for H > 2)." };
        init.AcceptOnlyFromAmong("random", "kmeans++");
        var seed = new Option<int>("--seed") { Description = "Seed of the heads and k-means (the mixture has its own in --gmm).", DefaultValueFactory = _ => 0 };
        Option<int?> threads = CliOptions.Integer("--threads", "Threads (default: all cores); results do not depend on it.", minimum: 1);
        var precision = new Option<string>("--precision") { Description = "Precision of the quantizer's layers.", DefaultValueFactory = _ => "float" };
        precision.AcceptOnlyFromAmong("float", "double");
        var output = new Option<string?>("--out", "-o") { Description = "Write the JSON report here (atomically) instead of stdout.", HelpName = "result.json" };
        var assignments = new Option<string?>("--assignments") { Description = "Write one CSV line per point: index, then the cluster of each method.", HelpName = "assignments.csv" };
        var outputs = new Option<string?>("--outputs") { Description = "Write the points after the quantizer's layers (CSV, the input's columns, input order).", HelpName = "outputs.csv" };
        var plot = new Option<string?>("--plot") { Description = "Draw one panel per method (.png, .svg or .pdf by the extension); d > 2 projected on the first two principal directions.", HelpName = "clusters.png" };

        var command = new Command("cluster", "Cluster a point cloud by identity attention (quantize), trained prototype heads and k-means, and score them ([MBM], SPEC §6).")
        {
            input, gmm, method, kernel, beta, layers, untilConverged, maxLayers, tolerance, heads, lambda, steps, batch, init, seed, threads, precision,
            output, assignments, outputs, plot,
        };
        Plotting.FigureOptions figure = Plotting.FigureOptions.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            if (p.IsGiven(layers) && p.GetValue(untilConverged))
            {
                throw new CliException("--layers and --until-converged exclude each other; give one (without --layers it runs until converged).");
            }
            if (!p.GetValue(untilConverged) && (p.IsGiven(maxLayers) || p.IsGiven(tolerance)))
            {
                throw new CliException("--max-layers and --tol apply only with --until-converged; add it or drop them.");
            }
            string? inputPath = p.GetValue(input);
            string? spec = p.GetValue(gmm);
            if ((inputPath is null) == (spec is null))
            {
                throw new CliException(inputPath is null
                    ? "give the points with --input points.csv or --gmm K,d,n,separation[,seed]."
                    : "--input and --gmm exclude each other; give one.");
            }
            string chosen = p.GetValue(method)!;
            FigureFormat? plotFormat = p.GetValue(plot) is string plotFile ? Plotting.FigureOptions.FormatOf(plotFile, "--plot") : null;
            FigurePage page = figure.Page(p, Plotting.FigureSize.Cluster(chosen == "all" ? 3 : 1));
            if (p.GetValue(outputs) is not null && chosen is not ("quantize" or "all"))
            {
                throw new CliException("--outputs writes the quantizer's outputs: add --method quantize or all, or drop --outputs.");
            }
            foreach ((string? path, string name) in new[] { (p.GetValue(output), "--out"), (p.GetValue(assignments), "--assignments"), (p.GetValue(outputs), "--outputs"), (p.GetValue(plot), "--plot") })
            {
                if (path is not null)
                {
                    InterpretabilityOptions.RequireDirectoryOf(path, name);
                }
            }
            try
            {
                (PointCloud cloud, GaussianMixture? mixture, string source) = inputPath is not null
                    ? (PointCloud.ReadCsv(inputPath), null, inputPath)
                    : Generate(spec!);
                int trueCount = cloud.TrueCenters is { } t ? t.Length / cloud.Dimension : 0;
                int k = p.GetValue(heads) ?? (trueCount > 0 ? trueCount : 2);
                if (k > cloud.Count)
                {
                    throw new CliException($"--heads {k}: more clusters than the {cloud.Count} points.");
                }
                int threadCount = p.GetValue(threads) ?? 0;
                var provenance = Provenance.Start(threadCount > 0 ? threadCount : Environment.ProcessorCount);
                var quantizer = new QuantizerOptions
                {
                    Kernel = p.GetValue(kernel) == "dot" ? IdentityKernel.Dot : IdentityKernel.Gaussian,
                    Beta = p.GetValue(beta) ?? 1.0,
                    Layers = p.GetValue(untilConverged) ? null : p.GetValue(layers) ?? 30,
                    MaxLayers = p.GetValue(maxLayers) ?? 100,
                    Tolerance = p.GetValue(tolerance) ?? 1e-6,
                    Precision = p.GetValue(precision) == "double" ? QuantizerPrecision.Double : QuantizerPrecision.Float,
                    MaxDegreeOfParallelism = threadCount,
                };
                string? initName = p.GetValue(init);
                var headOptions = new PrototypeHeadsOptions
                {
                    Heads = k,
                    Lambda = p.GetValue(lambda) ?? 2.0,
                    Steps = p.GetValue(steps) ?? 2000,
                    BatchSize = p.GetValue(batch) ?? 256,
                    Initialization = (initName ?? (k > 2 ? "kmeans++" : "random")) == "kmeans++" ? HeadsInitialization.KMeansPlusPlus : HeadsInitialization.Random,
                    Seed = p.GetValue(seed),
                };
                var kmeans = new KMeansOptions(k) { Seed = p.GetValue(seed), MaxDegreeOfParallelism = threadCount };
                var runs = new List<ClusteringRun>();
                WithProgress(context, chosen, quantizer, headOptions, (quantizerProgress, headsProgress) =>
                {
                    if (chosen is "quantize" or "all")
                    {
                        runs.Add(ClusteringRun.Quantize(cloud, quantizer, quantizerProgress));
                    }
                    if (chosen is "heads" or "all")
                    {
                        runs.Add(ClusteringRun.Heads(cloud, headOptions, mixture, headsProgress));
                    }
                    if (chosen is "kmeans" or "all")
                    {
                        runs.Add(ClusteringRun.KMeans(cloud, kmeans));
                    }
                });
                Write(context, cloud, runs, source, provenance.Finish(), p.GetValue(output), p.GetValue(assignments), p.GetValue(outputs), p.GetValue(plot), page, plotFormat);
                return ExitCodes.Success;
            }
            catch (ClusteringDataException e)
            {
                throw new CliException(e.Message, e);
            }
        }));
        return command;
    }

    /// <summary>
    /// Parses <c>K,d,n,separation[,seed]</c> and draws the cloud; refuses a spec that does not parse or an n·d beyond
    /// <see cref="PointCloud.MaxValues"/> (checked in 64-bit before any allocation).
    /// </summary>
    internal static (PointCloud Cloud, GaussianMixture Mixture, string Source) Generate(string spec)
    {
        string[] parts = spec.Split(',', StringSplitOptions.TrimEntries);
        const string Expected = "expected K,d,n,separation[,seed] with whole numbers K, d, n ≥ 1, a separation > 0 and an integer seed, e.g. --gmm 3,2,3000,6";
        if (parts.Length is < 4 or > 5)
        {
            throw new CliException($"--gmm '{spec}': {parts.Length} fields; {Expected}.");
        }
        CultureInfo c = CultureInfo.InvariantCulture;
        if (!int.TryParse(parts[0], NumberStyles.Integer, c, out int components) || components < 1
            || !int.TryParse(parts[1], NumberStyles.Integer, c, out int dimension) || dimension < 1
            || !long.TryParse(parts[2], NumberStyles.Integer, c, out long count) || count < 1
            || !double.TryParse(parts[3], NumberStyles.Float, c, out double separation) || !(separation > 0) || !double.IsFinite(separation))
        {
            throw new CliException($"--gmm '{spec}': {Expected}.");
        }
        int mixtureSeed = 1;
        if (parts.Length == 5 && !int.TryParse(parts[4], NumberStyles.Integer, c, out mixtureSeed))
        {
            throw new CliException($"--gmm '{spec}': the seed '{parts[4]}' is not an integer; {Expected}.");
        }
        if (count * dimension > PointCloud.MaxValues)
        {
            throw new CliException($"--gmm '{spec}': n·d = {count * dimension} coordinates exceed the memory budget of {PointCloud.MaxValues} (1 GiB of doubles); lower n or d.");
        }
        if (components > count)
        {
            throw new CliException($"--gmm '{spec}': K = {components} components need at least as many points (n = {count}).");
        }
        GaussianMixture mixture = GaussianMixture.WithSeparation(components, dimension, separation, mixtureSeed);
        // The points' seed is derived from the mixture's so one spec always gives one cloud.
        PointCloud cloud = mixture.Sample((int)count, unchecked(mixtureSeed * 7919 + 17));
        return (cloud, mixture, string.Create(c, $"gmm K={components} d={dimension} n={count} separation={separation} seed={mixtureSeed}"));
    }

    /// <summary>Runs <paramref name="body"/> with one live progress line on a terminal's stderr (<see cref="LiveDisplay"/>), silently otherwise.</summary>
    private static void WithProgress(CommandContext context, string chosen, QuantizerOptions quantizer, PrototypeHeadsOptions headOptions, Action<Action<int>?, Action<int>?> body)
    {
        using LiveDisplay display = LiveDisplay.For(context, context.Error);
        Interruption.Current.Display = display;
        if (!display.IsLive)
        {
            body(null, null);
            return;
        }
        int layers = quantizer.Layers ?? quantizer.MaxLayers;
        int steps = Math.Max(1, headOptions.Steps);
        body(
            chosen is "quantize" or "all" ? done => display.Progress("quantize: layers", done, layers) : null,
            chosen is "heads" or "all" ? done => display.Progress("heads: Adam steps", done, steps) : null);
    }

    /// <summary>Writes the report, the optional files and the summary table.</summary>
    private static void Write(CommandContext context, PointCloud cloud, List<ClusteringRun> runs, string source, Provenance provenance,
        string? outputPath, string? assignmentsPath, string? outputsPath, string? plotPath, FigurePage page, FigureFormat? plotFormat)
    {
        byte[] json = ClusteringReport.ToJson(cloud, runs, source, provenance.ToJson());
        if (outputPath is null)
        {
            context.Output.Write(Encoding.UTF8.GetString(json));
            context.Output.WriteLine();
            context.Output.Flush();
        }
        else
        {
            AtomicFile.WriteAllBytes(outputPath, json);
        }
        if (assignmentsPath is not null)
        {
            AtomicFile.WriteAllBytes(assignmentsPath, AssignmentsCsv(cloud, runs));
        }
        if (outputsPath is not null)
        {
            QuantizerResult q = runs.First(r => r.Quantization is not null).Quantization!;
            AtomicFile.WriteAllBytes(outputsPath, PointCloud.ToCsv(q.Outputs, cloud.ColumnNames));
        }
        if (plotPath is not null)
        {
            AtomicFile.WriteAllBytes(plotPath, ClusterPlot.Render(cloud, runs, page, plotFormat!.Value));
        }
        InterpretabilityOptions.Write(context.Error, Summary(cloud, runs, source));
    }

    /// <summary><c>index,quantize,heads,kmeans</c> (the methods that ran), one line per point in input order.</summary>
    internal static byte[] AssignmentsCsv(PointCloud cloud, IReadOnlyList<ClusteringRun> runs)
    {
        var builder = new StringBuilder();
        builder.Append("index");
        foreach (ClusteringRun run in runs)
        {
            builder.Append(',').Append(run.Method);
        }
        if (cloud.Labels is not null)
        {
            builder.Append(",label");
        }
        builder.Append('\n');
        for (int i = 0; i < cloud.Count; i++)
        {
            builder.Append(i.ToString(CultureInfo.InvariantCulture));
            foreach (ClusteringRun run in runs)
            {
                builder.Append(',').Append(run.Assignments[i].ToString(CultureInfo.InvariantCulture));
            }
            if (cloud.Labels is not null)
            {
                builder.Append(',').Append(cloud.Labels[i].ToString(CultureInfo.InvariantCulture));
            }
            builder.Append('\n');
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The summary table: one row per method.</summary>
    internal static Table Summary(PointCloud cloud, IReadOnlyList<ClusteringRun> runs, string source)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(string.Create(c, $"hardmax cluster: {source} (n = {cloud.Count}, d = {cloud.Dimension})")));
        foreach (string column in new[] { "method", "clusters", "ARI", "NMI", "accuracy", "centroid error", "distortion", "seconds", "notes" })
        {
            table.AddColumn(column is "method" or "notes" ? new TableColumn(column) : new TableColumn(column).RightAligned());
        }
        static string Score(double? value) => value is double v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
        foreach (ClusteringRun run in runs)
        {
            string notes = run.Quantization is { } q
                ? string.Create(c, $"{run.Settings["kernel"]}, β = {run.Settings["beta"]}, {q.Layers} layers, {(q.Converged ? "converged" : "not converged")}, δ = {q.Radius:0.##e+0}")
                : run.Training is { } t
                    ? string.Create(c, $"λ = {run.Settings["lambda"]}, {run.Settings["init"]} init, {run.Settings["risk"]} risk {t.Risk[0]:G4} → {t.Risk[^1]:G4}")
                    : string.Create(c, $"{run.Settings["restarts"]} restarts, inertia {(double)run.Settings["inertia"]:G6}");
            table.AddRow(
                Markup.Escape(run.Method),
                run.Clusters.ToString(c),
                Score(run.Metrics.Ari),
                Score(run.Metrics.Nmi),
                Score(run.Metrics.Accuracy),
                Score(run.Metrics.CentroidError),
                Score(run.Metrics.Distortion),
                run.Metrics.Seconds.ToString("0.00", c),
                Markup.Escape(notes));
        }
        return table;
    }
}
