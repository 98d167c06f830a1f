using HardmaxCore.Experiments.Benchmarking;
using System.CommandLine;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Simulation;
using HardmaxCore.Experiments.Work;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax bench</c>: configurations/s of the Reference, the Core on one thread and the Core on all cores, measured in
/// one run, with their ratios, GFLOP/s against <c>2n²d·K</c> flops per configuration and bytes allocated per step (SPEC §4).
/// </summary>
/// <remarks>
/// <code>
/// hardmax bench [--tokens 128] [--dim 16] [--layers 8] [--batch 4096] [--seconds 10] [--precision float|double]
///               [--softmax] [--inputs gaussian|reviews] [--json]
/// hardmax bench --train [--tokens 128] [--dim 16] [--layers 8] [--seconds 10] [--json]
/// hardmax bench --cluster [--sizes 1000,10000,100000] [--dim 16] [--beta 1] [--kernel gaussian|dot] [--threads T] [--seconds 10] [--json]
/// </code>
/// The time budget is split equally among the three measurements (see <see cref="DynamicsBenchmark"/>). With
/// <c>--train</c> it measures the classifier instead (<see cref="ClassifierBenchmark"/>); with <c>--cluster</c>,
/// identity attention at each n on one thread and all cores, prototype-heads training and k-means, beside the batch
/// score kernel (<see cref="ClusterBenchmark"/>). The table, or with <c>--json</c> exactly one JSON object, goes to
/// stdout; with <c>--cluster</c> a line per measurement goes to stderr when it is a terminal.
/// </remarks>
internal static class BenchCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        Option<int?> tokens = CliOptions.Tokens("n, tokens per configuration (default 128).");
        Option<int?> dimension = CliOptions.Dimension("d, the dimension of a token, or of a point with --cluster (default 16).");
        Option<int?> layers = CliOptions.Integer("--layers", "K, layers run on each configuration (default 8).", minimum: 1, SizeLimits.MaxLayers);
        Option<int?> batch = CliOptions.Integer("--batch", "B, configurations per call of the Core on all cores (default 4096).", minimum: 1, SizeLimits.MaxBatch);
        Option<double?> seconds = CliOptions.Positive("--seconds", "The time budget in seconds, split equally among the three measurements (default 10); with --cluster a tenth each for the batch kernel and the heads, the rest among the measurements at each n, each of which runs at least once.");
        var precision = new Option<string>("--precision")
        {
            Description = "The precision of the Core (the Reference is double).",
            DefaultValueFactory = _ => "float",
        };
        precision.AcceptOnlyFromAmong("float", "double");
        var softmax = new Option<bool>("--softmax") { Description = "Softmax layers with τ = 1e-3 (docs/mathematics.md, softmax layer) instead of hardmax." };
        var inputs = new Option<string>("--inputs")
        {
            Description = "gaussian: i.i.d. N(0, 1) tokens; reviews: Zipf-repeated word vectors and a run of padding.",
            DefaultValueFactory = _ => "gaussian",
        };
        inputs.AcceptOnlyFromAmong("gaussian", "reviews");
        var train = new Option<bool>("--train") { Description = "Measure the classifier instead: training and inference reviews/s and peak working set." };
        var json = CliOptions.Json("Print exactly one JSON object (with provenance) instead of the table.");
        var architecture = TrainCommand.ArchitectureOption();
        var cluster = new Option<bool>("--cluster")
        {
            Description = "Measure attention-based clustering instead: identity attention at each n of --sizes (seconds per layer on 1 thread and all cores, points/s, GFLOP/s against the batch score kernel's), prototype-heads training steps/s and k-means.",
        };
        Option<int[]?> sizes = SizesOption();
        Option<double?> beta = CliOptions.Positive("--beta", "With --cluster: identity attention's inverse temperature β (default 1).");
        var kernel = new Option<string>("--kernel")
        {
            Description = "With --cluster: identity attention's kernel, gaussian (Gaussian blurring mean shift) or dot.",
            DefaultValueFactory = _ => "gaussian",
        };
        kernel.AcceptOnlyFromAmong("gaussian", "dot");
        Option<int?> threads = CliOptions.Integer("--threads", "With --cluster: threads of the 'all cores' measurements and of k-means (default: all cores).", minimum: 1, MaximumThreads);

        Option<bool> allowLong = WorkBudget.AllowLongOption();
        var command = new Command("bench", "Measure configurations/s of the Reference and the Core (one thread, all cores), GFLOP/s and allocations.")
        {
            tokens, dimension, layers, batch, seconds, precision, softmax, inputs, train, json, architecture, cluster, sizes, beta, kernel, threads, allowLong,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            int n = p.GetValue(tokens) ?? 128;
            int d = p.GetValue(dimension) ?? 16;
            int k = p.GetValue(layers) ?? 8;
            int b = p.GetValue(batch) ?? 4096;
            double budget = p.GetValue(seconds) ?? 10;
            var provenance = Provenance.Start(Environment.ProcessorCount);
            Option[] clusterOnly = [sizes, beta, kernel, threads];
            if (p.GetValue(cluster))
            {
                string[] dropped = [.. new Option[] { train, tokens, layers, batch, precision, softmax, inputs, architecture }.Where(p.IsGiven).Select(o => o.Name)];
                if (dropped.Length > 0)
                {
                    throw new CliException($"--cluster measures identity attention (float, n from --sizes, d from --dim), prototype heads and k-means; drop {string.Join(", ", dropped)}.");
                }
                var clusterSettings = new ClusterBenchSettings(p.GetValue(sizes) is { Length: > 0 } givenSizes ? givenSizes : [.. ClusterBenchSettings.DefaultSizes], d, p.GetValue(beta) ?? 1.0,
                    p.GetValue(kernel) == "dot" ? IdentityKernel.Dot : IdentityKernel.Gaussian, budget, p.GetValue(threads) ?? 0);
                bool interactive = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
                TextWriter error = context.Error;
                context.Output.Write(ClusterBenchReport.Run(clusterSettings, p.GetValue(json), provenance, interactive ? what => error.WriteLine($"hardmax bench --cluster: {what}…") : null));
                return ExitCodes.Success;
            }
            string[] given = [.. clusterOnly.Where(p.IsGiven).Select(o => o.Name)];
            if (given.Length > 0)
            {
                throw new CliException(given.Length == 1
                    ? $"{given[0]} applies only with --cluster; add --cluster or drop it."
                    : $"{string.Join(", ", given)} apply only with --cluster; add --cluster or drop them.");
            }
            if (p.GetValue(train))
            {
                if (p.IsGiven(batch) || p.IsGiven(softmax) || p.IsGiven(inputs) || p.IsGiven(precision))
                {
                    throw new CliException("--train measures the classifier (float, batches of 64, synthetic reviews); drop --batch, --softmax, --inputs and --precision.");
                }
                if (TrainCommand.ArchitectureOf(p, architecture) == ClassifierArchitecture.Attention)
                {
                    if (p.IsGiven(layers))
                    {
                        throw new CliException("--layers belongs to the hardmax architecture; the attention model has one head.");
                    }
                    MemoryBudget.RequireModel(ClassifierBenchmark.ImdbVocabulary, d, "lower --d");
                    AttentionBenchResult attention = LiveDisplay.WhileCountdown(context, "bench: the attention classifier", budget, () => AttentionBenchmark.Measure(new AttentionSettings(n, d), budget));
                    context.Output.Write(p.GetValue(json) ? BenchChecks.WithProvenance(AttentionBenchReport.Json(attention), provenance) : AttentionBenchReport.Text(attention));
                    return ExitCodes.Success;
                }
                var model = new ClassifierSettings(n, d, k, DynamicsBenchSettings.Temperature, MaskPadding: false);
                MemoryBudget.RequireModel(ClassifierBenchmark.ImdbVocabulary, d, "lower --d");
                MemoryBudget.RequireClassifier(model, Environment.ProcessorCount, ClassifierBenchmark.BatchSize, "lower --n, --d or --layers");
                ClassifierBenchResult trained = LiveDisplay.WhileCountdown(context, "bench: the classifier", budget, () => ClassifierBenchmark.Measure(model, budget));
                context.Output.Write(p.GetValue(json) ? BenchChecks.WithProvenance(BenchReport.Json(trained), provenance) : BenchReport.Text(trained));
                return ExitCodes.Success;
            }
            var settings = new DynamicsBenchSettings(
                n, d, k, b, budget,
                p.GetValue(precision) == "double" ? Precision.Double : Precision.Float,
                p.GetValue(softmax) ? Attention.Softmax : Attention.Hardmax,
                p.GetValue(inputs) == "reviews" ? BenchInputs.Reviews : BenchInputs.Gaussian);
            BenchChecks.RequireFits(settings);
            WorkBudget.Require(context, WorkEstimate.Bench(b, k, n, d), $"each of the 3 measurements runs at least one call of batch × layers × n²·d", p.GetValue(allowLong), "lower --batch, --tokens or --layers");
            DynamicsBenchResult result = LiveDisplay.WhileCountdown(context, "bench: the dynamics", budget, () => DynamicsBenchmark.Measure(settings));
            context.Output.Write(p.GetValue(json) ? BenchChecks.WithProvenance(BenchReport.Json(result), provenance) : BenchReport.Text(result));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The most threads <c>--threads</c> accepts.</summary>
    private const int MaximumThreads = 1024;

    /// <summary>
    /// <c>--sizes</c>: the cloud sizes of <c>--cluster</c> as whole numbers separated by commas
    /// (<see cref="ClusterBenchSettings.ParseSizes"/>).
    /// </summary>
    private static Option<int[]?> SizesOption() => new("--sizes")
    {
        Description = "With --cluster: the cloud sizes n, separated by commas (default 1000,10000,100000; one layer at 100000 takes tens of seconds).",
        HelpName = "N,N,...",
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = result => CliOptions.Parsed(result, ClusterBenchSettings.ParseSizes),
    };
}
