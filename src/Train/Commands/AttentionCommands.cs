using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Interpretability;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// What leader-words does with a standard self-attention model (<c>train --architecture attention</c>), whose words have
/// attention rather than leaders; the command branches here on the loaded classifier's architecture.
/// </summary>
internal static class AttentionCommands
{
    /// <summary>Top words of each review counted by leader-words.</summary>
    public const int WordsPerReview = 3;

    /// <summary><c>leader-words</c>: the most attended words of confidently, correctly classified positive and negative test reviews.</summary>
    public static int AttendedWords(
        CommandContext context, SentimentClassifier classifier, ModelSplit split, int top, double confidence, int threads,
        Func<HardmaxCore.Experiments.Plotting.FigurePage, HardmaxCore.Experiments.Plotting.FigurePage> pageOf, string outPath)
    {
        AttentionModel model = classifier.AttentionModel;
        AttendedWordCounts counts = AttendedWordCounts.Count(model, split.Data.Test, confidence, WordsPerReview, threads);
        InterpretabilityOptions.Write(context.Output, AttentionFigures.Table("positive", counts.SelectedPositive, counts.Reviews, counts.Positive.Take(top).ToArray(), confidence, WordsPerReview));
        InterpretabilityOptions.Write(context.Output, AttentionFigures.Table("negative", counts.SelectedNegative, counts.Reviews, counts.Negative.Take(top).ToArray(), confidence, WordsPerReview));
        AtomicFile.WriteAllBytes(outPath, AttentionFigures.Chart(counts, top, model.Settings.Dimension, confidence, WordsPerReview, pageOf, outPath));
        context.Error.WriteLine($"{CommandRunner.ToolName} leader-words: attention model, wrote {outPath}.");
        return ExitCodes.Success;
    }
}
