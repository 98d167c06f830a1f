using System.CommandLine;
using System.Globalization;
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
                // Options that would be silently ignored are refused before anything loads (TrainingRuns.CheckResume).
                TrainingRuns.CheckResume(resumeFolder, flags.Shaping.Where(f => f.Given(p) is not null).Select(f => (f.Axis, f.Given(p)!)),
                    p.IsGiven(seed) ? p.GetValue(seed) : null, p.GetValue(flags.Data), p.GetValue(flags.Epochs));
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
                // Only what the user gave is bound, on the sweep's path (TrainingRuns.Compose): TrainingOptions holds every default
                // and checks every value (its messages name the property; CommandRunner turns the name into the flag, FlagNames).
                TrainingOptions? fromFile = p.GetValue(config) is string configPath ? RunFolderFiles.LoadConfig(configPath) : null;
                TrainingOptions options = TrainingRuns.Compose(fromFile, flags.Shaping.Where(f => f.Given(p) is not null).Select(f => (f.Axis, f.Given(p)!)).ToArray(),
                    p.GetValue(seed), fromFile is not null && p.GetValue(data) is null ? null : DataPaths.Resolve(p.GetValue(data)));
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
        bool finished = TrainingDisplay.Run(display, run, interruption.Token);
        display.Clear();
        if (!finished)
        {
            context.Error.WriteLine($"{interruption.Word}: checkpoint saved at epoch {run.Epoch}, batch {run.Batch}; continue with 'hardmax train --resume {folder}'.");
            return interruption.Requested ? interruption.ExitCode : Interruption.Interrupted;
        }
        foreach (string line in TrainingDisplay.Summary(run, folder))
        {
            context.Error.WriteLine(line);
        }
        return ExitCodes.Success;
    }
}
