using System.Numerics.Tensors;

namespace HardmaxCore.Classifier;

/// <summary>
/// Mini-batch training of the standard self-attention classifier with the hardmax model's recipe (SPEC §3.2): reviews of
/// a batch are spread over threads, their gradients land in per-review slots and are summed in review order (the
/// result does not depend on the number of threads), then PyTorch's global gradient-norm clipping and one Adam step.
/// </summary>
internal sealed class AttentionTrainer
{
    private const int WeightArrays = 7;
    private readonly AttentionSettings _settings;
    private readonly AttentionPasses _passes;
    private readonly float[][] _gradients;
    private readonly bool[] _touched;
    private readonly List<int> _touchedRows = [];
    private readonly int _batchCapacity;
    private readonly float[] _slotTokens;
    private readonly int[] _slotLength;
    private readonly float[][][] _slotWeights;
    private readonly double[] _slotLoss;
    private readonly bool[] _slotCorrect;

    /// <summary>Prepares training of <paramref name="parameters"/> (updated in place).</summary>
    public AttentionTrainer(AttentionParameters<float> parameters, AdamOptimizer optimizer, int batchSize, int threads, double clipNorm = 5)
    {
        this._settings = parameters.Settings;
        this.Parameters = parameters;
        this.Optimizer = optimizer;
        this.Threads = Math.Max(1, threads);
        this.ClipNorm = clipNorm;
        this._passes = new AttentionPasses(this._settings, this.Threads);
        this._gradients = parameters.All.Select(p => new float[p.Length]).ToArray();
        this._touched = new bool[parameters.VocabularySize];
        this._batchCapacity = batchSize;
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        this._slotTokens = new float[batchSize * n * d];
        this._slotLength = new int[batchSize];
        this._slotWeights = Enumerable.Range(0, batchSize)
            .Select(_ => parameters.All.Skip(2).Select(p => new float[p.Length]).ToArray())
            .ToArray();
        this._slotLoss = new double[batchSize];
        this._slotCorrect = new bool[batchSize];
    }

    /// <summary>The weights being trained.</summary>
    public AttentionParameters<float> Parameters { get; }

    /// <summary>The optimizer and its state.</summary>
    public AdamOptimizer Optimizer { get; }

    /// <summary>Threads a batch is spread over.</summary>
    public int Threads { get; }

    /// <summary>The global gradient-norm bound (5 in SPEC §3.2).</summary>
    public double ClipNorm { get; }

    /// <summary>One optimisation step on the reviews <c>order[start .. start+count)</c>; returns their summed loss and number correct.</summary>
    public (double Loss, int Correct) TrainBatch(EncodedReviews data, int[] order, int start, int count)
    {
        if (count > this._batchCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A batch holds at most {this._batchCapacity} reviews.");
        }
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        float scale = 1f / count;
        AttentionParameters<float> parameters = this.Parameters;
        this._passes.ForEach(count, (pass, b) =>
        {
            int review = order[start + b];
            int label = data.Labels[review];
            float logit = pass.Forward(data.Row(review), parameters);
            this._slotLoss[b] = BinaryCrossEntropy.Loss(logit, label);
            this._slotCorrect[b] = (logit > 0 ? 1 : 0) == label;
            float logitGradient = (float)BinaryCrossEntropy.Gradient(logit, label) * scale;
            pass.Backward(parameters, logitGradient, this._slotTokens.AsSpan(b * n * d, n * d), this._slotWeights[b]);
            this._slotLength[b] = pass.ActiveTokens;
        });

        // Sum the slots in review order: deterministic whatever the threads.
        float[] embeddingGradient = this._gradients[0];
        float[] positionGradient = this._gradients[1];
        Array.Clear(positionGradient);
        for (int w = 0; w < WeightArrays; w++)
        {
            Array.Clear(this._gradients[2 + w]);
        }
        double loss = 0;
        int correct = 0;
        for (int b = 0; b < count; b++)
        {
            ReadOnlySpan<int> ids = data.Row(order[start + b]);
            for (int i = 0; i < this._slotLength[b]; i++)
            {
                int word = ids[i];
                if (!this._touched[word])
                {
                    this._touched[word] = true;
                    this._touchedRows.Add(word);
                }
                ReadOnlySpan<float> tokenGradient = this._slotTokens.AsSpan((b * n + i) * d, d);
                Span<float> row = embeddingGradient.AsSpan(word * d, d);
                TensorPrimitives.Add(row, tokenGradient, row);
                Span<float> position = positionGradient.AsSpan(i * d, d);
                TensorPrimitives.Add(position, tokenGradient, position);
            }
            for (int w = 0; w < WeightArrays; w++)
            {
                TensorPrimitives.Add<float>(this._gradients[2 + w], this._slotWeights[b][w], this._gradients[2 + w]);
            }
            loss += this._slotLoss[b];
            correct += this._slotCorrect[b] ? 1 : 0;
        }

        GradientClipping.ClipByGlobalNorm(this._gradients, this._touchedRows, d, this.ClipNorm);
        this.Optimizer.Step(parameters.All, this._gradients, this.Threads);

        foreach (int word in this._touchedRows)
        {
            this._touched[word] = false;
            Array.Clear(embeddingGradient, word * d, d);
        }
        this._touchedRows.Clear();
        return (loss, correct);
    }

    /// <summary>The logits of every review.</summary>
    public float[] Logits(EncodedReviews data) => this._passes.Logits(data, this.Parameters);
}
