using System.CommandLine;
using System.Globalization;
using HardmaxCore.Classifier;
using Spectre.Console;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax train</c>: trains the sentiment classifier of [AFZ] (SPEC §3) and writes <c>metrics.json</c>,
/// <c>model.bin</c> (the epoch chosen on validation) and <c>checkpoint.bin</c> into the run folder.
/// </summary>
/// <remarks>
/// <code>
/// hardmax train --data PATH --dim 16 --layers 8 --epochs N --protocol standard|paper [--val-fraction 0.1] [--seed 0]
///               [--lr 1e-3] [--batch 64] [--mask-padding] [--keep-negations] [--min-count 1] [--limit N]
///               [--optimizer adam|lazy-adam] [--alpha-init X] [--threads N] --out runs/NAME
/// hardmax train --resume runs/NAME [--epochs N]
/// </code>
/// Ctrl+C saves a checkpoint at the current batch and exits; <c>--resume</c> continues with the same result as an
/// uninterrupted run.
/// </remarks>
internal static class TrainCommand
{
    /// <summary>Exit code after Ctrl+C (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var data = DataOption();
        Option<int?> dimension = CliOptions.Integer("--dim", "d, the embedding dimension (default 16).", 1);
        Option<int?> layers = CliOptions.Integer("--layers", "K, the number of shared softmax layers (default 8).", 0);
        Option<int?> epochs = CliOptions.Integer("--epochs", "Epochs to train in all (default 10; with --resume, the new total).", 1);
        var protocol = ProtocolOption();
        Option<double?> validation = CliOptions.Positive("--val-fraction", "Fraction of the training split held out to choose the epoch (default 0.1).");
        Option<int?> seed = CliOptions.Integer("--seed", "Seed of the split, the initialisation and the shuffles (default 0).", 0);
        Option<double?> learningRate = CliOptions.Positive("--lr", "Adam's learning rate (default 1e-3).");
        Option<int?> batch = CliOptions.Integer("--batch", "Reviews per batch (default 64).", 1);
        var maskPadding = new Option<bool>("--mask-padding") { Description = "Leave the padding out of attention and of the mean ([AFZ] keeps it)." };
        var keepNegations = new Option<bool>("--keep-negations") { Description = "Keep not, no, nor, never, … instead of dropping them as stopwords." };
        Option<int?> minCount = CliOptions.Integer("--min-count", "Words seen fewer times in the training split map to <unk> (default 1).", 1);
        Option<int?> limit = CliOptions.Integer("--limit", "Use a seeded subset of this many reviews (quick runs).", 10);
        Option<int?> tokens = CliOptions.Integer("--tokens", "n, tokens per review after truncation and padding (default 128).", 1);
        Option<double?> temperature = CliOptions.Positive("--temperature", "τ of the softmax layers (default 1e-3).");
        var optimizer = OptimizerOption();
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
        var threads = ThreadsOption();
        var output = new Option<string?>("--out", "-o") { Description = "The run folder (created).", HelpName = "runs/NAME" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its checkpoint.", HelpName = "runs/NAME" };

        var command = new Command("train", "Train the sentiment classifier of [AFZ] on IMDb (SPEC §3).")
        {
            data, dimension, layers, epochs, protocol, validation, seed, learningRate, batch, maskPadding, keepNegations,
            minCount, limit, tokens, temperature, optimizer, alphaInit, threads, output, resume,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string? resumeFolder = p.GetValue(resume);
            string? outFolder = p.GetValue(output);
            int threadCount = p.GetValue(threads) ?? Environment.ProcessorCount;
            TrainingRun run;
            if (resumeFolder is not null)
            {
                if (outFolder is not null)
                {
                    throw new CliException("--resume continues the run in its own folder; drop --out.");
                }
                run = TrainingRun.Resume(resumeFolder, p.GetValue(epochs), threadCount, context.Error);
                outFolder = resumeFolder;
            }
            else
            {
                if (outFolder is null)
                {
                    throw new CliException("give the run folder with --out runs/NAME (or --resume runs/NAME to continue one).");
                }
                double validationFraction = p.GetValue(validation) ?? 0.1;
                if (validationFraction >= 1)
                {
                    throw new CliException($"--val-fraction must be below 1 (found {validationFraction.ToString(CultureInfo.InvariantCulture)}).");
                }
                var options = new TrainingOptions
                {
                    DataPath = p.GetValue(data) ?? PreparedData.DefaultDataPath(),
                    Protocol = p.GetValue(protocol),
                    Dimension = p.GetValue(dimension) ?? 16,
                    Layers = p.GetValue(layers) ?? 8,
                    Epochs = p.GetValue(epochs) ?? 10,
                    ValidationFraction = validationFraction,
                    Seed = p.GetValue(seed) ?? 0,
                    LearningRate = p.GetValue(learningRate) ?? 1e-3,
                    BatchSize = p.GetValue(batch) ?? 64,
                    MaskPadding = p.GetValue(maskPadding),
                    KeepNegations = p.GetValue(keepNegations),
                    MinCount = p.GetValue(minCount) ?? 1,
                    Limit = p.GetValue(limit),
                    Tokens = p.GetValue(tokens) ?? 128,
                    Temperature = p.GetValue(temperature) ?? 1e-3,
                    Optimizer = p.GetValue(optimizer),
                    InitialAlpha = p.GetValue(alphaInit),
                };
                run = TrainingRun.Start(outFolder, options, threadCount, context.Error);
            }
            return Train(context, run, outFolder);
        }));
        return command;
    }

    /// <summary>The --data option shared by the commands that read reviews.</summary>
    internal static Option<string?> DataOption() => new("--data")
    {
        Description = "The reviews: the aclImdb .tar.gz archive, an extracted aclImdb folder, or a CSV with columns review,sentiment (default $HARDMAX_IMDB or ../shared/data/aclImdb_labeled.tar.gz).",
        HelpName = "PATH",
    };

    /// <summary>The --protocol option (SPEC §3.4).</summary>
    internal static Option<EvaluationProtocol> ProtocolOption()
    {
        var option = new Option<EvaluationProtocol>("--protocol")
        {
            Description = "paper (default): all reviews shuffled with the seed, 70 % train / 30 % test ([AFZ]); standard: aclImdb train/test.",
            HelpName = "paper|standard",
            DefaultValueFactory = _ => EvaluationProtocol.Paper,
            CustomParser = result => result.Tokens[0].Value.ToLowerInvariant() switch
            {
                "standard" => EvaluationProtocol.Standard,
                "paper" => EvaluationProtocol.Paper,
                string other => Fail(result, other),
            },
        };
        return option;

        static EvaluationProtocol Fail(System.CommandLine.Parsing.ArgumentResult result, string value)
        {
            result.AddError($"--protocol expects standard or paper (found '{value}').");
            return EvaluationProtocol.Paper;
        }
    }

    /// <summary>The --optimizer option: adam (dense, PyTorch's Adam) or lazy-adam (PyTorch's SparseAdam on the embedding).</summary>
    internal static Option<OptimizerKind> OptimizerOption() => new("--optimizer")
    {
        Description = "adam (default): dense Adam, every embedding row moves every step (PyTorch's Adam); lazy-adam: only the rows of the batch's words and their moments are updated (PyTorch's SparseAdam), much faster.",
        HelpName = "adam|lazy-adam",
        DefaultValueFactory = _ => OptimizerKind.Adam,
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (SweepAxis.TryParseOptimizer(text, out OptimizerKind kind))
            {
                return kind;
            }
            result.AddError($"--optimizer expects adam or lazy-adam (found '{text}').");
            return OptimizerKind.Adam;
        },
    };

    /// <summary>The --threads option.</summary>
    internal static Option<int?> ThreadsOption() => CliOptions.Integer("--threads", "Cores to use (default all).", 1);

    private static int Train(CommandContext context, TrainingRun run, string folder)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            TextWriter table = context.Output;
            table.WriteLine("epoch  train loss  train acc  val acc  test acc  test hardmax  agree    alpha  seconds  reviews/s");
            foreach (EpochMetrics done in run.History)
            {
                table.WriteLine(Row(done));
            }
            bool finished = RunWithProgress(context, run, metrics => table.WriteLine(Row(metrics)), cancel.Token);
            table.Flush();
            if (!finished)
            {
                context.Error.WriteLine($"interrupted: checkpoint saved at epoch {run.Epoch}, batch {run.Batch}; continue with 'hardmax train --resume {folder}'.");
                return Interrupted;
            }
            EpochMetrics? selected = run.SelectedEpoch();
            if (selected is not null)
            {
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"selected epoch {selected.Epoch} (best validation {selected.ValidationAccuracy:F4}): test accuracy {selected.TestAccuracy:F4} softmax, {selected.TestAccuracyHardmax:F4} hardmax; model in {Path.Combine(folder, TrainingRun.ModelFileName)}"));
            }
            return ExitCodes.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static bool RunWithProgress(CommandContext context, TrainingRun run, Action<EpochMetrics> onEpoch, CancellationToken cancel)
    {
        if (!ReferenceEquals(context.Error, Console.Error) || Console.IsErrorRedirected)
        {
            // Logs and tests: a line per quarter epoch instead of a live bar.
            int lastQuarter = -1;
            return run.Run(progress =>
            {
                int quarter = 4 * progress.Batch / progress.Batches;
                if (quarter != lastQuarter && quarter < 4)
                {
                    lastQuarter = quarter;
                    context.Error.WriteLine(Describe(progress));
                }
                if (progress.Batch == progress.Batches)
                {
                    lastQuarter = -1;
                }
            }, onEpoch, cancel);
        }
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        bool finished = false;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progressContext =>
            {
                ProgressTask? task = null;
                finished = run.Run(progress =>
                {
                    if (task is null || progress.Batch == 1)
                    {
                        task?.StopTask();
                        task = progressContext.AddTask($"epoch {progress.Epoch}", maxValue: progress.Batches);
                    }
                    task.Value = progress.Batch;
                    task.Description = Markup.Escape(Describe(progress));
                }, metrics =>
                {
                    task?.StopTask();
                    task = null;
                    onEpoch(metrics);
                }, cancel);
            });
        return finished;
    }

    private static string Describe(BatchProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {p.Epoch} batch {p.Batch}/{p.Batches} loss {p.Loss:F4} acc {p.Accuracy:F4} {p.ReviewsPerSecond:F0} reviews/s");

    private static string Row(EpochMetrics m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Epoch,5}  {m.TrainLoss,10:F4}  {m.TrainAccuracy,9:F4}  {m.ValidationAccuracy,7:F4}  {m.TestAccuracy,8:F4}  {m.TestAccuracyHardmax,12:F4}  {m.TestAgreement,5:F3}  {m.Alpha,7:F4}  {m.Seconds,7:F1}  {m.TrainReviewsPerSecond,9:F0}");
}
