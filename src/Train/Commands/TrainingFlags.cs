using System.CommandLine;
using System.Globalization;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Runs;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// One option of <c>train</c> that shapes a run, as <see cref="TrainingFlags"/> defines it for both <c>train</c> (one value)
/// and <c>sweep</c> (a list, one <see cref="SweepAxis"/>).
/// </summary>
/// <param name="Axis">Its name in <see cref="SweepAxis.Names"/>: the flag without its dashes.</param>
/// <param name="Option">The option of <c>train</c>, taking one value.</param>
/// <param name="Given">The value given on the command line in its canonical text (as <see cref="SweepAxis.ValueOf"/> writes it), or null when the option is absent.</param>
/// <param name="Example">A list of values shown in the help of <c>sweep</c>.</param>
internal sealed record TrainingFlag(string Axis, Option Option, Func<ParseResult, string?> Given, string Example)
{
    /// <summary>The option of <c>sweep</c>: the same name, aliases and description, taking a comma-separated list.</summary>
    public Option<string?> ListOption() => new(this.Option.Name, [.. this.Option.Aliases])
    {
        Description = $"{this.Option.Description} In a sweep, a list of values, e.g. {this.Example}.",
        HelpName = "LIST",
    };
}

/// <summary>
/// The options of <c>train</c>, defined once for <c>train</c> and <c>sweep</c> so the two cannot drift apart: every option
/// that shapes a run (<see cref="Shaping"/>, in the order of <see cref="SweepAxis.Names"/>) is an option of <c>train</c> with
/// one value and an option of <c>sweep</c> with a list; <c>--seed</c> is <c>sweep --seeds</c> (alias <c>--seed</c>); <c>--data</c>
/// and <c>--threads</c> are common. The help shows the library's defaults (<see cref="TrainingOptions"/>); nothing restates
/// them. A given value reaches <see cref="TrainingOptions"/> on one path for both commands: its canonical text through
/// <see cref="SweepAxis.Apply"/> (<see cref="ApplyGiven"/>).
/// </summary>
internal sealed class TrainingFlags
{
    /// <summary>Builds a fresh set of options (System.CommandLine options belong to one command each).</summary>
    public TrainingFlags()
    {
        TrainingOptions defaults = new();
        CultureInfo c = CultureInfo.InvariantCulture;
        this.Architecture = TrainCommand.ArchitectureOption();
        this.Protocol = TrainCommand.ProtocolOption();
        Option<int?> dimension = CliOptions.Dimension(string.Create(c, $"d, the embedding dimension (default {defaults.Dimension})."));
        this.Layers = CliOptions.Training("--layers", string.Create(c, $"K, the number of shared softmax layers (default {defaults.Layers})."));
        Option<int?> tokens = CliOptions.Tokens(string.Create(c, $"n, tokens per review after truncation and padding (default {defaults.Tokens})."));
        this.Temperature = CliOptions.Positive("--temperature", string.Create(c, $"τ of the softmax layers (default {defaults.Temperature:G})."));
        this.Epochs = CliOptions.Training("--epochs", string.Create(c, $"Epochs to train in all (default {defaults.Epochs})."));
        Option<int?> batch = CliOptions.Training("--batch", string.Create(c, $"Reviews per batch (default {defaults.BatchSize})."));
        Option<double?> learningRate = CliOptions.Positive("--lr", string.Create(c, $"Adam's learning rate (default {defaults.LearningRate:G}, chosen on validation accuracy over seeds; PyTorch's default is 1e-3)."));
        Option<OptimizerKind?> optimizer = TrainCommand.OptimizerOption();
        Option<int?> minCount = CliOptions.Training("--min-count", string.Create(c, $"Words seen fewer times in the training split map to <unk> (default {defaults.MinCount})."));
        var keepNegations = new Option<bool>("--keep-negations") { Description = "Keep not, no, nor, never, … instead of dropping them as stopwords." };
        this.MaskPadding = new Option<bool>("--mask-padding") { Description = "Leave the padding out of attention and of the mean ([AFZ] keeps it)." };
        Option<double?> validation = CliOptions.Positive("--val-fraction", string.Create(c, $"Fraction of the training split held out to choose the epoch (default {defaults.ValidationFraction})."));
        Option<int?> limit = CliOptions.Training("--limit", "Use a seeded subset of this many reviews (quick runs; default all).");
        Option<double?> clipNorm = CliOptions.Positive("--clip-norm", string.Create(c, $"Bound of the global gradient norm (default {defaults.ClipNorm:G})."));
        var alphaInit = new Option<double?>("--alpha-init")
        {
            Description = "α at initialisation (default: drawn from U(0, 1) with the seed, as PyTorch; the other weights are drawn the same either way).",
            HelpName = "X",
            CustomParser = result =>
            {
                string text = result.Tokens[0].Value;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0 && double.IsFinite(value))
                {
                    return value;
                }
                result.AddError($"--alpha-init expects a finite number ≥ 0 (found '{text}').");
                return null;
            },
        };
        this.Shaping =
        [
            new("architecture", this.Architecture, Given(this.Architecture), "hardmax,attention"),
            new("protocol", this.Protocol, Given(this.Protocol), "paper,standard"),
            new("dim", dimension, Given(dimension), "2,4,8,16"),
            new("layers", this.Layers, Given(this.Layers), "4,8"),
            new("tokens", tokens, Given(tokens), "64,128"),
            new("temperature", this.Temperature, Given(this.Temperature), "1e-3,1e-2"),
            new("epochs", this.Epochs, Given(this.Epochs), "10,30"),
            new("batch", batch, Given(batch), "32,64"),
            new("lr", learningRate, Given(learningRate), "1e-3,2e-3"),
            new("optimizer", optimizer,
                p => p.IsGiven(optimizer) && p.GetValue(optimizer) is OptimizerKind kind ? SweepAxis.ValueOf(new TrainingOptions { Optimizer = kind }, "optimizer") : null,
                "adam,lazy-adam"),
            new("min-count", minCount, Given(minCount), "1,2"),
            new("keep-negations", keepNegations, Given(keepNegations), "false,true"),
            new("mask-padding", this.MaskPadding, Given(this.MaskPadding), "false,true"),
            new("val-fraction", validation, Given(validation), "0.1,0.2"),
            new("limit", limit, Given(limit), "2000,5000"),
            new("clip-norm", clipNorm, Given(clipNorm), "1,5"),
            new("alpha-init", alphaInit, Given(alphaInit), "0,0.5"),
        ];
        if (!this.Shaping.Select(f => f.Axis).SequenceEqual(SweepAxis.Names, StringComparer.Ordinal))
        {
            // The library's list of sweepable options and this table must be the same, in the same order (configuration names).
            throw new InvalidOperationException(
                $"TrainingFlags lists {string.Join(", ", this.Shaping.Select(f => f.Axis))}; SweepAxis.Names is {string.Join(", ", SweepAxis.Names)}.");
        }
    }

    /// <summary>The options that shape a run, in the order of <see cref="SweepAxis.Names"/>.</summary>
    public IReadOnlyList<TrainingFlag> Shaping { get; }

    /// <summary>--architecture.</summary>
    public Option<string> Architecture { get; }

    /// <summary>--protocol.</summary>
    public Option<string> Protocol { get; }

    /// <summary>--layers (K).</summary>
    public Option<int?> Layers { get; }

    /// <summary>--temperature (τ).</summary>
    public Option<double?> Temperature { get; }

    /// <summary>--epochs.</summary>
    public Option<int?> Epochs { get; }

    /// <summary>--mask-padding.</summary>
    public Option<bool> MaskPadding { get; }

    /// <summary>--data, common to train and sweep.</summary>
    public Option<string?> Data { get; } = TrainCommand.DataOption();

    /// <summary>--threads, common to train and sweep.</summary>
    public Option<int?> Threads { get; } = TrainCommand.ThreadsOption();

    /// <summary>
    /// Returns <paramref name="options"/> with every run-shaping option given on the command line applied through
    /// <see cref="SweepAxis.Apply"/>, the path a sweep's values take.
    /// </summary>
    public TrainingOptions ApplyGiven(ParseResult p, TrainingOptions options)
    {
        foreach (TrainingFlag flag in this.Shaping)
        {
            if (flag.Given(p) is string value)
            {
                options = SweepAxis.Apply(options, flag.Axis, value);
            }
        }
        return options;
    }

    private static Func<ParseResult, string?> Given(Option<int?> option)
        => p => p.IsGiven(option) && p.GetValue(option) is int value ? value.ToString(CultureInfo.InvariantCulture) : null;

    // + 0.0 turns −0 into 0, as a sweep's values (SweepAxis.Parse).
    private static Func<ParseResult, string?> Given(Option<double?> option)
        => p => p.IsGiven(option) && p.GetValue(option) is double value ? (value + 0.0).ToString("R", CultureInfo.InvariantCulture) : null;

    private static Func<ParseResult, string?> Given(Option<bool> option)
        => p => p.IsGiven(option) ? (p.GetValue(option) ? "true" : "false") : null;

    private static Func<ParseResult, string?> Given(Option<string> option)
        => p => p.IsGiven(option) ? p.GetValue(option) : null;
}
