using HardmaxCore.Train.Benchmarking;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Train.Simulation;

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
/// </code>
/// The time budget is split equally among the three measurements (see <see cref="DynamicsBenchmark"/>). With
/// <c>--train</c> it measures the classifier instead (<see cref="ClassifierBenchmark"/>). The table, or with
/// <c>--json</c> exactly one JSON object, goes to stdout.
/// </remarks>
internal static class BenchCommand
{
    /// <summary>The largest batch·n·d accepted: 2²⁷ values (512 MiB in float; the batch is held twice).</summary>
    public const long MaximumValues = 1L << 27;

    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        Option<int?> tokens = CliOptions.Tokens("n, tokens per configuration (default 128).");
        Option<int?> dimension = CliOptions.Dimension("d, the dimension of a token (default 16).");
        Option<int?> layers = CliOptions.Integer("--layers", "K, layers run on each configuration (default 8).", minimum: 1, SizeLimits.MaxLayers);
        Option<int?> batch = CliOptions.Integer("--batch", "B, configurations per call of the Core on all cores (default 4096).", minimum: 1, SizeLimits.MaxBatch);
        Option<double?> seconds = CliOptions.Positive("--seconds", "The time budget in seconds, split equally among the three measurements (default 10).");
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

        var command = new Command("bench", "Measure configurations/s of the Reference and the Core (one thread, all cores), GFLOP/s and allocations.")
        {
            tokens, dimension, layers, batch, seconds, precision, softmax, inputs, train, json, architecture,
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
                    AttentionBenchResult attention = AttentionBenchmark.Measure(new AttentionSettings(n, d), budget);
                    context.Output.Write(p.GetValue(json) ? WithProvenance(AttentionBenchReport.Json(attention), provenance) : AttentionBenchReport.Text(attention));
                    return ExitCodes.Success;
                }
                var model = new ClassifierSettings(n, d, k, DynamicsBenchSettings.Temperature, MaskPadding: false);
                MemoryBudget.RequireModel(ClassifierBenchmark.ImdbVocabulary, d, "lower --d");
                MemoryBudget.RequireClassifier(model, Environment.ProcessorCount, ClassifierBenchmark.BatchSize, "lower --n, --d or --layers");
                ClassifierBenchResult trained = ClassifierBenchmark.Measure(model, budget);
                context.Output.Write(p.GetValue(json) ? WithProvenance(BenchReport.Json(trained), provenance) : BenchReport.Text(trained));
                return ExitCodes.Success;
            }
            long values = MemoryBudget.Product("--batch × --n × --d", b, n, d);
            if (values > MaximumValues)
            {
                throw new CliException(string.Create(CultureInfo.InvariantCulture,
                    $"--batch × --tokens × --dim = {values:N0} values is more than the {MaximumValues:N0} a benchmark batch may hold; lower --batch."));
            }
            var settings = new DynamicsBenchSettings(
                n, d, k, b, budget,
                p.GetValue(precision) == "double" ? Precision.Double : Precision.Float,
                p.GetValue(softmax) ? Attention.Softmax : Attention.Hardmax,
                p.GetValue(inputs) == "reviews" ? BenchInputs.Reviews : BenchInputs.Gaussian);
            DynamicsBenchResult result = DynamicsBenchmark.Measure(settings);
            context.Output.Write(p.GetValue(json) ? WithProvenance(BenchReport.Json(result), provenance) : BenchReport.Text(result));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The report's JSON object with a <c>provenance</c> member added last.</summary>
    private static string WithProvenance(string json, Provenance provenance)
    {
        JsonObject root = JsonNode.Parse(json)!.AsObject();
        root["provenance"] = provenance.Finish().ToJson();
        return root.ToJsonString(TrainingJson.Options) + "\n";
    }
}
