namespace HardmaxCore.Classifier;

/// <summary>Starts or resumes the training run of the architecture the options or the checkpoint name.</summary>
public static class TrainingRuns
{
    /// <summary>Starts a new run in <paramref name="folder"/>: <see cref="TrainingRun"/> or <see cref="AttentionTrainingRun"/> by <see cref="TrainingOptions.Architecture"/>.</summary>
    public static ITrainingRun Start(string folder, TrainingOptions options, int threads, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Architecture == ClassifierArchitecture.Attention
            ? AttentionTrainingRun.Start(folder, options, threads, log)
            : TrainingRun.Start(folder, options, threads, log);
    }

    /// <summary>Resumes the run in <paramref name="folder"/> with the architecture its checkpoint records.</summary>
    /// <exception cref="ModelFileException">No checkpoint, or a damaged one.</exception>
    public static ITrainingRun Resume(string folder, int? epochs, int threads, TextWriter log)
    {
        string path = Path.Combine(folder, TrainingCheckpoint.FileName);
        if (!File.Exists(path))
        {
            throw new ModelFileException($"There is no checkpoint at '{path}'; --resume takes the run folder of an earlier 'hardmax train --out'.");
        }
        return AttentionModel.ArchitectureOf(path, "checkpoint") == ClassifierArchitecture.Attention
            ? AttentionTrainingRun.Resume(folder, epochs, threads, log)
            : TrainingRun.Resume(folder, epochs, threads, log);
    }
}
