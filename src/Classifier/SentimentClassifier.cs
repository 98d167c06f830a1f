using System.Numerics.Tensors;

namespace HardmaxCore.Classifier;

/// <summary>
/// A trained hardmax-transformer sentiment classifier ready to use on new text: loads a model file, predicts, and
/// looks inside (leader words, the review's anatomy layer by layer).
/// </summary>
/// <remarks>
/// The forward pass keeps scratch buffers sized for the model, so one instance is not safe for concurrent calls;
/// make one per thread.
/// <code>
/// using var classifier = SentimentClassifier.Load("runs/paper-d16/model.bin");
/// Prediction p = classifier.Predict("A moving, beautifully acted film.");
/// Console.WriteLine($"{p.Probability:F3} {p.Label} {string.Join(", ", p.Leaders.Select(l => l.Word))}");
/// </code>
/// </remarks>
public sealed class SentimentClassifier : IDisposable
{
    private readonly TextPipeline _pipeline;
    private readonly ClassifierPass<float> _pass;

    /// <summary>Wraps a model (from <see cref="ClassifierModel.Load"/> or a training run).</summary>
    public SentimentClassifier(ClassifierModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.Model = model;
        this._pipeline = new TextPipeline(model.Text);
        this._pass = new ClassifierPass<float>(model.Settings);
    }

    /// <summary>The model: shape, text options, vocabulary and weights.</summary>
    public ClassifierModel Model { get; }

    /// <summary>Loads a model file written by a training run (<c>model.bin</c>) or <see cref="ClassifierModel.Save"/>.</summary>
    /// <exception cref="ModelFileException">The file is missing, not a model, newer than this library, or damaged.</exception>
    public static SentimentClassifier Load(string path) => new(ClassifierModel.Load(path).Model);

    /// <summary>The n token ids the model reads for <paramref name="text"/> (text pipeline, vocabulary, truncation and padding).</summary>
    public int[] Encode(string text) => this.Model.Vocabulary.Encode(text, this._pipeline, this.Model.Settings.Tokens);

    /// <summary>
    /// Classifies one review: the softmax model's probability <c>σ(v·z̄ + b)</c>, and the leaders of the last layer of the
    /// hardmax dynamics with their decoder scores <c>v·z + b</c>, by decreasing |score|.
    /// </summary>
    public Prediction Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ClassifierModel model = this.Model;
        int[] ids = this.Encode(text);
        float logit = this._pass.Forward(ids, model.Parameters, Attention.Softmax);
        this._pass.Forward(ids, model.Parameters, Attention.Hardmax);
        int d = model.Settings.Dimension;
        ReadOnlySpan<float> last = this._pass.Layer(model.Settings.Layers);
        var leaders = new List<LeaderWord>();
        foreach (int u in this._pass.Leaders(model.Settings.Layers))
        {
            float score = TensorPrimitives.Dot<float>(model.Parameters.Decoder, last.Slice(u * d, d)) + model.Parameters.Bias[0];
            leaders.Add(new LeaderWord(model.Vocabulary.WordOf(this._pass.UniqueWords[u]), (int)this._pass.Multiplicity[u], score));
        }
        leaders.Sort((a, b) => Math.Abs(b.Score).CompareTo(Math.Abs(a.Score)));
        int known = 0;
        foreach (int id in ids)
        {
            known += id >= Vocabulary.ReservedCount ? 1 : 0;
        }
        return new Prediction(text, BinaryCrossEntropy.Sigmoid(logit), leaders) { KnownTokens = known };
    }

    /// <summary>The review's distinct tokens at every hardmax layer, with leaders and decoder scores (for figures and HTML).</summary>
    public ReviewAnatomy Anatomy(string text) => ReviewAnatomy.Of(this.Model, this._pass, this.Encode(text));

    /// <summary>Leaders of the last hardmax layer of already encoded ids, and how many of them were leaders at layer 0.</summary>
    public ReviewLeaders Leaders(ReadOnlySpan<int> ids)
    {
        this._pass.Forward(ids, this.Model.Parameters, Attention.Hardmax);
        return ReviewLeaders.Of(this._pass, this.Model.Settings.Layers, this.Model.Settings.Dimension);
    }

    /// <inheritdoc/>
    public void Dispose() => this._pass.Dispose();
}
