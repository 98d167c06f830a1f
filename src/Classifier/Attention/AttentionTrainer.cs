using System.Numerics.Tensors;

namespace HardmaxCore.Classifier;

/// <summary>
/// Mini-batch training of the standard self-attention classifier with the hardmax model's recipe (SPEC §3.2): reviews of
/// a batch are spread over threads (a thread takes the next review as soon as it is free, <see cref="Partitions"/>), their
/// gradients land in per-review slots and are summed in review order, the embedding rows, positions and weight elements
/// split over the threads (the result does not depend on the number of threads), then PyTorch's global gradient-norm
/// clipping and one Adam step.
/// </summary>
internal sealed class AttentionTrainer
{
    private const int WeightArrays = 7;
    private readonly AttentionSettings _settings;
    private readonly AttentionPasses _passes;
    private readonly float[][] _gradients;
    private readonly bool[] _touched;
    private readonly List<int> _touchedRows = [];
    private readonly int[] _rowIndex;
    private readonly float[] _rowSquares;
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
        this._rowIndex = new int[parameters.VocabularySize];
        this._rowSquares = new float[batchSize * n];
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

        // Sum the slots in review order: deterministic whatever the threads. The touched rows are listed in order of first
        // touch (serial, cheap); each worker then sums a fixed range of them, a fixed range of positions and a fixed range of
        // every weight array, each element in review order, so the sums are the same bits on any number of workers.
        float[] embeddingGradient = this._gradients[0];
        float[] positionGradient = this._gradients[1];
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
                    this._rowIndex[word] = this._touchedRows.Count;
                    this._touchedRows.Add(word);
                }
            }
            loss += this._slotLoss[b];
            correct += this._slotCorrect[b] ? 1 : 0;
        }
        Partitions.Run(this.Threads, (worker, workers) =>
        {
            int rows = this._touchedRows.Count;
            int first = (int)((long)rows * worker / workers);
            int last = (int)((long)rows * (worker + 1) / workers);
            int firstPosition = (int)((long)n * worker / workers);
            int lastPosition = (int)((long)n * (worker + 1) / workers);
            positionGradient.AsSpan(firstPosition * d, (lastPosition - firstPosition) * d).Clear();
            for (int b = 0; b < count; b++)
            {
                ReadOnlySpan<int> ids = data.Row(order[start + b]);
                for (int i = 0; i < this._slotLength[b]; i++)
                {
                    int word = ids[i];
                    int index = this._rowIndex[word];
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
            GradientClipping.RowSquares(embeddingGradient, this._touchedRows, d, first, last, this._rowSquares);
            for (int w = 0; w < WeightArrays; w++)
            {
                float[] sum = this._gradients[2 + w];
                int from = (int)((long)sum.Length * worker / workers);
                int length = (int)((long)sum.Length * (worker + 1) / workers) - from;
                Span<float> part = sum.AsSpan(from, length);
                part.Clear();
                for (int b = 0; b < count; b++)
                {
                    TensorPrimitives.Add(part, this._slotWeights[b][w].AsSpan(from, length), part);
                }
            }
        });

        GradientClipping.ClipByGlobalNorm(this._gradients, this._touchedRows, this._rowSquares, d, this.ClipNorm, this.Threads);
        this.Optimizer.Step(parameters.All, this._gradients, this.Threads);
        GradientClipping.ClearRows(embeddingGradient, this._touchedRows, this._touched, d);
        return (loss, correct);
    }

    /// <summary>The logits of every review.</summary>
    public float[] Logits(EncodedReviews data) => this._passes.Logits(data, this.Parameters);
}
