using System.Numerics.Tensors;

namespace HardmaxCore.Classifier;

/// <summary>
/// Mini-batch training of the standard self-attention classifier with the hardmax model's recipe (SPEC §3.2), in the phases
/// of <see cref="Trainer"/> (one <see cref="PhaseTeam"/> run per step): the reviews, a thread taking the next one as soon as
/// it is free, their gradients in per-review slots; listing the touched rows (one chunk); summing the embedding rows,
/// positions and weight elements in review order (fixed ranges); the global norm (one chunk); PyTorch's gradient-norm
/// clipping; one Adam step; clearing the rows. The result does not depend on the number of threads.
/// </summary>
internal sealed class AttentionTrainer
{
    private const int WeightArrays = 7;

    /// <summary>The phases of a step, in order (chunks: reviews, 1, ranges, 1, row ranges, Adam ranges, row ranges).</summary>
    private const int PassPhase = 0;
    private const int GatherPhase = 1;
    private const int SumPhase = 2;
    private const int NormPhase = 3;
    private const int ScalePhase = 4;
    private const int AdamPhase = 5;
    private const int ClearPhase = 6;
    private const int Phases = 7;

    /// <summary>Adam chunks per thread: small enough that a thread slowed down by another process leaves its share to the others.</summary>
    private const int AdamChunksPerThread = 4;

    private readonly AttentionSettings _settings;
    private readonly AttentionPasses _passes;
    private readonly PhaseTeam _team;
    private readonly int[] _phaseChunks = new int[Phases];
    private readonly float[][] _parameterArrays;
    private readonly float[][] _gradients;
    private readonly bool[] _touched;
    private readonly List<int> _touchedRows;
    private readonly int[] _rowIndex;
    private readonly float[] _rowSquares;
    private readonly int _batchCapacity;
    private readonly float[] _slotTokens;
    private readonly int[] _slotLength;
    private readonly float[][][] _slotWeights;
    private readonly double[] _slotLoss;
    private readonly bool[] _slotCorrect;
    private EncodedReviews? _data;
    private int[] _order = [];
    private int _start;
    private int _count;
    private float _scale;
    private double _loss;
    private int _correct;
    private bool _clip;
    private float _factor;
    private AdamCoefficients _adam;

    /// <summary>Prepares training of <paramref name="parameters"/> (updated in place).</summary>
    public AttentionTrainer(AttentionParameters<float> parameters, AdamOptimizer optimizer, int batchSize, int threads, double clipNorm = 5)
    {
        this._settings = parameters.Settings;
        this.Parameters = parameters;
        this.Optimizer = optimizer;
        this.Threads = Math.Max(1, threads);
        this.ClipNorm = clipNorm;
        this._passes = new AttentionPasses(this._settings, this.Threads);
        this._team = new PhaseTeam(this.Threads, Phases, this.Work);
        this._parameterArrays = parameters.All;
        this._gradients = this._parameterArrays.Select(p => new float[p.Length]).ToArray();
        this._touched = new bool[parameters.VocabularySize];
        this._batchCapacity = batchSize;
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        this._rowIndex = new int[parameters.VocabularySize];
        this._touchedRows = new List<int>(Math.Min(parameters.VocabularySize, batchSize * n));
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
        this._data = data;
        this._order = order;
        this._start = start;
        this._count = count;
        this._scale = 1f / count;
        int ranges = this.Threads;
        Span<int> chunks = this._phaseChunks;
        chunks[PassPhase] = Math.Max(1, count);
        chunks[GatherPhase] = 1;
        chunks[SumPhase] = ranges;
        chunks[NormPhase] = 1;
        chunks[ScalePhase] = ranges;
        chunks[AdamPhase] = this.Threads == 1 ? 1 : this.Threads * AdamChunksPerThread;
        chunks[ClearPhase] = ranges;
        this._team.Run(chunks);
        this._data = null;
        this._touchedRows.Clear();
        return (this._loss, this._correct);
    }

    /// <summary>Chunk <paramref name="chunk"/> of phase <paramref name="phase"/> of the step, on worker <paramref name="worker"/>.</summary>
    private void Work(int phase, int chunk, int worker)
    {
        int d = this._settings.Dimension;
        switch (phase)
        {
            case PassPhase when chunk < this._count:
                this.Review(this._passes.Pass(worker), chunk);
                break;
            case GatherPhase:
                this.Gather();
                break;
            case SumPhase:
                this.Sum(chunk, this._phaseChunks[SumPhase]);
                break;
            case NormPhase:
                this._clip = GradientClipping.ClipFactor(this._gradients, this._rowSquares, this._touchedRows.Count, this.ClipNorm, out this._factor);
                this._adam = this.Optimizer.Begin();
                break;
            case ScalePhase when this._clip:
                (int first, int last) = this.Range(chunk, this._phaseChunks[ScalePhase]);
                GradientClipping.ScaleRows(this._gradients[0], this._touchedRows, d, first, last, this._factor);
                if (chunk == 0)
                {
                    GradientClipping.ScaleDense(this._gradients, this._factor);
                }
                break;
            case AdamPhase:
                this.Optimizer.StepChunk(this._parameterArrays, this._gradients, this._adam, chunk, this._phaseChunks[AdamPhase], touchedRows: null, rowWidth: 0);
                break;
            case ClearPhase:
                (first, last) = this.Range(chunk, this._phaseChunks[ClearPhase]);
                GradientClipping.ClearRows(this._gradients[0], this._touchedRows, this._touched, d, first, last);
                break;
            default:
                break;
        }
    }

    /// <summary>Forward and backward pass of review b of the batch, its loss and gradients written to slot b.</summary>
    private void Review(AttentionPass<float> pass, int b)
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        EncodedReviews data = this._data!;
        int review = this._order[this._start + b];
        int label = data.Labels[review];
        float logit = pass.Forward(data.Row(review), this.Parameters);
        this._slotLoss[b] = BinaryCrossEntropy.Loss(logit, label);
        this._slotCorrect[b] = (logit > 0 ? 1 : 0) == label;
        float logitGradient = (float)BinaryCrossEntropy.Gradient(logit, label) * this._scale;
        pass.Backward(this.Parameters, logitGradient, this._slotTokens.AsSpan(b * n * d, n * d), this._slotWeights[b]);
        this._slotLength[b] = pass.ActiveTokens;
    }

    /// <summary>Lists the touched rows in order of first touch and sums the loss and the number correct in review order (serial, cheap).</summary>
    private void Gather()
    {
        EncodedReviews data = this._data!;
        double loss = 0;
        int correct = 0;
        for (int b = 0; b < this._count; b++)
        {
            ReadOnlySpan<int> ids = data.Row(this._order[this._start + b]);
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
        this._loss = loss;
        this._correct = correct;
    }

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of the sums: a fixed range of the touched rows (and their squared
    /// norms), of the positions and of every weight array, each element summed in review order, so the sums are the same bits
    /// for any split.
    /// </summary>
    private void Sum(int part, int parts)
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        EncodedReviews data = this._data!;
        float[] embeddingGradient = this._gradients[0];
        float[] positionGradient = this._gradients[1];
        (int first, int last) = this.Range(part, parts);
        int firstPosition = (int)((long)n * part / parts);
        int lastPosition = (int)((long)n * (part + 1) / parts);
        positionGradient.AsSpan(firstPosition * d, (lastPosition - firstPosition) * d).Clear();
        for (int b = 0; b < this._count; b++)
        {
            ReadOnlySpan<int> ids = data.Row(this._order[this._start + b]);
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
            int from = (int)((long)sum.Length * part / parts);
            int length = (int)((long)sum.Length * (part + 1) / parts) - from;
            Span<float> share = sum.AsSpan(from, length);
            share.Clear();
            for (int b = 0; b < this._count; b++)
            {
                TensorPrimitives.Add(share, this._slotWeights[b][w].AsSpan(from, length), share);
            }
        }
    }

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of the touched-row list: list indices [first, last).</summary>
    private (int First, int Last) Range(int part, int parts)
    {
        int rows = this._touchedRows.Count;
        return ((int)((long)rows * part / parts), (int)((long)rows * (part + 1) / parts));
    }

    /// <summary>The logits of every review.</summary>
    public float[] Logits(EncodedReviews data) => this._passes.Logits(data, this.Parameters);
}
