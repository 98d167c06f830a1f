using System.CommandLine;
using System.Runtime.InteropServices;
using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Runs;

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
        // One definition of the options with sweep (TrainingFlags); the help shows the library's defaults.
        var flags = new TrainingFlags();
        TrainingOptions defaults = new();
        var data = flags.Data;
        Option<int?> epochs = flags.Epochs;
        epochs.Description += " With --resume, the new total.";
        Option<int?> seed = CliOptions.Integer("--seed", string.Create(CultureInfo.InvariantCulture, $"Seed of the split, the initialisation and the shuffles (default {defaults.Seed})."), 0);
        var threads = flags.Threads;
        var output = new Option<string?>("--out", "-o") { Description = "The run folder (created).", HelpName = "runs/NAME" };
        var architecture = flags.Architecture;
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its checkpoint.", HelpName = "runs/NAME" };
        var force = new Option<bool>("--force") { Description = "Replace the run the --out folder already holds (its checkpoint, model and metrics are deleted)." };
        var config = new Option<string?>("--config") { Description = "Start from the settings of a run's config.json (options given here override them); the same settings train the same model bit for bit.", HelpName = "runs/NAME/config.json" };

        var command = new Command("train", "Train the sentiment classifier of [AFZ] on IMDb (see docs/mathematics.md).") { data, seed };
        foreach (TrainingFlag flag in flags.Shaping)
        {
            command.Options.Add(flag.Option);
        }
        foreach (Option option in new Option[] { threads, output, resume, force, config })
        {
            command.Options.Add(option);
        }
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string? resumeFolder = p.GetValue(resume);
            string? outFolder = p.GetValue(output);
            int threadCount = p.GetValue(threads) ?? Environment.ProcessorCount;
            using LiveDisplay display = LiveDisplay.For(context, context.Output);
            using TextWriter log = display.LogWriter();
            Interruption interruption = Interruption.Current;
            interruption.Display = display;
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
                CheckResume(p, resumeFolder, flags, seed);
                display.Status("loading and encoding the reviews…", force: true);
                // Ctrl+C from here on cancels the token: the loading stops within a few hundred reviews, training at its batch.
                interruption.Cooperative();
                try
                {
                    run = TrainingRuns.Resume(resumeFolder, p.GetValue(epochs), threadCount, log, interruption.Token);
                }
                catch (OperationCanceledException) when (interruption.Requested)
                {
                    return interruption.Report($"nothing new was saved; the checkpoint in {resumeFolder} is unchanged");
                }
                outFolder = resumeFolder;
            }
            else
            {
                if (outFolder is null)
                {
                    throw new CliException("give the run folder with --out runs/NAME (or --resume runs/NAME to continue one).");
                }
                TrainingOptions? fromFile = p.GetValue(config) is string configPath ? RunFolderFiles.LoadConfig(configPath) : null;
                ClassifierArchitecture chosen = fromFile is not null && !p.IsGiven(architecture) ? fromFile.Architecture : ArchitectureOf(p, architecture);
                if (chosen == ClassifierArchitecture.Attention)
                {
                    foreach (Option option in new Option[] { flags.Layers, flags.Temperature, flags.MaskPadding })
                    {
                        if (p.IsGiven(option))
                        {
                            throw new CliException($"{option.Name} belongs to the hardmax architecture; the attention model has one head, no temperature, and always masks the padding.");
                        }
                    }
                }
                // Only what the user gave is bound: TrainingOptions holds every default and checks every value (its
                // messages name the property; CommandRunner turns the name into the flag, FlagNames).
                var options = new TrainingOptions
                {
                    Architecture = chosen,
                    // With --config and no --data the file's data path is used (the overlay below); resolving the default here
                    // would refuse a run whose data the file names when no default data set is present.
                    DataPath = fromFile is not null && p.GetValue(data) is null ? fromFile.DataPath : DataPaths.Resolve(p.GetValue(data)),
                };
                // The sweep's path: each given value, in its canonical text, through SweepAxis.Apply.
                options = flags.ApplyGiven(p, options);
                options = p.GetValue(seed) is int s ? options with { Seed = s } : options;
                if (fromFile is not null)
                {
                    // The file's settings, with the options given on this command line on top (config.json's property names).
                    (Option Option, string Property)[] settings =
                    [
                        (data, "dataPath"), (seed, "seed"), .. flags.Shaping.Select(f => (f.Option, f.Property)),
                    ];
                    options = RunFolderFiles.Overlay(fromFile, options, settings.Where(s => p.IsGiven(s.Option)).Select(s => s.Property).ToHashSet(StringComparer.Ordinal));
                }
                display.Status("loading and encoding the reviews…", force: true);
                interruption.Cooperative();
                bool existed = Directory.Exists(outFolder);
                try
                {
                    run = TrainingRuns.Start(outFolder, options, threadCount, log, replace: p.GetValue(force), interruption.Token);
                }
                catch (OperationCanceledException) when (interruption.Requested)
                {
                    // TrainingRun.Start removed what it had created (the folder, or the lock file in an existing folder).
                    return interruption.Report(existed
                        ? $"nothing was saved while the data was loading; the lock in {outFolder} is released"
                        : $"nothing was saved while the data was loading; removed the folder {outFolder} it had created");
                }
            }
            using (run)
            {
                return Train(context, display, run, outFolder);
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
            DefaultValueFactory = _ => ModelSplit.Name(new TrainingOptions().Protocol),
        };
        option.AcceptOnlyFromAmong("paper", "standard");
        return option;
    }

    /// <summary>
    /// Refuses --resume options that would be silently ignored: an option that shapes the run (<see cref="TrainingFlags.Shaping"/>,
    /// --seed, --data) and differs from the stored value, or an --epochs total not above the epochs already done.
    /// </summary>
    private static void CheckResume(ParseResult p, string folder, TrainingFlags flags, Option<int?> seed)
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
        foreach (TrainingFlag flag in flags.Shaping)
        {
            // --epochs is the new total, checked below; the others compare canonical texts (SweepAxis.ValueOf).
            if (flag.Axis == "epochs" || flag.Given(p) is not string given)
            {
                continue;
            }
            string value = SweepAxis.ValueOf(stored, flag.Axis);
            if (given != value)
            {
                conflicts.Add(flag.Option is Option<bool>
                    ? $"{flag.Option.Name} (the run has it {(value == "true" ? "on" : "off")})"
                    : $"{flag.Option.Name} {given} (the run has {value})");
            }
        }
        if (p.IsGiven(seed) && p.GetValue(seed) != stored.Seed)
        {
            conflicts.Add(string.Create(c, $"--seed {p.GetValue(seed)} (the run has {stored.Seed})"));
        }
        if (p.GetValue(flags.Data) is string data && (stored.DataPath is null || Path.GetFullPath(data) != Path.GetFullPath(stored.DataPath)))
        {
            conflicts.Add($"--data {data} (the run has {stored.DataPath})");
        }
        if (conflicts.Count > 0)
        {
            throw new CliException(
                $"--resume continues '{folder}' with its stored settings, which these options would change: {string.Join("; ", conflicts)}. " +
                "Drop them, or start a new run with --out.");
        }
        if (p.GetValue(flags.Epochs) is int total && total <= done)
        {
            throw new CliException($"--epochs {total}: the run in '{folder}' has already done {done} epochs, so there is nothing to train; give --epochs above {done} (the new total).");
        }
        if (p.GetValue(flags.Epochs) is null && done >= stored.Epochs && !TrainingRuns.MetricsUnfinished(folder))
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

    private static int Train(CommandContext context, LiveDisplay display, ITrainingRun run, string folder)
    {
        Interruption interruption = Interruption.Current;
        bool finished = RunWithProgress(display, run, interruption.Token);
        display.Clear();
        if (!finished)
        {
            context.Error.WriteLine($"{interruption.Word}: checkpoint saved at epoch {run.Epoch}, batch {run.Batch}; continue with 'hardmax train --resume {folder}'.");
            return interruption.Requested ? interruption.ExitCode : Interrupted;
        }
        EpochMetrics? selected = run.SelectedEpoch();
        if (selected is not null)
        {
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"selected epoch {selected.Epoch} (validation {selected.ValidationAccuracy:F4}): test {TextTable.Number(selected.TestAccuracy, "F4")}") +
                (double.IsFinite(selected.TestAccuracyHardmax) ? string.Create(CultureInfo.InvariantCulture, $" softmax, {selected.TestAccuracyHardmax:F4} hardmax") : ""));
        }
        context.Error.WriteLine($"wrote {Path.Combine(folder, TrainingRun.ModelFileName)} (the selected epoch), {Path.Combine(folder, TrainingRun.MetricsFileName)} and {Path.Combine(folder, "checkpoint.bin")}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Trains, writing the epoch table through <paramref name="display"/>: rows (and a legend line when the terminal is
    /// too narrow for the full headers) printed once each, and in a terminal one live progress line below them.
    /// </summary>
    private static bool RunWithProgress(LiveDisplay display, ITrainingRun run, CancellationToken cancel)
    {
        EpochTable table = EpochTable.Create(run.Options.Architecture != ClassifierArchitecture.Attention, display.Width);
        foreach (string legend in table.Legend)
        {
            display.Log(legend);
        }
        display.Row(table.Header);
        foreach (EpochMetrics done in run.History)
        {
            display.Row(table.Row(done));
        }
        long epochStart = System.Diagnostics.Stopwatch.GetTimestamp();
        int lastBatch = int.MaxValue;
        int lastQuarter = -1;
        return run.Run(progress =>
        {
            if (progress.Batch < lastBatch)
            {
                epochStart = System.Diagnostics.Stopwatch.GetTimestamp();
                lastQuarter = -1;
            }
            lastBatch = progress.Batch;
            if (!display.IsLive)
            {
                // Logs (schedulers, CI): a whole line on stderr per quarter epoch, never a partial one.
                int quarter = 4 * progress.Batch / progress.Batches;
                if (quarter != lastQuarter && quarter < 4)
                {
                    lastQuarter = quarter;
                    display.Log(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {progress.Epoch} batch {progress.Batch}/{progress.Batches} loss {progress.Loss:F4} acc {progress.Accuracy:F4} {progress.ReviewsPerSecond:F0} reviews/s"));
                }
                return;
            }
            if (progress.Batch == progress.Batches)
            {
                display.Status(string.Create(CultureInfo.InvariantCulture, $"epoch {progress.Epoch}: evaluating on validation and test…"), force: true);
                return;
            }
            double elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(epochStart).TotalSeconds;
            double remaining = progress.Batch > 0 ? elapsed / progress.Batch * (progress.Batches - progress.Batch) : double.NaN;
            display.Progress(string.Create(CultureInfo.InvariantCulture, $"epoch {progress.Epoch}"), progress.Batch, progress.Batches,
                Describe(progress, remaining, compact: (display.Width ?? 200) < 100));
        }, metrics => display.Row(table.Row(metrics)), cancel);
    }

    /// <summary>The progress line's detail: loss and accuracy so far, throughput and the time left in the epoch.</summary>
    private static string Describe(BatchProgress p, double remaining, bool compact)
    {
        string eta = LiveDisplay.Clock(remaining);
        return compact
            ? string.Create(CultureInfo.InvariantCulture, $"loss {p.Loss:F3} acc {p.Accuracy:F3} {eta} left")
            : string.Create(CultureInfo.InvariantCulture, $"batch {p.Batch}/{p.Batches}  loss {p.Loss:F4}  acc {p.Accuracy:F4}  {p.ReviewsPerSecond:F0} reviews/s  {eta} left");
    }
}
