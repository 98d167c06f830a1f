using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// The model card of a finished run, <c>README.md</c> in its folder, in the Hugging Face layout (YAML front matter with
/// the model index, then model details, training data, procedure, evaluation, intended use and limits, how to use).
/// </summary>
/// <param name="Architecture">"hardmax" or "attention".</param>
/// <param name="Options">The run's options.</param>
/// <param name="Settings">One line on the shape (d, K, n, τ, α or the attention model's widths).</param>
/// <param name="Parameters">Trainable values.</param>
/// <param name="VocabularySize">V.</param>
/// <param name="DataSha256">SHA-256 of the data file, or null (a folder).</param>
/// <param name="Split">Train, validation and test sizes.</param>
/// <param name="Selected">The epoch chosen on validation.</param>
/// <param name="Final">The last epoch.</param>
/// <param name="TestAccuracy">Test accuracy of the selected model with its 95 % bootstrap interval.</param>
/// <param name="TestAccuracyHardmax">The same with hardmax layers (hardmax model only).</param>
/// <param name="Agreement">Fraction of test reviews on which softmax and hardmax layers agree (hardmax model only).</param>
/// <param name="Provenance">Version and commit of the tool that trained it.</param>
internal sealed record ModelCard(
    string Architecture, TrainingOptions Options, string Settings, long Parameters, int VocabularySize, string? DataSha256,
    (int Train, int Validation, int Test) Split, EpochMetrics Selected, EpochMetrics Final, Interval TestAccuracy,
    Interval? TestAccuracyHardmax, double? Agreement, Provenance Provenance)
{
    /// <summary>The model card's file name in the run folder.</summary>
    public const string FileName = "README.md";

    /// <summary>Gathers the card's facts for a finished run: reads the selected model (model.bin) and scores the test split with it.</summary>
    public static ModelCard Create(string folder, TrainingOptions options, PreparedData data, IReadOnlyList<EpochMetrics> history, int threads)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(history);
        EpochMetrics selected = history.OrderByDescending(m => m.ValidationAccuracy).ThenBy(m => m.Epoch).First();
        string file = Path.Combine(folder, TrainingRun.ModelFileName);
        Provenance provenance = Provenance.Start(threads, options.DataPath).Finish();
        EncodedReviews test = data.Test;
        var bootstrap = new BootstrapOptions();
        CultureInfo c = CultureInfo.InvariantCulture;
        if (AttentionModel.ArchitectureOf(file) == ClassifierArchitecture.Attention)
        {
            AttentionModel model = AttentionModel.Load(file).Model;
            float[] logits = new AttentionPasses(model.Settings, threads).Logits(test, model.Parameters);
            return new ModelCard(
                "attention", options,
                string.Create(c, $"one softmax self-attention head, d = {model.Settings.Dimension}, n = {model.Settings.Tokens}, dense width {model.Settings.Hidden}, padding masked"),
                model.Parameters.Count, model.Vocabulary.Count, provenance.DataSha256, (data.Train.Count, data.Validation.Count, test.Count),
                selected, history[^1], Bootstrap.Accuracy(Correct(logits, test.Labels), bootstrap), null, null, provenance);
        }
        ClassifierModel hardmax = ClassifierModel.Load(file).Model;
        using var passes = new ParallelPasses(hardmax.Settings, threads);
        float[] softmaxLogits = passes.Logits(test, hardmax.Parameters, Attention.Softmax);
        float[] hardmaxLogits = passes.Logits(test, hardmax.Parameters, Attention.Hardmax);
        int agree = softmaxLogits.Zip(hardmaxLogits).Count(pair => pair.First > 0 == pair.Second > 0);
        ClassifierSettings s = hardmax.Settings;
        return new ModelCard(
            "hardmax", options,
            string.Create(c, $"pure-attention hardmax transformer, d = {s.Dimension}, K = {s.Layers} shared layers, n = {s.Tokens}, τ = {s.Temperature:R}, trained α = {hardmax.Parameters.Alpha[0]:G4}, padding {(s.MaskPadding ? "masked" : "kept as a token (as [AFZ])")}"),
            hardmax.Parameters.All.Sum(a => (long)a.Length), hardmax.Vocabulary.Count, provenance.DataSha256, (data.Train.Count, data.Validation.Count, test.Count),
            selected, history[^1], Bootstrap.Accuracy(Correct(softmaxLogits, test.Labels), bootstrap), Bootstrap.Accuracy(Correct(hardmaxLogits, test.Labels), bootstrap),
            test.Count == 0 ? double.NaN : (double)agree / test.Count, provenance);
    }

    /// <summary>The card as Markdown with YAML front matter.</summary>
    public string Markdown()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        string protocol = this.Options.Protocol == EvaluationProtocol.Standard ? "standard" : "paper";
        text.AppendLine("---");
        text.AppendLine("language: en");
        text.AppendLine("library_name: hardmax");
        text.AppendLine("pipeline_tag: text-classification");
        text.AppendLine(c, $"tags: [sentiment-analysis, {(this.Architecture == "hardmax" ? "hardmax-transformer, pure-attention, interpretable" : "self-attention, baseline")}]");
        text.AppendLine("datasets: [imdb]");
        text.AppendLine("metrics: [accuracy]");
        text.AppendLine("model-index:");
        text.AppendLine(c, $"- name: {this.Architecture}-d{this.Options.Dimension}");
        text.AppendLine("  results:");
        text.AppendLine("  - task: {type: text-classification, name: sentiment analysis}");
        text.AppendLine(c, $"    dataset: {{type: imdb, name: Large Movie Review Dataset v1.0, split: test ({protocol} protocol, seed {this.Options.Seed})}}");
        text.AppendLine("    metrics:");
        text.AppendLine(c, $"    - {{type: accuracy, value: {this.TestAccuracy.Estimate:F4}, name: test accuracy at the validation-selected epoch{(this.Architecture == "hardmax" ? " (softmax layers)" : "")}}}");
        if (this.TestAccuracyHardmax is Interval h)
        {
            text.AppendLine(c, $"    - {{type: accuracy, value: {h.Estimate:F4}, name: test accuracy with hardmax layers}}");
        }
        text.AppendLine("---");
        text.AppendLine();
        text.AppendLine(c, $"# {(this.Architecture == "hardmax" ? "Hardmax transformer" : "Self-attention baseline")} sentiment classifier, d = {this.Options.Dimension}");
        text.AppendLine();
        text.AppendLine("Binary sentiment (positive / negative) of English movie reviews, trained with `hardmax train`.");
        text.AppendLine();
        text.AppendLine("## Model details");
        text.AppendLine();
        text.AppendLine(c, $"- Architecture: {this.Settings}.");
        text.AppendLine(c, $"- Parameters: {this.Parameters:N0} trainable values; vocabulary {this.VocabularySize:N0} words (`<pad>` = 0, `<unk>` = 1).");
        text.AppendLine(c, $"- Trained by hardmax {this.Provenance.Version} (commit {this.Provenance.Commit}) on {this.Provenance.Cpu}.");
        if (this.Architecture == "hardmax")
        {
            text.AppendLine("- Reference: A. Alcalde, G. Fantuzzi, E. Zuazua, *Clustering in pure-attention hardmax transformers and its role in sentiment analysis*, SIAM J. Math. Data Sci. 7(3), 2025 (arXiv:2407.01602).");
        }
        text.AppendLine();
        text.AppendLine("## Training data");
        text.AppendLine();
        text.AppendLine(c, $"- Data: `{this.Options.DataPath}`{(this.DataSha256 is null ? "" : $", SHA-256 `{this.DataSha256}`")} (the labelled Large Movie Review Dataset, Maas et al., ACL 2011, or a file in its format).");
        text.AppendLine(c, $"- Protocol: {protocol}{(this.Options.Protocol == EvaluationProtocol.Paper ? " (all reviews shuffled with the seed, 70 % train / 30 % test)" : " (the archive's own train/test split)")}, seed {this.Options.Seed}{(this.Options.Limit is int l ? $", seeded subset of {l} reviews" : "")}; {this.Options.ValidationFraction:P0} of the training part held out for validation.");
        text.AppendLine(c, $"- Split sizes: train {this.Split.Train:N0}, validation {this.Split.Validation:N0}, test {this.Split.Test:N0} reviews. The vocabulary is built from the training part only.");
        text.AppendLine();
        text.AppendLine("## Training procedure");
        text.AppendLine();
        text.AppendLine(c, $"- Adam ({(this.Options.Optimizer == OptimizerKind.LazyAdam ? "lazy on the embedding" : "dense")}), learning rate {this.Options.LearningRate:R}, batch {this.Options.BatchSize}, gradient-norm clipping at {this.Options.ClipNorm:R}, {this.Options.Epochs} epochs, binary cross-entropy.");
        text.AppendLine(c, $"- Selected epoch: {this.Selected.Epoch} of {this.Final.Epoch}, chosen on validation accuracy ({this.Selected.ValidationAccuracy:F4}), never on test.");
        text.AppendLine("- Every setting, defaults resolved, is in `config.json` (the `TrainingOptions`); training again with it, by `hardmax train` with it as its config or by the library, gives the same model bit for bit. Per-step and per-epoch figures: `metrics.csv`, `metrics.json`.");
        text.AppendLine();
        text.AppendLine("## Evaluation");
        text.AppendLine();
        text.AppendLine(c, $"Test part ({this.Split.Test:N0} reviews), model of the selected epoch; 95 % intervals by the percentile bootstrap over reviews ({new BootstrapOptions().Resamples:N0} resamples, seed 0).");
        text.AppendLine();
        text.AppendLine("| layers | test accuracy | 95 % interval |");
        text.AppendLine("|---|---:|---|");
        text.AppendLine(c, $"| {(this.Architecture == "hardmax" ? "softmax (as trained)" : "softmax attention")} | {this.TestAccuracy.Estimate:F4} | [{this.TestAccuracy.Low:F4}, {this.TestAccuracy.High:F4}] |");
        if (this.TestAccuracyHardmax is Interval hard)
        {
            text.AppendLine(c, $"| hardmax (same weights, SPEC §1.2) | {hard.Estimate:F4} | [{hard.Low:F4}, {hard.High:F4}] |");
        }
        text.AppendLine();
        if (this.Agreement is double agreement)
        {
            text.AppendLine(c, $"Softmax and hardmax layers predict the same label on {agreement:P2} of the test reviews.");
            text.AppendLine();
        }
        text.AppendLine(c, $"Final epoch ({this.Final.Epoch}): test accuracy {this.Final.TestAccuracy:F4}. `hardmax evaluate` on this folder recomputes these figures; `hardmax compare` of this folder and another tests a difference between two models (McNemar).");
        text.AppendLine();
        text.AppendLine("## Intended use and limits");
        text.AppendLine();
        text.AppendLine("- Intended for research on interpretable attention models and as a reproducible baseline: sentiment of English movie reviews like IMDb's. Not validated on other domains, other languages, short texts (tweets) or for decisions about people.");
        text.AppendLine(c, $"- Only the first {this.Options.Tokens} tokens after cleaning count; longer reviews are truncated.");
        text.AppendLine("- The tokenizer lower-cases, removes HTML tags and URLs, keeps ASCII letters only, and drops NLTK's English stopwords and one-letter words" + (this.Options.KeepNegations ? " (negations kept)." : " (negations such as *not* and *no* included, so \"not good\" is seen as \"good\")."));
        text.AppendLine("- Non-ASCII letters separate words: \"naïve\" becomes `na` (and the stopword `ve`), \"Pokémon\" becomes `pok` + `mon`, and names with accents are split or lost; words unseen in training map to `<unk>`.");
        text.AppendLine("- Accuracy on the test part is an estimate for reviews drawn like the training data; the interval covers sampling of the test reviews only, not the training seed.");
        text.AppendLine();
        text.AppendLine("## How to use");
        text.AppendLine();
        text.AppendLine("```csharp");
        text.AppendLine("using var classifier = SentimentClassifier.Load(\"model.bin\");  // HardmaxCore.Classifier");
        text.AppendLine("Prediction p = classifier.Predict(\"A moving, beautifully acted film.\");");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("`hardmax predict` takes this folder as its model; `hardmax export` writes it as ONNX (with `model.vocab.json`) and as safetensors for Python.");
        return text.ToString();
    }

    private static bool[] Correct(float[] logits, int[] labels)
    {
        var correct = new bool[logits.Length];
        for (int r = 0; r < correct.Length; r++)
        {
            correct[r] = (logits[r] > 0 ? 1 : 0) == labels[r];
        }
        return correct;
    }
}
