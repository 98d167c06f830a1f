using System.Numerics.Tensors;

namespace HardmaxCore.Classifier;

/// <summary>
/// Mini-batch training of the standard self-attention classifier with the hardmax model's recipe (SPEC §3.2), in the phases
/// of <see cref="Trainer"/> (one <see cref="PhaseTeam"/> run per step): the reviews, a thread taking the next one as soon as
/// it is free, their gradients in per-review slots; listing the touched rows (one chunk); summing the embedding rows,
/// positions and weight elements in review order (fixed ranges); the global norm (one chunk); PyTorch's gradient-norm
/// clipping; one Adam step; clearing the rows. The result does not depend on the number of threads.
/// </summary>
internal sealed class AttentionTrainer : ClippedAdamStep
{
    private const int WeightArrays = 7;

    private readonly AttentionSettings _settings;
    private readonly AttentionPasses _passes;
    private readonly float[] _slotTokens;
    private readonly int[] _slotLength;
    private readonly float[][][] _slotWeights;

    /// <summary>Prepares training of <paramref name="parameters"/> (updated in place).</summary>
    public AttentionTrainer(AttentionParameters<float> parameters, AdamOptimizer optimizer, int batchSize, int threads, double clipNorm = 5)
        : base(parameters.All, parameters.VocabularySize, parameters.Settings.Tokens, parameters.Settings.Dimension, optimizer, batchSize, threads, clipNorm, rowwiseAdam: false)
    {
        this._settings = parameters.Settings;
        this.Parameters = parameters;
        this._passes = new AttentionPasses(this._settings, this.Threads);
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        this._slotTokens = new float[batchSize * n * d];
        this._slotLength = new int[batchSize];
        this._slotWeights = Enumerable.Range(0, batchSize)
            .Select(_ => parameters.All.Skip(2).Select(p => new float[p.Length]).ToArray())
            .ToArray();
    }

    /// <summary>The weights being trained.</summary>
    public AttentionParameters<float> Parameters { get; }

    /// <summary>Forward and backward pass of review b of the batch, its loss and gradients written to slot b.</summary>
    protected override void Review(int worker, int b)
    {
        AttentionPass<float> pass = this._passes.Pass(worker);
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        EncodedReviews data = this.Data;
        int review = this.Order[this.Start + b];
        int label = data.Labels[review];
        float logit = pass.Forward(data.Row(review), this.Parameters);
        this.SlotLoss[b] = BinaryCrossEntropy.Loss(logit, label);
        this.SlotCorrect[b] = (logit > 0 ? 1 : 0) == label;
        float logitGradient = (float)BinaryCrossEntropy.Gradient(logit, label) * this.Scale;
        pass.Backward(this.Parameters, logitGradient, this._slotTokens.AsSpan(b * n * d, n * d), this._slotWeights[b]);
        this._slotLength[b] = pass.ActiveTokens;
    }

    /// <summary>Lists the touched rows in order of first touch, in review order (serial, cheap).</summary>
    protected override void Gather()
    {
        for (int b = 0; b < this.Count; b++)
        {
            ReadOnlySpan<int> ids = this.Data.Row(this.Order[this.Start + b]);
            for (int i = 0; i < this._slotLength[b]; i++)
            {
                this.Touch(ids[i]);
            }
        }
    }

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of the sums: a fixed range of the touched rows (and their squared
    /// norms), of the positions and of every weight array, each element summed in review order, so the sums are the same bits
    /// for any split.
    /// </summary>
    protected override void Sum(int part, int parts)
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        EncodedReviews data = this.Data;
        float[] embeddingGradient = this.Gradients[0];
        float[] positionGradient = this.Gradients[1];
        (int first, int last) = this.Range(part, parts);
        int firstPosition = (int)((long)n * part / parts);
        int lastPosition = (int)((long)n * (part + 1) / parts);
        positionGradient.AsSpan(firstPosition * d, (lastPosition - firstPosition) * d).Clear();
        for (int b = 0; b < this.Count; b++)
        {
            ReadOnlySpan<int> ids = data.Row(this.Order[this.Start + b]);
            for (int i = 0; i < this._slotLength[b]; i++)
            {
                int word = ids[i];
                int index = this.RowIndex(word);
                ReadOnlySpan<float> tokenGradient = this._slotTokens.AsSpan((b * n + i) * d, d);
                if (index >= first && index < last)
                {
                    Span<float> row = embeddingGradient.AsSpan(word * d, d);
                    TensorPrimitives.Add(row, tokenGradient, row);
                }
                if (i >= firstPosition && i < lastPosition)
                {
                    Span<float> position = positionGradient.AsSpan(i * d, d);
                    TensorPrimitives.Add(position, tokenGradient, position);
                }
            }
        }
        GradientClipping.RowSquares(embeddingGradient, this.TouchedRows, d, first, last, this.RowSquares);
        for (int w = 0; w < WeightArrays; w++)
        {
            float[] sum = this.Gradients[2 + w];
            int from = (int)((long)sum.Length * part / parts);
            int length = (int)((long)sum.Length * (part + 1) / parts) - from;
            Span<float> share = sum.AsSpan(from, length);
            share.Clear();
            for (int b = 0; b < this.Count; b++)
            {
                TensorPrimitives.Add(share, this._slotWeights[b][w].AsSpan(from, length), share);
            }
        }
    }

    /// <summary>The logits of every review.</summary>
    public float[] Logits(EncodedReviews data) => this._passes.Logits(data, this.Parameters);
}
