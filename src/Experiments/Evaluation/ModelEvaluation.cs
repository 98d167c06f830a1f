using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Evaluation;

/// <summary>Inference throughput of one evaluation (text to logit, data already encoded).</summary>
/// <param name="Threads">Cores used.</param>
/// <param name="Softmax">Reviews per second with softmax layers.</param>
/// <param name="Hardmax">Reviews per second with hardmax layers (NaN for a model without them).</param>
internal readonly record struct InferenceSpeed(int Threads, double Softmax, double Hardmax);

/// <summary>
/// One model scored on one part of its split (SPEC §3.4): accuracy with softmax and hardmax layers (an attention model has
/// its softmax attention only), their agreement, confusion matrices, bootstrap intervals and speed; as JSON and as text.
/// </summary>
/// <param name="Part">The part scored (<see cref="EvaluationFiles.Parts"/>).</param>
/// <param name="Reviews">The reviews of the part, in scoring order.</param>
/// <param name="Labels">Their labels as encoded (1 = positive).</param>
/// <param name="SoftmaxLogits">The logit of each review with softmax layers.</param>
/// <param name="HardmaxLogits">With hardmax layers, or null for a model without them.</param>
/// <param name="Softmax">The confusion matrix with softmax layers.</param>
/// <param name="Hardmax">With hardmax layers, or null.</param>
/// <param name="Speed">The throughput.</param>
internal sealed record ModelEvaluation(
    string Part, IReadOnlyList<Review> Reviews, int[] Labels, float[] SoftmaxLogits, float[]? HardmaxLogits, Confusion Softmax, Confusion? Hardmax, InferenceSpeed Speed)
{
    /// <summary>The 95 % bootstrap interval of the softmax accuracy.</summary>
    public Interval SoftmaxInterval { get; } = EvaluationFiles.AccuracyInterval(Softmax.Predictions, Labels);

    /// <summary>Of the hardmax accuracy, or null.</summary>
    public Interval? HardmaxInterval { get; } = Hardmax is null ? null : EvaluationFiles.AccuracyInterval(Hardmax.Predictions, Labels);

    /// <summary>The share of reviews both kinds of layers classify alike, or null.</summary>
    public double? Agreement => this.Hardmax is null ? null : Confusion.Agreement(this.Softmax, this.Hardmax);

    /// <summary>Scores <paramref name="classifier"/> on <paramref name="part"/> of <paramref name="split"/>: a softmax pass, and a hardmax pass when the model has hardmax layers.</summary>
    /// <param name="classifier">The model.</param>
    /// <param name="split">Its split.</param>
    /// <param name="part">test, validation, train or all.</param>
    /// <param name="threads">Cores.</param>
    /// <param name="status">Gets a line before each pass, or null.</param>
    public static ModelEvaluation Run(SentimentClassifier classifier, ModelSplit split, string part, int threads, Action<string>? status = null)
    {
        (EncodedReviews reviews, IReadOnlyList<Review> texts) = EvaluationFiles.Part(split.Data, part);
        status?.Invoke($"softmax pass over {reviews.Count} reviews…");
        long start = Stopwatch.GetTimestamp();
        float[] softmaxLogits = classifier.Logits(reviews, Attention.Softmax, threads);
        double softmaxSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        float[]? hardmaxLogits = null;
        double hardmaxSeconds = double.NaN;
        if (classifier.Architecture == ClassifierArchitecture.Hardmax)
        {
            status?.Invoke($"hardmax pass over {reviews.Count} reviews…");
            start = Stopwatch.GetTimestamp();
            hardmaxLogits = classifier.Logits(reviews, Attention.Hardmax, threads);
            hardmaxSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return new ModelEvaluation(
            part, texts, reviews.Labels, softmaxLogits, hardmaxLogits, Confusion.Of(softmaxLogits, reviews.Labels),
            hardmaxLogits is null ? null : Confusion.Of(hardmaxLogits, reviews.Labels),
            new InferenceSpeed(threads, reviews.Count / softmaxSeconds, reviews.Count / hardmaxSeconds));
    }

    /// <summary>The predictions CSV (<see cref="EvaluationFiles.Predictions"/>).</summary>
    public byte[] PredictionsCsv() => EvaluationFiles.Predictions(this.Reviews, this.SoftmaxLogits, this.HardmaxLogits);

    /// <summary>The evaluation as JSON: the same fields for both architectures, those of hardmax layers null for an attention model.</summary>
    public JsonObject ToJson(string modelPath, SentimentClassifier classifier, ModelSplit split, JsonNode provenance) => new()
    {
        ["model"] = modelPath,
        ["architecture"] = LoadedModel.NameOf(classifier.Architecture),
        ["parameters"] = classifier.ParameterCount,
        ["split"] = this.Part,
        ["reviews"] = this.Reviews.Count,
        ["protocol"] = ModelSplit.Name(split.Protocol),
        ["seed"] = split.Seed,
        ["splitSizes"] = split.ToJson(),
        ["softmax"] = this.Softmax.ToJson(),
        ["hardmax"] = this.Hardmax?.ToJson(),
        ["softmaxAccuracyInterval"] = EvaluationFiles.ToJson(this.SoftmaxInterval),
        ["hardmaxAccuracyInterval"] = this.HardmaxInterval is Interval h ? EvaluationFiles.ToJson(h) : null,
        ["agreement"] = this.Agreement is double g ? TrainingJson.Number(g) : null,
        ["threads"] = this.Speed.Threads,
        ["softmaxReviewsPerSecond"] = TrainingJson.Number(Math.Round(this.Speed.Softmax)),
        ["hardmaxReviewsPerSecond"] = TrainingJson.Number(Math.Round(this.Speed.Hardmax)),
        ["provenance"] = provenance,
    };

    /// <summary>
    /// The text report: the model and split, then one column per set of layers the model has (softmax and hardmax for a
    /// hardmax model, softmax attention alone for the baseline), their agreement, speed and confusion matrices.
    /// </summary>
    public string Text(string modelPath, SentimentClassifier classifier, ModelSplit split)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (this.Hardmax is Confusion hardmax)
        {
            ClassifierModel m = classifier.Model;
            return Report(
                string.Create(c, $"model {modelPath}: d = {m.Settings.Dimension}, K = {m.Settings.Layers}, V = {m.Vocabulary.Count}, α = {m.Parameters.Alpha[0]:F4}"),
                split.Describe(), [("softmax", this.Softmax), ("hardmax", hardmax)],
                string.Create(c, $"inference ({this.Speed.Threads} threads): {this.Speed.Softmax:F0} reviews/s softmax, {this.Speed.Hardmax:F0} reviews/s hardmax"),
                $"accuracy, 95 % bootstrap interval: softmax {EvaluationFiles.Text(this.SoftmaxInterval)}, hardmax {EvaluationFiles.Text(this.HardmaxInterval!.Value)}");
        }
        return Report(
            string.Create(c, $"model {modelPath}: standard self-attention, d = {classifier.Dimension}, n = {classifier.Tokens}, V = {classifier.Vocabulary.Count}, {classifier.ParameterCount} parameters"),
            split.Describe(), [("softmax", this.Softmax)],
            string.Create(c, $"inference ({this.Speed.Threads} threads): {this.Speed.Softmax:F0} reviews/s"),
            $"accuracy, 95 % bootstrap interval: {EvaluationFiles.Text(this.SoftmaxInterval)}");
    }

    /// <summary>A table cell: 4 decimals, or <c>–</c> for an undefined ratio (JSON has null).</summary>
    internal static string Cell(double value) => HardmaxCore.Experiments.Text.TextTable.Number(value, "F4");

    private string Report(string modelLine, string splitLine, (string Name, Confusion Matrix)[] columns, string inference, string intervals)
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        Confusion[] matrices = columns.Select(m => m.Matrix).ToArray();
        text.AppendLine(modelLine);
        text.AppendLine(splitLine);
        text.AppendLine(c, $"evaluated: {EvaluationFiles.Describe(this.Part)}, {this.Reviews.Count} reviews");
        text.AppendLine();
        if (columns.Length > 1)
        {
            text.Append(' ', 18).AppendJoin("", columns.Select(m => "   " + m.Name.PadLeft(7))).AppendLine();
        }
        foreach ((string name, Func<Confusion, double> value) in new (string, Func<Confusion, double>)[]
        {
            ("accuracy", m => m.Accuracy), ("precision (pos)", m => m.Precision(1)), ("recall    (pos)", m => m.Recall(1)),
            ("precision (neg)", m => m.Precision(0)), ("recall    (neg)", m => m.Recall(0)),
            ("F1 (pos)", m => m.F1), ("ROC-AUC", m => m.RocAuc),
        })
        {
            text.Append(name.PadRight(18)).AppendJoin("", matrices.Select(m => "   " + Cell(value(m)).PadLeft(7))).AppendLine();
        }
        if (this.Agreement is double g)
        {
            text.AppendLine(c, $"softmax/hardmax agreement {Cell(g)}");
        }
        text.AppendLine(inference);
        foreach ((string name, Confusion m) in columns)
        {
            text.AppendLine();
            text.AppendLine(columns.Length > 1 ? $"confusion matrix ({name}): rows true, columns predicted" : "confusion matrix: rows true, columns predicted");
            text.AppendLine("             neg      pos");
            text.AppendLine(c, $"  neg   {m.Counts[0, 0],7}  {m.Counts[0, 1],7}");
            text.AppendLine(c, $"  pos   {m.Counts[1, 0],7}  {m.Counts[1, 1],7}");
        }
        text.AppendLine(intervals);
        return text.ToString();
    }
}
