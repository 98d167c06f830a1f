using System.CommandLine;
using System.Globalization;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Runs;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax sweep</c>: a grid of training runs, each an ordinary run folder <c>--out ROOT/&lt;configuration&gt;/seed-&lt;s&gt;</c>
/// (<see cref="SweepPlan"/>), run in this process <c>--parallel P</c> at a time, or one share of it per scheduler task
/// with <c>--shard i/N</c>.
/// </summary>
/// <remarks>
/// <code>
/// hardmax sweep --out runs/NAME [--seeds 0-4] [--architecture hardmax,attention] [--dim 2,4,8,16] [--protocol paper,standard] [--lr 1e-3,5e-4]
///               [--min-count 1,2] [--optimizer adam,lazy-adam] [--epochs 30] [any other train option as a list]
///               [--config runs/NAME/config.json] [--parallel P] [--threads T] [--shard i/N] [--print-plan] [--data PATH]
/// </code>
/// Finished runs are skipped and unfinished ones resume from their checkpoint, so the same command can be run again
/// after a kill, a requeue or a new shard. Ctrl+C or SIGTERM makes every running run save its checkpoint at the current
/// batch; the sweep then exits with 130 (SIGINT) or 143 (SIGTERM). A failed run gives exit code 1 after the others ran.
/// </remarks>
internal static class SweepCommand
{
    /// <summary>Exit code when some run failed (the others ran).</summary>
    public const int RunsFailed = 1;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        // train's options, defined once (TrainingFlags): every option that shapes a run, here as a list.
        var flags = new TrainingFlags();
        var data = flags.Data;
        var output = new Option<string>("--out", "-o") { Description = "The sweep folder; each run goes to <configuration>/seed-<s> inside it.", HelpName = "runs/NAME", Required = true };
        var seeds = new Option<string>("--seeds", "--seed") { Description = "Seeds (train's --seed as a list): a list and/or ranges, e.g. 0-4 or 0,3,7 (default 0).", HelpName = "LIST", DefaultValueFactory = _ => "0" };
        Option<string?>[] axes = flags.Shaping.Select(flag => flag.ListOption()).ToArray();
        Option<int?> parallel = CliOptions.Integer("--parallel", "Runs trained at the same time in this process; the cores are divided between them (default 1).", 1);
        var threads = flags.Threads;
        var shard = new Option<string?>("--shard") { Description = "Run only share i of N (0-based): run r of the plan goes to shard r mod N. 'auto' takes i and N from a Slurm array task (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT); 'auto/N' takes i from it or from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX).", HelpName = "i/N|auto|auto/N" };
        var config = new Option<string?>("--config") { Description = "Start every run from the settings of a run's config.json (as train --config); the lists given here override them, and --seeds replaces its seed.", HelpName = "runs/NAME/config.json" };
        var printPlan = new Option<bool>("--print-plan") { Description = "List the runs (index, shard, configuration, seed, status, folder) and exit." };

        var command = new Command("sweep", "Train a grid of configurations × seeds, each an ordinary run folder; skip finished runs, resume killed ones.")
        {
            data, output, seeds, config, parallel, threads, shard, printPlan,
        };
        foreach (Option<string?> axis in axes)
        {
            command.Options.Add(axis);
        }
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            string root = p.GetValue(output)!;
            TrainingOptions? fromFile = p.GetValue(config) is string configPath ? RunFolderFiles.LoadConfig(configPath) : null;
            SweepPlan plan = SweepPlan.FromLists(fromFile, p.GetValue(data),
                flags.Shaping.Select((flag, a) => (flag.Axis, List: p.GetValue(axes[a]))).Where(l => l.List is not null).Select(l => (l.Axis, l.List!)), p.GetValue(seeds)!, root);
            (SweepShard part, string? source) = p.GetValue(shard) is string s ? SchedulerShard.Parse(s, Environment.GetEnvironmentVariable) : (SweepShard.All, null);
            if (p.GetValue(printPlan))
            {
                foreach (string line in SweepExecutor.PlanTable(plan, part))
                {
                    context.Output.WriteLine(line);
                }
                return ExitCodes.Success;
            }
            if (part.Count > 1)
            {
                // Every log line names its shard (= the array task id): a scheduler's logs are often read merged.
                context = context with { Error = new LinePrefixWriter(context.Error, $"shard {part}: ") };
            }
            if (source is not null)
            {
                context.Error.WriteLine($"sweep {plan.Root}: shard {part} from {source}");
            }
            return Run(context, plan, part, p.GetValue(parallel) ?? 1, p.GetValue(threads) ?? Environment.ProcessorCount);
        }));
        return command;
    }

    private static int Run(CommandContext context, SweepPlan plan, SweepShard part, int parallel, int threads)
    {
        IReadOnlyList<SweepRun> runs = plan.Shard(part);
        // Ctrl+C or SIGTERM reaches every running run at its current batch (Interruption, cooperative phase).
        Interruption interruption = Interruption.Current;
        interruption.Cooperative();
        using LiveDisplay display = LiveDisplay.For(context, context.Error);
        interruption.Display = display;
        using TextWriter log = display.RowWriter();
        log.WriteLine(SweepExecutor.Heading(plan, part, parallel, threads));
        IReadOnlyList<SweepRunOutcome> outcomes = SweepExecutor.Run(runs, parallel, threads, log, interruption.Token, (run, progress) => display.Progress(
            string.Create(CultureInfo.InvariantCulture, $"[{run.Index}] seed-{run.Seed} epoch {progress.Epoch}/{run.Options.Epochs}"), progress.Batch, progress.Batches,
            string.Create(CultureInfo.InvariantCulture, $"loss {progress.Loss:F3} acc {progress.Accuracy:F3}")));
        display.Clear();
        context.Error.WriteLine($"sweep {plan.Root}: {SweepExecutor.Tally(runs.Count, outcomes)}; report with 'hardmax sweep-report {plan.Root}'.");
        return interruption.Requested ? interruption.ExitCode : outcomes.Any(o => o.Error is not null) ? RunsFailed : ExitCodes.Success;
    }
}
