using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// Runs the runs of a sweep (or of one shard) in this process, <c>parallel</c> at a time with the cores divided between
/// them: finished runs are skipped, unfinished ones resumed from their checkpoint, the others started; each is an ordinary
/// <see cref="TrainingRun"/> whose folder also gets a <c>train.log</c>.
/// </summary>
/// <remarks>
/// Runs are trained in-process (not as child processes) so cancellation reaches them as a <see cref="CancellationToken"/>:
/// on Ctrl+C or a scheduler's SIGTERM every running run saves its checkpoint at the current batch and the sweep stops
/// taking new runs; running the same command again continues exactly. A failing run is reported and the others go on.
/// </remarks>
internal static class SweepExecutor
{
    /// <summary>The log file inside each run folder.</summary>
    public const string LogFileName = RunFolderLock.LogFileName;

    /// <summary>Where <paramref name="run"/> stands on disk.</summary>
    /// <exception cref="ExperimentException">The folder holds a run with other settings (another plan wrote it), or more epochs than planned.</exception>
    public static SweepRunStatus Status(SweepRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string metricsPath = Path.Combine(run.Folder, TrainingRun.MetricsFileName);
        bool hasCheckpoint = File.Exists(Path.Combine(run.Folder, TrainingCheckpoint.FileName));
        if (File.Exists(metricsPath))
        {
            JsonObject metrics;
            TrainingOptions? settings;
            try
            {
                metrics = JsonNode.Parse(UserFile.ReadAllBytes(metricsPath, "metrics file", UserFile.TextFileCap))?.AsObject() ?? throw new JsonException("empty");
                settings = metrics["settings"].Deserialize<TrainingOptions>(TrainingJson.Options);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
            {
                throw new ExperimentException($"'{metricsPath}' is not a metrics.json of 'hardmax train' ({e.Message}); move the folder away to rerun it.", e);
            }
            catch (UnreadableFileException e)
            {
                // A pipe, device or oversized file in place of metrics.json: refused like every other read, never read.
                throw new ExperimentException($"{e.Message} Move the folder away to rerun it.", e);
            }
            if (settings is null)
            {
                throw new ExperimentException($"'{metricsPath}' has no settings; move the folder away to rerun it.");
            }
            RequireSameRun(run, settings, metricsPath);
            if (settings.Epochs > run.Options.Epochs)
            {
                throw new ExperimentException(
                    $"'{run.Folder}' was trained for {settings.Epochs} epochs; this plan has {run.Options.Epochs}. Plan at least {settings.Epochs} epochs or use another sweep folder.");
            }
            bool finished = metrics["finished"]?.GetValue<bool>()
                ?? (metrics["epochs"] is JsonArray epochs && epochs.Count >= settings.Epochs);
            if (finished && settings.Epochs == run.Options.Epochs)
            {
                return SweepRunStatus.Finished;
            }
        }
        return hasCheckpoint ? SweepRunStatus.Partial : SweepRunStatus.Pending;
    }

    /// <summary>
    /// The plan of <paramref name="part"/> as a tab-separated table: a comment line with the counts, a header, then one row
    /// per run (index, shard, configuration, seed, status on disk or <c>conflict</c>, folder).
    /// </summary>
    public static IEnumerable<string> PlanTable(SweepPlan plan, SweepShard part)
    {
        ArgumentNullException.ThrowIfNull(plan);
        yield return string.Create(CultureInfo.InvariantCulture,
            $"# {plan.Runs.Count} runs = {plan.Seeds.Count} seed(s) × {plan.Configurations.Count} configuration(s); shard {part}: {plan.Shard(part).Count} runs");
        yield return "run\tshard\tconfiguration\tseed\tstatus\tfolder";
        foreach (SweepRun run in plan.Runs.Where(r => part.Contains(r.Index)))
        {
            string status;
            try
            {
                status = Status(run).ToString().ToLowerInvariant();
            }
            catch (ExperimentException)
            {
                status = "conflict";
            }
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{run.Index}\t{run.Index % part.Count}/{part.Count}\t{run.Configuration}\t{run.Seed}\t{status}\t{run.Folder}");
        }
    }

    /// <summary>The first line of a sweep: the shard, how many of the plan's runs it has, how many at a time with how many threads each (as <see cref="Run"/> divides them).</summary>
    public static string Heading(SweepPlan plan, SweepShard part, int parallel, int threads)
    {
        ArgumentNullException.ThrowIfNull(plan);
        int runs = plan.Shard(part).Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"sweep {plan.Root}: shard {part}, {runs} of {plan.Runs.Count} runs, {parallel} at a time, {Math.Max(1, threads / Math.Max(1, Math.Min(parallel, runs)))} thread(s) each");
    }

    /// <summary>What became of <paramref name="planned"/> runs: "<c>s finished earlier, t trained now, f failed, u not finished</c>".</summary>
    public static string Tally(int planned, IReadOnlyList<SweepRunOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        int skipped = outcomes.Count(o => o.Before == SweepRunStatus.Finished);
        int trained = outcomes.Count(o => o.Finished && o.Before != SweepRunStatus.Finished);
        int failed = outcomes.Count(o => o.Error is not null);
        return string.Create(CultureInfo.InvariantCulture,
            $"{skipped} finished earlier, {trained} trained now, {failed} failed, {planned - skipped - trained - failed} not finished");
    }

    /// <summary>Runs <paramref name="runs"/> (in order, <paramref name="parallel"/> at a time) and returns what became of each.</summary>
    /// <param name="runs">The runs, e.g. <see cref="SweepPlan.Shard"/>.</param>
    /// <param name="parallel">Runs trained at the same time (≥ 1).</param>
    /// <param name="threads">Cores in all; each run gets max(1, threads / parallel).</param>
    /// <param name="log">One line per run started, resumed, skipped, per epoch and per run finished (thread-safe use).</param>
    /// <param name="cancel">Stops the sweep: running runs checkpoint and return, no new run starts.</param>
    /// <param name="onBatch">Called after every training batch of every run (from the run's thread), e.g. for a progress line.</param>
    /// <returns>One outcome per run that was skipped, trained or failed; runs not reached before cancellation are left out.</returns>
    public static IReadOnlyList<SweepRunOutcome> Run(
        IReadOnlyList<SweepRun> runs, int parallel, int threads, TextWriter log, CancellationToken cancel, Action<SweepRun, BatchProgress>? onBatch = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        int workers = Math.Min(parallel, Math.Max(1, runs.Count));
        int threadsPerRun = Math.Max(1, threads / workers);
        var outcomes = new SweepRunOutcome?[runs.Count];
        int next = -1;
        var gate = new object();
        void Say(string line)
        {
            lock (gate)
            {
                log.WriteLine(line);
                log.Flush();
            }
        }

        void Work()
        {
            while (!cancel.IsCancellationRequested)
            {
                int r = Interlocked.Increment(ref next);
                if (r >= runs.Count)
                {
                    return;
                }
                outcomes[r] = RunOne(runs[r], threadsPerRun, resetPeak: workers == 1, Say, cancel, onBatch);
            }
        }

        if (workers == 1)
        {
            Work();
        }
        else
        {
            Thread[] pool = Enumerable.Range(0, workers).Select(_ => new Thread(Work) { IsBackground = true }).ToArray();
            foreach (Thread thread in pool)
            {
                thread.Start();
            }
            foreach (Thread thread in pool)
            {
                thread.Join();
            }
        }
        // Runs another process was training: wait for it to let go, then skip them if it finished them, or continue them
        // (it was stopped). Both sweeps then end with every planned run finished, and neither calls the other's runs failed.
        for (int r = 0; r < runs.Count; r++)
        {
            while (outcomes[r] is { Busy: true } && !cancel.WaitHandle.WaitOne(BusyPoll))
            {
                outcomes[r] = RunOne(runs[r], threads, resetPeak: true, Say, cancel, onBatch, quietWhenBusy: true);
            }
        }
        return outcomes.Where(o => o is not null).Select(o => o!).ToArray();
    }

    /// <summary>How often a sweep looks again at a run another process is training.</summary>
    private static readonly TimeSpan BusyPoll = TimeSpan.FromSeconds(1);

    private static SweepRunOutcome RunOne(
        SweepRun run, int threads, bool resetPeak, Action<string> say, CancellationToken cancel, Action<SweepRun, BatchProgress>? onBatch, bool quietWhenBusy = false)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"[{run.Index}] {run.Configuration}/seed-{run.Seed}");
        SweepRunStatus status = SweepRunStatus.Pending;
        try
        {
            status = Status(run);
            if (status == SweepRunStatus.Finished)
            {
                say($"{name}: finished earlier, skipped");
                return new SweepRunOutcome(run, status, true, null);
            }
            Directory.CreateDirectory(run.Folder);
            using var file = new StreamWriter(AtomicFile.OpenAppend(Path.Combine(run.Folder, LogFileName))) { AutoFlush = true };
            TextWriter runLog = TextWriter.Synchronized(file);
            if (resetPeak)
            {
                PeakMemory.TryReset();
            }
            TrainingRun training;
            if (status == SweepRunStatus.Partial)
            {
                training = TrainingRun.Resume(run.Folder, run.Options.Epochs, threads, runLog, cancel);
                RequireSameRun(run, training.Options, Path.Combine(run.Folder, TrainingCheckpoint.FileName));
                say(string.Create(CultureInfo.InvariantCulture, $"{name}: resumed at epoch {training.Epoch}, batch {training.Batch} ({threads} thread(s))"));
            }
            else
            {
                training = TrainingRun.Start(run.Folder, run.Options, threads, runLog, cancel: cancel);
                say(string.Create(CultureInfo.InvariantCulture, $"{name}: started ({threads} thread(s))"));
            }
            bool finished = training.Run(onBatch is null ? null : progress => onBatch(run, progress), m =>
            {
                // Values a run does not define (the attention baseline has no hardmax layers and no α) are left out, not NaN.
                string hardmax = double.IsFinite(m.TestAccuracyHardmax) ? string.Create(CultureInfo.InvariantCulture, $" hardmax {m.TestAccuracyHardmax:F4}") : "";
                string alpha = double.IsFinite(m.Alpha) ? string.Create(CultureInfo.InvariantCulture, $" α {m.Alpha:F4}") : "";
                string seconds = m.Seconds < 10 ? m.Seconds.ToString("0.00", CultureInfo.InvariantCulture) : m.Seconds.ToString("0.0", CultureInfo.InvariantCulture);
                string row = string.Create(CultureInfo.InvariantCulture,
                    $"epoch {m.Epoch}/{run.Options.Epochs}: loss {m.TrainLoss:F4} train {m.TrainAccuracy:F4} val {m.ValidationAccuracy:F4} test {m.TestAccuracy:F4}{hardmax}{alpha} {seconds} s {m.TrainReviewsPerSecond:F0} reviews/s");
                runLog.WriteLine(row);
                say($"{name}: {row}");
            }, cancel);
            if (!finished)
            {
                say(string.Create(CultureInfo.InvariantCulture, $"{name}: interrupted, checkpoint saved at epoch {training.Epoch}, batch {training.Batch}"));
                return new SweepRunOutcome(run, status, false, null);
            }
            EpochMetrics? selected = training.SelectedEpoch();
            say(selected is null
                ? $"{name}: finished"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{name}: finished; selected epoch {selected.Epoch}: val {selected.ValidationAccuracy:F4} test {selected.TestAccuracy:F4}")
                    + (double.IsFinite(selected.TestAccuracyHardmax) ? string.Create(CultureInfo.InvariantCulture, $" hardmax {selected.TestAccuracyHardmax:F4}") : ""));
            return new SweepRunOutcome(run, status, true, null);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopped while loading its data: nothing was written (Start removes the lock it created; Resume keeps the checkpoint).
            say(status == SweepRunStatus.Partial
                ? $"{name}: interrupted while loading its data; its checkpoint is unchanged"
                : $"{name}: interrupted while loading its data; nothing was saved");
            return new SweepRunOutcome(run, status, false, null);
        }
        catch (RunFolderBusyException)
        {
            if (!quietWhenBusy)
            {
                say($"{name}: busy, trained by another process; this sweep goes on and comes back to it");
            }
            return new SweepRunOutcome(run, status, false, null, Busy: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            say($"{name}: failed: {e.GetType().Name}: {e.Message}");
            return new SweepRunOutcome(run, status, false, e.Message);
        }
    }

    /// <summary>Whether two option sets describe the same run, apart from the data path's spelling and the number of epochs.</summary>
    private static void RequireSameRun(SweepRun run, TrainingOptions found, string where)
    {
        TrainingOptions a = found with { DataPath = "", Epochs = 1 };
        TrainingOptions b = run.Options with { DataPath = "", Epochs = 1 };
        if (a != b)
        {
            throw new ExperimentException(
                $"'{where}' belongs to a run with other settings than the plan's {run.Configuration}/seed-{run.Seed}; use another sweep folder or move it away.");
        }
    }
}
