using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>A model file of either architecture, as <c>export</c> and <c>compare</c> read it: exactly one of <see cref="Hardmax"/> and <see cref="Attention"/> is set.</summary>
/// <param name="Hardmax">The hardmax transformer, or null.</param>
/// <param name="Attention">The self-attention baseline, or null.</param>
/// <param name="Header">The model file's header (settings, and the training options when recorded).</param>
internal sealed record LoadedModel(ClassifierModel? Hardmax, AttentionModel? Attention, JsonObject Header)
{
    /// <summary>The options the model was trained with, or null when the file does not record them.</summary>
    public TrainingOptions? Training => ModelEvaluationData.TrainingOptionsOf(this.Header);

    /// <summary>"hardmax" or "attention".</summary>
    public string ArchitectureName => this.Hardmax is null ? "attention" : "hardmax";

    /// <summary>The model's vocabulary.</summary>
    public Vocabulary Vocabulary => this.Hardmax?.Vocabulary ?? this.Attention!.Vocabulary;

    /// <summary>The model's text pipeline options.</summary>
    public TextPipelineOptions Text => this.Hardmax?.Text ?? this.Attention!.Text;

    /// <summary>n.</summary>
    public int Tokens => this.Hardmax?.Settings.Tokens ?? this.Attention!.Settings.Tokens;

    /// <summary>d.</summary>
    public int Dimension => this.Hardmax?.Settings.Dimension ?? this.Attention!.Settings.Dimension;

    /// <summary>E, V × d.</summary>
    public float[] Embedding => this.Hardmax?.Parameters.Embedding ?? this.Attention!.Parameters.Embedding;

    /// <summary>Loads --model (a model file or its run folder), whichever architecture it holds.</summary>
    /// <exception cref="CliException">The file does not exist.</exception>
    public static LoadedModel Load(string modelOption)
    {
        string file = EvaluateCommand.ResolveModelPath(modelOption);
        if (!File.Exists(file))
        {
            throw new CliException($"--model '{modelOption}' does not exist (give a model.bin written by 'hardmax train' or its run folder).");
        }
        if (AttentionCommands.IsAttention(modelOption))
        {
            (AttentionModel attention, JsonObject attentionHeader, _) = AttentionModel.Load(file);
            return new LoadedModel(null, attention, attentionHeader);
        }
        (ClassifierModel hardmax, JsonObject header, _) = ClassifierModel.Load(file);
        return new LoadedModel(hardmax, null, header);
    }

    /// <summary>The model's own split (protocol, seed, subset and data it was trained with; --data may name another file).</summary>
    public (PreparedData Data, string Description) OwnSplit(string? dataPath, TextWriter log)
    {
        if (this.Hardmax is ClassifierModel hardmax)
        {
            ModelSplit split = ModelSplit.Load(hardmax, this.Header, dataPath, null, null, false, log);
            return (split.Data, split.Describe());
        }
        PreparedData data = this.Attention!.EvaluationData(this.Header, dataPath, null, null, log);
        return (data, data.Split.Describe());
    }

    /// <summary>The same reviews encoded with this model's vocabulary, text options and n.</summary>
    public PreparedData Encode(PreparedData data) => data.WithVocabulary(this.Vocabulary, this.Text, this.Tokens);

    /// <summary>The logit of every review; a hardmax model with softmax layers (as trained) or hardmax layers.</summary>
    public float[] Logits(EncodedReviews reviews, int threads, Attention layers)
    {
        if (this.Hardmax is ClassifierModel hardmax)
        {
            using var passes = new ParallelPasses(hardmax.Settings, threads);
            return passes.Logits(reviews, hardmax.Parameters, layers);
        }
        return new AttentionPasses(this.Attention!.Settings, threads).Logits(reviews, this.Attention.Parameters);
    }

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
            ["architecture"] = this.Hardmax is null ? "attention" : "hardmax",
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
