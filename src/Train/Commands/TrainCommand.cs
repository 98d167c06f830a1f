using System.CommandLine;
using System.Runtime.InteropServices;
using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using Spectre.Console;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax train</c>: trains the sentiment classifier of [AFZ] (docs/mathematics.md, SPEC §3) and writes
/// <c>metrics.json</c>, <c>model.bin</c> (the epoch chosen on validation) and <c>checkpoint.bin</c> into the run folder.
/// </summary>
/// <remarks>
/// <code>
/// hardmax train --data PATH --dim 16 --layers 8 --epochs N --protocol standard|paper [--val-fraction 0.1] [--seed 0]
///               [--lr 2e-3] [--batch 64] [--mask-padding] [--keep-negations] [--min-count 1] [--limit N]
///               [--optimizer adam|lazy-adam] [--alpha-init X] [--threads N] --out runs/NAME
/// hardmax train --resume runs/NAME [--epochs N]
/// </code>
/// Ctrl+C saves a checkpoint at the current batch and exits; <c>--resume</c> continues with the same result as an
/// uninterrupted run. With --resume, options that shape the run (--dim, --layers, --seed, …) are refused unless they
/// equal the stored ones, and --epochs must exceed the epochs already done. In a terminal the epoch rows are written
/// above a live progress line; piped, the rows go to stdout and the progress lines to stderr as plain text.
/// </remarks>
internal static class TrainCommand
{
    /// <summary>Exit code after Ctrl+C (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code after SIGTERM (128 + 15), what schedulers and <c>kill</c> send.</summary>
    public const int Terminated = 143;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var data = DataOption();
        Option<int?> dimension = CliOptions.Dimension("d, the embedding dimension (default 16).");
        Option<int?> layers = CliOptions.Training("--layers", "K, the number of shared softmax layers (default 8).");
        Option<int?> epochs = CliOptions.Training("--epochs", "Epochs to train in all (default 10; with --resume, the new total).");
        var protocol = ProtocolOption();
        Option<double?> validation = CliOptions.Positive("--val-fraction", "Fraction of the training split held out to choose the epoch (default 0.1).");
        Option<int?> seed = CliOptions.Integer("--seed", "Seed of the split, the initialisation and the shuffles (default 0).", 0);
        Option<double?> learningRate = CliOptions.Positive("--lr", "Adam's learning rate (default 2e-3, chosen on validation accuracy over seeds; PyTorch's default is 1e-3).");
        Option<int?> batch = CliOptions.Training("--batch", "Reviews per batch (default 64).");
        var maskPadding = new Option<bool>("--mask-padding") { Description = "Leave the padding out of attention and of the mean ([AFZ] keeps it)." };
        var keepNegations = new Option<bool>("--keep-negations") { Description = "Keep not, no, nor, never, … instead of dropping them as stopwords." };
        Option<int?> minCount = CliOptions.Training("--min-count", "Words seen fewer times in the training split map to <unk> (default 1).");
        Option<int?> limit = CliOptions.Training("--limit", "Use a seeded subset of this many reviews (quick runs).");
        Option<int?> tokens = CliOptions.Tokens("n, tokens per review after truncation and padding (default 128).");
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
        var architecture = ArchitectureOption();
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its checkpoint.", HelpName = "runs/NAME" };
        var force = new Option<bool>("--force") { Description = "Replace the run the --out folder already holds (its checkpoint, model and metrics are deleted)." };
        var config = new Option<string?>("--config") { Description = "Start from the settings of a run's config.json (options given here override them); the same settings train the same model bit for bit.", HelpName = "runs/NAME/config.json" };

        var command = new Command("train", "Train the sentiment classifier of [AFZ] on IMDb (see docs/mathematics.md).")
        {
            data, dimension, layers, epochs, protocol, validation, seed, learningRate, batch, maskPadding, keepNegations,
            minCount, limit, tokens, temperature, optimizer, alphaInit, threads, output, resume, force, architecture, config,
        };
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string? resumeFolder = p.GetValue(resume);
            string? outFolder = p.GetValue(output);
            int threadCount = p.GetValue(threads) ?? Environment.ProcessorCount;
            ITrainingRun run;
            if (resumeFolder is not null)
            {
                if (outFolder is not null || p.GetValue(config) is not null)
                {
                    throw new CliException($"--resume continues the run in its own folder with its own settings; drop {(outFolder is not null ? "--out" : "--config")}.");
                }
                if (p.GetValue(force))
                {
                    throw new CliException("--force replaces a run; --resume continues one. Give one of them.");
                }
                CheckResume(p, resumeFolder, epochs, [
                    (dimension, o => o.Dimension), (layers, o => o.Layers), (seed, o => o.Seed), (batch, o => o.BatchSize), (minCount, o => o.MinCount),
                    (limit, o => o.Limit), (tokens, o => o.Tokens)],
                    [(validation, o => o.ValidationFraction), (learningRate, o => o.LearningRate), (temperature, o => o.Temperature)],
                    [(maskPadding, o => o.MaskPadding), (keepNegations, o => o.KeepNegations)],
                    data, protocol, architecture);
                run = TrainingRuns.Resume(resumeFolder, p.GetValue(epochs), threadCount, context.Error);
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
                TrainingOptions? fromFile = p.GetValue(config) is string configPath ? RunFolderFiles.LoadConfig(configPath) : null;
                ClassifierArchitecture chosen = fromFile is not null && !p.IsGiven(architecture) ? fromFile.Architecture : ArchitectureOf(p, architecture);
                if (chosen == ClassifierArchitecture.Attention)
                {
                    foreach (Option option in new Option[] { layers, temperature, maskPadding })
                    {
                        if (p.IsGiven(option))
                        {
                            throw new CliException($"{option.Name} belongs to the hardmax architecture; the attention model has one head, no temperature, and always masks the padding.");
                        }
                    }
                }
                var options = new TrainingOptions
                {
                    Architecture = chosen,
                    DataPath = DataPaths.Resolve(p.GetValue(data)),
                    Protocol = p.GetValue(protocol) == "standard" ? EvaluationProtocol.Standard : EvaluationProtocol.Paper,
                    Dimension = p.GetValue(dimension) ?? 16,
                    Layers = p.GetValue(layers) ?? 8,
                    Epochs = p.GetValue(epochs) ?? 10,
                    ValidationFraction = validationFraction,
                    Seed = p.GetValue(seed) ?? 0,
                    LearningRate = p.GetValue(learningRate) ?? TrainingOptions.DefaultLearningRate,
                    BatchSize = p.GetValue(batch) ?? 64,
                    MaskPadding = p.GetValue(maskPadding),
                    KeepNegations = p.GetValue(keepNegations),
                    MinCount = p.GetValue(minCount) ?? 1,
                    Limit = p.GetValue(limit),
                    Tokens = p.GetValue(tokens) ?? 128,
                    Temperature = p.GetValue(temperature) ?? 1e-3,
                    Optimizer = p.GetValue(optimizer) ?? OptimizerKind.Adam,
                    InitialAlpha = p.GetValue(alphaInit),
                };
                if (fromFile is not null)
                {
                    // The file's settings, with the options given on this command line on top (config.json's property names).
                    (Option Option, string Property)[] settings =
                    [
                        (data, "dataPath"), (dimension, "dimension"), (layers, "layers"), (epochs, "epochs"), (protocol, "protocol"), (validation, "validationFraction"),
                        (seed, "seed"), (learningRate, "learningRate"), (batch, "batchSize"), (maskPadding, "maskPadding"), (keepNegations, "keepNegations"),
                        (minCount, "minCount"), (limit, "limit"), (tokens, "tokens"), (temperature, "temperature"), (optimizer, "optimizer"), (alphaInit, "initialAlpha"),
                        (architecture, "architecture"),
                    ];
                    options = RunFolderFiles.Overlay(fromFile, options, settings.Where(s => p.IsGiven(s.Option)).Select(s => s.Property).ToHashSet(StringComparer.Ordinal));
                }
                run = TrainingRuns.Start(outFolder, options, threadCount, context.Error, replace: p.GetValue(force));
            }
            using (run)
            {
                return Train(context, run, outFolder);
            }
        }));
        return command;
    }

    /// <summary>The --data option shared by the commands that read reviews.</summary>
    internal static Option<string?> DataOption() => new("--data")
    {
        Description = "The reviews: the aclImdb .tar.gz archive, an extracted aclImdb folder, or a CSV with columns review,sentiment (default $HARDMAX_IMDB or ../shared/data/aclImdb_labeled.tar.gz).",
        HelpName = "PATH",
    };

    /// <summary>The --protocol option of train (docs/mathematics.md, "Protocols"), lower-case values, default paper.</summary>
    internal static Option<string> ProtocolOption()
    {
        var option = new Option<string>("--protocol")
        {
            Description = "paper: all reviews shuffled with the seed, 70 % train / 30 % test ([AFZ]); standard: aclImdb train/test.",
            HelpName = "paper|standard",
            DefaultValueFactory = _ => "paper",
        };
        option.AcceptOnlyFromAmong("paper", "standard");
        return option;
    }

    /// <summary>
    /// Refuses --resume options that would be silently ignored: an option that shapes the run and differs from the
    /// stored value, or an --epochs total not above the epochs already done.
    /// </summary>
    private static void CheckResume(
        ParseResult p, string folder, Option<int?> epochs,
        (Option<int?> Option, Func<TrainingOptions, int?> Stored)[] integers,
        (Option<double?> Option, Func<TrainingOptions, double> Stored)[] numbers,
        (Option<bool> Option, Func<TrainingOptions, bool> Stored)[] flags,
        Option<string?> data, Option<string> protocol, Option<string> architecture)
    {
        string file = Path.Combine(folder, "checkpoint.bin");
        if (!File.Exists(file))
        {
            throw new CliException(TrainingRuns.KilledBeforeFirstCheckpoint(folder)
                ? $"--resume '{folder}': there is no checkpoint.bin in it: the run was killed before its first checkpoint, so nothing can be continued; start it again with the same command and --out {folder} (no --force needed)."
                : $"--resume '{folder}': there is no checkpoint.bin in it (give the folder of an earlier 'hardmax train --out').");
        }
        (TrainingOptions stored, int done) = TrainingRuns.Inspect(folder);
        CultureInfo c = CultureInfo.InvariantCulture;
        var conflicts = new List<string>();
        foreach ((Option<int?> option, Func<TrainingOptions, int?> value) in integers)
        {
            if (p.IsGiven(option) && p.GetValue(option) != value(stored))
            {
                conflicts.Add($"{option.Name} {p.GetValue(option)} (the run has {(value(stored) is int v ? v.ToString(c) : "none")})");
            }
        }
        foreach ((Option<double?> option, Func<TrainingOptions, double> value) in numbers)
        {
            if (p.IsGiven(option) && p.GetValue(option) != value(stored))
            {
                conflicts.Add(string.Create(c, $"{option.Name} {p.GetValue(option)} (the run has {value(stored)})"));
            }
        }
        foreach ((Option<bool> option, Func<TrainingOptions, bool> value) in flags)
        {
            if (p.IsGiven(option) && p.GetValue(option) != value(stored))
            {
                conflicts.Add($"{option.Name} (the run has it {(value(stored) ? "on" : "off")})");
            }
        }
        if (p.IsGiven(protocol) && p.GetValue(protocol) != ModelSplit.Name(stored.Protocol))
        {
            conflicts.Add($"--protocol {p.GetValue(protocol)} (the run has {ModelSplit.Name(stored.Protocol)})");
        }
        if (p.IsGiven(architecture) && ArchitectureOf(p, architecture) != stored.Architecture)
        {
            conflicts.Add($"--architecture {p.GetValue(architecture)} (the run has {(stored.Architecture == ClassifierArchitecture.Attention ? "attention" : "hardmax")})");
        }
        if (p.GetValue(data) is string given && (stored.DataPath is null || Path.GetFullPath(given) != Path.GetFullPath(stored.DataPath)))
        {
            conflicts.Add($"--data {given} (the run has {stored.DataPath})");
        }
        if (conflicts.Count > 0)
        {
            throw new CliException(
                $"--resume continues '{folder}' with its stored settings, which these options would change: {string.Join("; ", conflicts)}. " +
                "Drop them, or start a new run with --out.");
        }
        if (p.GetValue(epochs) is int total && total <= done)
        {
            throw new CliException($"--epochs {total}: the run in '{folder}' has already done {done} epochs, so there is nothing to train; give --epochs above {done} (the new total).");
        }
        if (p.GetValue(epochs) is null && done >= stored.Epochs && !TrainingRuns.MetricsUnfinished(folder))
        {
            throw new CliException($"the run in '{folder}' has finished its {stored.Epochs} epochs; give --epochs N with N > {done} to train more.");
        }
    }

    /// <summary>The --architecture option: the hardmax transformer (default) or the standard self-attention baseline.</summary>
    internal static Option<string> ArchitectureOption()
    {
        var option = new Option<string>("--architecture")
        {
            Description = "hardmax (default): the pure-attention hardmax transformer of [AFZ]; attention: the standard baseline, one softmax self-attention head, mean pooling, a dense ReLU layer and a sigmoid.",
            HelpName = "hardmax|attention",
            DefaultValueFactory = _ => "hardmax",
        };
        option.AcceptOnlyFromAmong("hardmax", "attention");
        return option;
    }

    /// <summary>The --optimizer option: adam (dense, PyTorch's Adam) or lazy-adam (PyTorch's SparseAdam on the embedding).</summary>
    internal static Option<OptimizerKind?> OptimizerOption() => new("--optimizer")
    {
        Description = "adam (default): dense Adam, every embedding row moves every step (PyTorch's Adam); lazy-adam: only the rows of the batch's words and their moments are updated (PyTorch's SparseAdam); about 1.1× faster at d = 16 on 2 cores.",
        HelpName = "adam|lazy-adam",
        CustomParser = result =>
        {
            string text = result.Tokens[0].Value;
            if (SweepAxis.TryParseOptimizer(text, out OptimizerKind kind))
            {
                return kind;
            }
            result.AddError($"--optimizer expects adam or lazy-adam (found '{text}').");
            return null;
        },
    };


    /// <summary>The architecture chosen with <see cref="ArchitectureOption"/>.</summary>
    internal static ClassifierArchitecture ArchitectureOf(ParseResult p, Option<string> option)
        => p.GetValue(option) == "attention" ? ClassifierArchitecture.Attention : ClassifierArchitecture.Hardmax;

    /// <summary>The --threads option.</summary>
    internal static Option<int?> ThreadsOption() => CliOptions.Integer("--threads", "Cores to use (default all).", 1, MaximumThreads);

    /// <summary>The most threads accepted: 1024 (each holds a classifier pass's scratch memory).</summary>
    public const int MaximumThreads = 1024;

    private static int Train(CommandContext context, ITrainingRun run, string folder)
    {
        using var cancel = new CancellationTokenSource();
        int exitCode = Interrupted;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        // SIGTERM (schedulers, kill, docker stop) saves a checkpoint at the current batch, as Ctrl+C does.
        using PosixSignalRegistration? onTerminate = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            exitCode = Terminated;
            cancel.Cancel();
        });
        try
        {
            bool finished = RunWithProgress(context, run, cancel.Token);
            if (!finished)
            {
                context.Error.WriteLine($"{(exitCode == Terminated ? "terminated" : "interrupted")}: checkpoint saved at epoch {run.Epoch}, batch {run.Batch}; continue with 'hardmax train --resume {folder}'.");
                return exitCode;
            }
            EpochMetrics? selected = run.SelectedEpoch();
            if (selected is not null)
            {
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"selected epoch {selected.Epoch} (best validation {selected.ValidationAccuracy:F4}): test accuracy {selected.TestAccuracy:F4} softmax, {selected.TestAccuracyHardmax:F4} hardmax"));
            }
            context.Error.WriteLine($"wrote {Path.Combine(folder, TrainingRun.ModelFileName)} (the selected epoch), {Path.Combine(folder, TrainingRun.MetricsFileName)} and {Path.Combine(folder, "checkpoint.bin")}");
            return ExitCodes.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// Trains, writing the epoch table and progress. Three cases: stderr not the console's terminal (logs, tests, CI):
    /// the table to stdout and a progress line per quarter epoch to stderr, as plain text; stderr a terminal and stdout
    /// piped: the table to stdout, a live progress line on stderr; both the terminal: one Spectre console writes the
    /// table rows above its live progress line (writing them to stdout instead would interleave with the progress
    /// line's cursor movements and lose them), narrowed to the terminal's width.
    /// </summary>
    private static bool RunWithProgress(CommandContext context, ITrainingRun run, CancellationToken cancel)
    {
        bool stderrTerminal = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
        bool stdoutTerminal = ReferenceEquals(context.Output, Console.Out) && !Console.IsOutputRedirected;
        if (!stderrTerminal)
        {
            TextWriter table = context.Output;
            table.WriteLine(Header(TableLayout.Wide));
            foreach (EpochMetrics done in run.History)
            {
                table.WriteLine(Row(done, TableLayout.Wide));
            }
            // Logs and tests: a line per quarter epoch instead of a live bar.
            int lastQuarter = -1;
            bool result = run.Run(progress =>
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
            }, metrics =>
            {
                table.WriteLine(Row(metrics, TableLayout.Wide));
                table.Flush();
            }, cancel);
            table.Flush();
            return result;
        }
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        TableLayout layout = stdoutTerminal && console.Profile.Width < WideWidth ? TableLayout.Narrow : TableLayout.Wide;
        Action<string> writeRow = stdoutTerminal
            ? line => console.WriteLine(line)
            : line =>
            {
                context.Output.WriteLine(line);
                context.Output.Flush();
            };
        writeRow(Header(layout));
        foreach (EpochMetrics done in run.History)
        {
            writeRow(Row(done, layout));
        }
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
                    task.Description = Markup.Escape(Describe(progress, compact: console.Profile.Width < WideWidth));
                }, metrics =>
                {
                    task?.StopTask();
                    task = null;
                    writeRow(Row(metrics, layout));
                }, cancel);
            });
        return finished;
    }

    /// <summary>The terminal width from which the wide table fits on one line.</summary>
    internal const int WideWidth = 104;

    /// <summary>The two layouts of the epoch table: wide (piped output, wide terminals) and narrow (under 104 columns).</summary>
    internal enum TableLayout
    {
        /// <summary>Full column names, 101 characters.</summary>
        Wide,

        /// <summary>Short column names, 75 characters.</summary>
        Narrow,
    }

    /// <summary>The table header.</summary>
    internal static string Header(TableLayout layout) => layout == TableLayout.Wide
        ? "epoch  train loss  train acc  val acc  test acc  test hardmax  agree    alpha  seconds  reviews/s"
        : "epoch    loss   train     val    test  t.hard  agree   alpha      s   rev/s";

    /// <summary>One epoch's row.</summary>
    internal static string Row(EpochMetrics m, TableLayout layout) => layout == TableLayout.Wide
        ? string.Create(CultureInfo.InvariantCulture,
            $"{m.Epoch,5}  {m.TrainLoss,10:F4}  {m.TrainAccuracy,9:F4}  {m.ValidationAccuracy,7:F4}  {m.TestAccuracy,8:F4}  {m.TestAccuracyHardmax,12:F4}  {m.TestAgreement,5:F3}  {m.Alpha,7:F4}  {m.Seconds,7:F1}  {m.TrainReviewsPerSecond,9:F0}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{m.Epoch,5}  {m.TrainLoss,6:F4}  {m.TrainAccuracy,6:F4}  {m.ValidationAccuracy,6:F4}  {m.TestAccuracy,6:F4}  {m.TestAccuracyHardmax,6:F4}  {m.TestAgreement,5:F3}  {m.Alpha,6:F3}  {m.Seconds,5:F0}  {m.TrainReviewsPerSecond,6:F0}");

    private static string Describe(BatchProgress p, bool compact = false) => compact
        ? string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch} loss {p.Loss:F3} acc {p.Accuracy:F3}")
        : string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch} batch {p.Batch}/{p.Batches} loss {p.Loss:F4} acc {p.Accuracy:F4} {p.ReviewsPerSecond:F0} reviews/s");
}
