using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Runs;

namespace HardmaxCore.Experiments.Evaluation;

/// <summary>
/// A model file of either architecture as the commands read it: one <see cref="SentimentClassifier.Load"/>, and what the
/// commands ask of it whatever its kind.
/// </summary>
/// <param name="Classifier">The loaded classifier.</param>
internal sealed record LoadedModel(SentimentClassifier Classifier) : IDisposable
{
    /// <summary>The hardmax transformer, or null for an attention model.</summary>
    public ClassifierModel? Hardmax => this.Classifier.Architecture == ClassifierArchitecture.Hardmax ? this.Classifier.Model : null;

    /// <summary>The self-attention baseline, or null for a hardmax model.</summary>
    public AttentionModel? Attention => this.Classifier.Architecture == ClassifierArchitecture.Attention ? this.Classifier.AttentionModel : null;

    /// <summary>The options the model was trained with, or null when the file does not record them.</summary>
    public TrainingOptions? Training => this.Classifier.TrainingOptions;

    /// <summary>"hardmax" or "attention".</summary>
    public string ArchitectureName => NameOf(this.Classifier.Architecture);

    /// <summary>The model's vocabulary.</summary>
    public Vocabulary Vocabulary => this.Classifier.Vocabulary;

    /// <summary>The model's text pipeline options.</summary>
    public TextPipelineOptions Text => this.Classifier.Text;

    /// <summary>n.</summary>
    public int Tokens => this.Classifier.Tokens;

    /// <summary>d.</summary>
    public int Dimension => this.Classifier.Dimension;

    /// <summary>E, V × d.</summary>
    public float[] Embedding => this.Classifier.Embedding;

    /// <summary>The architecture's name in JSON and on the command line: "hardmax" or "attention".</summary>
    public static string NameOf(ClassifierArchitecture architecture) => architecture == ClassifierArchitecture.Attention ? "attention" : "hardmax";

    /// <summary>Loads a model file (or its run folder), whichever architecture it holds.</summary>
    /// <exception cref="ExperimentException">The file does not exist.</exception>
    public static LoadedModel Load(string path) => new(Open(path));

    /// <summary>A run folder stands for the model file inside it (<see cref="TrainingRun.ModelFileName"/>).</summary>
    public static string ResolvePath(string path)
        => Directory.Exists(path) ? Path.Combine(path, TrainingRun.ModelFileName) : path;

    /// <summary>Loads a model file (or its run folder) as a classifier of whichever architecture its header declares.</summary>
    /// <exception cref="ExperimentException">The file does not exist.</exception>
    public static SentimentClassifier Open(string path) => SentimentClassifier.Load(RequireFile(path));

    /// <summary>Loads a hardmax model file (or its run folder) with its header; an attention model is refused by <see cref="ClassifierModel.Load"/>.</summary>
    /// <exception cref="ExperimentException">The file does not exist.</exception>
    public static (ClassifierModel Model, JsonObject Header) LoadHardmax(string path)
    {
        (ClassifierModel model, JsonObject header, _) = ClassifierModel.Load(RequireFile(path));
        return (model, header);
    }

    /// <summary>The model file of <paramref name="path"/> (<see cref="ResolvePath"/>), refused when it does not exist.</summary>
    /// <exception cref="ExperimentException">The file does not exist.</exception>
    public static string RequireFile(string path)
    {
        string file = ResolvePath(path);
        return File.Exists(file)
            ? file
            : throw new ExperimentException($"LoadedModel.Path '{path}' does not exist (give a model.bin written by 'hardmax train' or its run folder).");
    }

    /// <summary>The model's own split (protocol, seed, subset and data it was trained with; <paramref name="dataPath"/> may name another file).</summary>
    public (PreparedData Data, string Description) OwnSplit(string? dataPath, TextWriter log)
    {
        ModelSplit split = ModelSplit.Load(this.Classifier, dataPath, null, null, false, log);
        return (split.Data, split.Describe());
    }

    /// <summary>The same reviews encoded with this model's vocabulary, text options and n.</summary>
    public PreparedData Encode(PreparedData data) => data.WithVocabulary(this.Vocabulary, this.Text, this.Tokens);

    /// <summary>The logit of every review; a hardmax model with <paramref name="layers"/>, an attention model with the softmax attention it has.</summary>
    public float[] Logits(EncodedReviews reviews, int threads, Attention layers)
        => this.Classifier.Logits(reviews, this.Classifier.Architecture == ClassifierArchitecture.Hardmax ? layers : HardmaxCore.Attention.Softmax, threads);

    /// <inheritdoc/>
    public void Dispose() => this.Classifier.Dispose();

    /// <summary>The vocabulary JSON written beside an exported model (<see cref="VocabularyJson.PathBeside"/>): word → id and the tokenizer rules.</summary>
    public byte[] VocabularyBytes()
        => Encoding.UTF8.GetBytes(VocabularyJson.Create(this.Vocabulary, this.Text, this.Tokens).ToJsonString(TrainingJson.Options) + "\n");

    /// <summary>The settings as the safetensors header's <c>__metadata__</c> (strings only).</summary>
    public Dictionary<string, string> Metadata(string version)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "hardmax-weights/1",
            ["producer"] = $"hardmax {version}",
            ["architecture"] = this.ArchitectureName,
            ["tokens"] = this.Tokens.ToString(c),
            ["dimension"] = this.Dimension.ToString(c),
            ["vocabularySize"] = this.Vocabulary.Count.ToString(c),
            ["keepNegations"] = this.Text.KeepNegations ? "true" : "false",
        };
        if (this.Hardmax is ClassifierModel model)
        {
            metadata["layers"] = model.Settings.Layers.ToString(c);
            metadata["temperature"] = model.Settings.Temperature.ToString("R", c);
            metadata["maskPadding"] = model.Settings.MaskPadding ? "true" : "false";
        }
        return metadata;
    }
}
