using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Interpretability;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// What predict, evaluate, explain and leader-words do with a standard self-attention model
/// (<c>train --architecture attention</c>); each of those commands hands over here when the model file says so.
/// </summary>
internal static class AttentionCommands
{
    /// <summary>Top words of each review counted by leader-words.</summary>
    public const int WordsPerReview = 3;

    /// <summary>Whether --model names an existing attention model (a missing file is left to the command's own error).</summary>
    public static bool IsAttention(string modelOption)
    {
        string file = EvaluateCommand.ResolveModelPath(modelOption);
        return File.Exists(file) && AttentionModel.ArchitectureOf(file) == ClassifierArchitecture.Attention;
    }

    /// <summary>Loads the attention model --model names.</summary>
    public static (AttentionModel Model, JsonObject Header) Load(string modelOption)
    {
        (AttentionModel model, JsonObject header, _) = AttentionModel.Load(EvaluateCommand.ResolveModelPath(modelOption));
        return (model, header);
    }

    /// <summary><c>predict</c>: probability, label and the most attended words of each review.</summary>
    public static int Predict(CommandContext context, string modelOption, IReadOnlyList<string> reviews, bool json)
    {
        (AttentionModel model, _) = Load(modelOption);
        var pipeline = new TextPipeline(model.Text);
        CultureInfo c = CultureInfo.InvariantCulture;
        foreach (string review in reviews)
        {
            AttentionExplanation e = AttentionExplanation.Of(model, model.Vocabulary.Encode(review, pipeline, model.Settings.Tokens));
            string label = e.Probability > 0.5 ? "positive" : "negative";
            AttendedWord[] top = e.Top.Take(5).ToArray();
            if (json)
            {
                var line = new JsonObject
                {
                    ["probability"] = e.Probability,
                    ["label"] = label,
                    ["architecture"] = "attention",
                    ["attended"] = new JsonArray(top.Select(w => (JsonNode)new JsonObject { ["word"] = w.Word, ["count"] = w.Count, ["attention"] = w.Attention }).ToArray()),
                    ["text"] = review,
                };
                context.Output.WriteLine(line.ToJsonString());
            }
            else
            {
                string words = string.Join(", ", top.Select(w => string.Create(c, $"{w.Word} ({w.Attention:P0})")));
                string excerpt = review.Length > 60 ? review[..57] + "..." : review;
                context.Output.WriteLine(string.Create(c, $"{e.Probability:F4}  {label}  attended: {words}  | {excerpt}"));
            }
        }
        return ExitCodes.Success;
    }

    /// <summary><c>evaluate</c>: accuracy, precision, recall, confusion matrix and inference speed (one architecture, no hardmax column).</summary>
    public static int Evaluate(
        CommandContext context, string modelOption, string? dataPath, EvaluationProtocol? protocol, int? seed, string part, int threads, bool json, string? predictionsPath = null)
    {
        (AttentionModel model, JsonObject header) = Load(modelOption);
        PreparedData prepared = model.EvaluationData(header, dataPath, protocol, seed, context.Error);
        (EncodedReviews reviews, IReadOnlyList<Review> texts) = EvaluationOutput.Part(prepared, part);
        var passes = new AttentionPasses(model.Settings, threads);
        long start = Stopwatch.GetTimestamp();
        float[] logits = passes.Logits(reviews, model.Parameters);
        double speed = reviews.Count / Stopwatch.GetElapsedTime(start).TotalSeconds;
        Confusion confusion = Confusion.Of(logits, reviews.Labels);
        Interval interval = EvaluationOutput.AccuracyInterval(confusion.Predictions, reviews.Labels);
        if (predictionsPath is not null)
        {
            EvaluationOutput.WritePredictions(predictionsPath, texts, logits, null);
            context.Error.WriteLine($"{CommandRunner.ToolName} evaluate: wrote {predictionsPath} ({texts.Count} reviews).");
        }
        CultureInfo c = CultureInfo.InvariantCulture;
        if (json)
        {
            var result = new JsonObject
            {
                ["model"] = modelOption,
                ["architecture"] = "attention",
                ["split"] = part,
                ["reviews"] = reviews.Count,
                ["parameters"] = model.Parameters.Count,
                ["softmax"] = confusion.ToJson(),
                ["softmaxAccuracyInterval"] = EvaluationOutput.ToJson(interval),
                ["threads"] = passes.Threads,
                ["softmaxReviewsPerSecond"] = Math.Round(speed),
            };
            context.Output.WriteLine(result.ToJsonString(TrainingJson.Options));
            return ExitCodes.Success;
        }
        var text = new StringBuilder();
        text.AppendLine(c, $"model {modelOption}: standard self-attention, d = {model.Settings.Dimension}, n = {model.Settings.Tokens}, V = {model.Vocabulary.Count}, {model.Parameters.Count} parameters");
        text.AppendLine(c, $"{part} split: {reviews.Count} reviews");
        text.AppendLine();
        EvaluateCommand.AppendRates(text, confusion);
        text.AppendLine(c, $"accuracy, 95 % bootstrap interval: {EvaluationOutput.Text(interval)}");
        text.AppendLine(c, $"inference ({passes.Threads} threads): {speed:F0} reviews/s");
        text.AppendLine();
        text.AppendLine("confusion matrix: rows true, columns predicted");
        text.AppendLine("             neg      pos");
        text.AppendLine(c, $"  neg   {confusion.Counts[0, 0],7}  {confusion.Counts[0, 1],7}");
        text.AppendLine(c, $"  pos   {confusion.Counts[1, 0],7}  {confusion.Counts[1, 1],7}");
        context.Output.Write(text.ToString());
        return ExitCodes.Success;
    }

    /// <summary><c>explain</c>: the review as HTML, every word shaded by the attention it receives.</summary>
    public static int Explain(
        CommandContext context, string modelOption, string? text, string? reviewId, string? dataPath, string? protocol, string outPath)
    {
        (AttentionModel model, JsonObject header) = Load(modelOption);
        (string reviewText, string title) = InterpretabilityOptions.ResolveReview(
            () => model.EvaluationData(header, dataPath, InterpretabilityOptions.ProtocolOf(protocol), null, context.Error), text, reviewId);
        var pipeline = new TextPipeline(model.Text);
        AttentionExplanation explanation = AttentionExplanation.Of(model, model.Vocabulary.Encode(reviewText, pipeline, model.Settings.Tokens));
        AtomicFile.WriteAllBytes(outPath, Encoding.UTF8.GetBytes(AttentionHtml.Render(explanation, reviewText, pipeline, model.Settings.Dimension, title)));
        string label = explanation.Probability > 0.5 ? "positive" : "negative";
        string top = string.Join(", ", explanation.Top.Take(5).Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Word} {w.Attention:P1}")));
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{explanation.Probability:F4}  {label}  most attended: {top}  wrote {outPath}"));
        return ExitCodes.Success;
    }

    /// <summary><c>leader-words</c>: the most attended words of confidently, correctly classified positive and negative test reviews.</summary>
    public static int AttendedWords(
        CommandContext context, string modelOption, string? dataPath, string? protocol, int top, double confidence, int threads,
        Func<HardmaxCore.Clustering.FigurePage, HardmaxCore.Clustering.FigurePage> pageOf, string outPath)
    {
        (AttentionModel model, JsonObject header) = Load(modelOption);
        PreparedData prepared = model.EvaluationData(header, dataPath, InterpretabilityOptions.ProtocolOf(protocol), null, context.Error);
        AttendedWordCounts counts = AttendedWordCounts.Count(model, prepared.Test, confidence, WordsPerReview, threads);
        InterpretabilityOptions.Write(context.Output, AttentionFigures.Table("positive", counts.SelectedPositive, counts.Reviews, counts.Positive.Take(top).ToArray(), confidence, WordsPerReview));
        InterpretabilityOptions.Write(context.Output, AttentionFigures.Table("negative", counts.SelectedNegative, counts.Reviews, counts.Negative.Take(top).ToArray(), confidence, WordsPerReview));
        AtomicFile.WriteAllBytes(outPath, AttentionFigures.Chart(counts, top, model.Settings.Dimension, confidence, WordsPerReview, pageOf, outPath));
        context.Error.WriteLine($"{CommandRunner.ToolName} leader-words: attention model, wrote {outPath}.");
        return ExitCodes.Success;
    }
}
