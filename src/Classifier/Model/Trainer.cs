using System.Numerics.Tensors;


namespace HardmaxCore.Classifier;

/// <summary>
/// Mini-batch training of the classifier (SPEC §3.2): reviews of a batch are spread over threads, each with its own
/// <see cref="ClassifierPass{T}"/>, a thread taking the next review as soon as it is free (<see cref="Partitions"/>); their
/// gradients land in per-review slots and are summed in review order, the touched embedding rows split over the threads,
/// so the result does not depend on the number of threads. Then global gradient-norm clipping and one Adam step (both
/// spread over the threads); α is kept ≥ 0.
/// </summary>
/// <remarks>
/// Only the embedding rows of the batch's words (the touched rows) can have gradient, so the embedding gradient is
/// accumulated, clipped and cleared on those rows alone: the global norm <c>‖g‖₂ = √(Σ_touched ‖g_w‖² + ‖g_α‖² + ‖g_v‖² + g_b²)</c>
/// equals the norm over the whole V × d gradient (untouched rows are zero), exactly as <c>clip_grad_norm_</c> computes it.
/// With <see cref="OptimizerKind.LazyAdam"/> the Adam step also visits only the touched rows; dense Adam still reads and writes
/// all V × d moments (PyTorch's rule).
/// </remarks>
internal sealed class Trainer : IDisposable
{
    /// <summary>
    /// Multiplies the run's seed in the seed of an epoch's shuffle: a large prime, so runs with nearby seeds get unrelated
    /// shuffles for every epoch (seed s, epoch e never meets seed s + 1, epoch e′ for e, e′ in any realistic range).
    /// </summary>
    private const int ShuffleSeedPrime = 1_000_003;

    /// <summary>Multiplies the epoch in the seed of an epoch's shuffle: a prime, so consecutive epochs get unrelated shuffles.</summary>
    private const int ShuffleEpochPrime = 7919;

    /// <summary>Added to the seed of an epoch's shuffle, so that seed 0, epoch 0 does not seed the generator with 0.</summary>
    private const int ShuffleOffset = 17;

    private readonly ClassifierSettings _settings;
    private readonly ParallelPasses _passes;
    private readonly float[][] _gradients;
    private readonly bool[] _touched;
    private readonly List<int> _touchedRows = [];
    private readonly int[] _rowIndex;
    private readonly float[] _rowSquares;
    private readonly int _batchCapacity;
    private readonly float[] _slotEmbedding;
    private readonly int[] _slotWords;
    private readonly int[] _slotUnique;
    private readonly float[] _slotDecoder;
    private readonly float[] _slotAlpha;
    private readonly float[] _slotBias;
    private readonly double[] _slotLoss;
    private readonly bool[] _slotCorrect;

    /// <summary>Prepares training of <paramref name="parameters"/> (updated in place).</summary>
    public Trainer(ClassifierSettings settings, ClassifierParameters<float> parameters, AdamOptimizer optimizer, int batchSize, int threads, double clipNorm = 5)
    {
        this._settings = settings;
        this.Parameters = parameters;
        this.Optimizer = optimizer;
        this.Threads = Math.Max(1, threads);
        this.ClipNorm = clipNorm;
        this._passes = new ParallelPasses(settings, this.Threads);
        this._gradients = parameters.All.Select(p => new float[p.Length]).ToArray();
        this._touched = new bool[parameters.VocabularySize];
        this._batchCapacity = batchSize;
        int n = settings.Tokens;
        int d = settings.Dimension;
        this._rowIndex = new int[parameters.VocabularySize];
        this._rowSquares = new float[batchSize * n];
        this._slotEmbedding = new float[batchSize * n * d];
        this._slotDecoder = new float[batchSize * d];
        this._slotWords = new int[batchSize * n];
        this._slotUnique = new int[batchSize];
        this._slotAlpha = new float[batchSize];
        this._slotBias = new float[batchSize];
        this._slotLoss = new double[batchSize];
        this._slotCorrect = new bool[batchSize];
    }

    /// <summary>The weights being trained.</summary>
    public ClassifierParameters<float> Parameters { get; }

    /// <summary>The optimizer and its state.</summary>
    public AdamOptimizer Optimizer { get; }

    /// <summary>Threads a batch is spread over.</summary>
    public int Threads { get; }

    /// <summary>The global gradient-norm bound (5 in SPEC §3.2).</summary>
    public double ClipNorm { get; }

    /// <summary>The order of the training reviews in an epoch: a Fisher–Yates shuffle seeded by (seed, epoch) alone, so a resumed run sees the same order.</summary>
    public static int[] EpochOrder(int count, int seed, int epoch)
    {
        var order = new int[count];
        for (int r = 0; r < count; r++)
        {
            order[r] = r;
        }
        var random = new Random(unchecked((seed * ShuffleSeedPrime) + (epoch * ShuffleEpochPrime) + ShuffleOffset));
        for (int r = count - 1; r > 0; r--)
        {
            int other = random.Next(r + 1);
            (order[r], order[other]) = (order[other], order[r]);
        }
        return order;
    }

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
        ClassifierParameters<float> parameters = this.Parameters;
        this._passes.ForEach(count, (pass, b) =>
        {
            int review = order[start + b];
            ReadOnlySpan<int> ids = data.Row(review);
            int label = data.Labels[review];
            float logit = pass.Forward(ids, parameters);
            this._slotLoss[b] = BinaryCrossEntropy.Loss(logit, label);
            this._slotCorrect[b] = (logit > 0 ? 1 : 0) == label;
            float logitGradient = (float)BinaryCrossEntropy.Gradient(logit, label) * scale;
            (this._slotAlpha[b], this._slotBias[b]) = pass.Backward(
                parameters, logitGradient, this._slotEmbedding.AsSpan(b * n * d, n * d), this._slotDecoder.AsSpan(b * d, d));
            this._slotUnique[b] = pass.UniqueCount;
            pass.UniqueWords.CopyTo(this._slotWords.AsSpan(b * n, n));
        });

        // Sum the slots in review order: deterministic whatever the threads. The touched rows are listed in order of first
        // touch (serial, cheap); each worker then sums a fixed range of them, every row in review order, so a row's sum and
        // squared norm are the same bits on any number of workers.
        float[] embeddingGradient = this._gradients[0];
        float[] alphaGradient = this._gradients[1];
        float[] decoderGradient = this._gradients[2];
        float[] biasGradient = this._gradients[3];
        alphaGradient[0] = 0;
        biasGradient[0] = 0;
        Array.Clear(decoderGradient);
        double loss = 0;
        int correct = 0;
        for (int b = 0; b < count; b++)
        {
            foreach (int word in this._slotWords.AsSpan(b * n, this._slotUnique[b]))
            {
                if (!this._touched[word])
                {
                    this._touched[word] = true;
                    this._rowIndex[word] = this._touchedRows.Count;
                    this._touchedRows.Add(word);
                }
            }
            TensorPrimitives.Add(decoderGradient, this._slotDecoder.AsSpan(b * d, d), decoderGradient);
            alphaGradient[0] += this._slotAlpha[b];
            biasGradient[0] += this._slotBias[b];
            loss += this._slotLoss[b];
            correct += this._slotCorrect[b] ? 1 : 0;
        }
        Partitions.Run(this.Threads, (worker, workers) =>
        {
            int rows = this._touchedRows.Count;
            int first = (int)((long)rows * worker / workers);
            int last = (int)((long)rows * (worker + 1) / workers);
            for (int b = 0; b < count; b++)
            {
                ReadOnlySpan<int> words = this._slotWords.AsSpan(b * n, this._slotUnique[b]);
                for (int i = 0; i < words.Length; i++)
                {
                    int index = this._rowIndex[words[i]];
                    if (index >= first && index < last)
                    {
                        Span<float> row = embeddingGradient.AsSpan(words[i] * d, d);
                        TensorPrimitives.Add(row, this._slotEmbedding.AsSpan((b * n + i) * d, d), row);
                    }
                }
            }
            GradientClipping.RowSquares(embeddingGradient, this._touchedRows, d, first, last, this._rowSquares);
        });

        GradientClipping.ClipByGlobalNorm(this._gradients, this._touchedRows, this._rowSquares, d, this.ClipNorm, this.Threads);
        this.Optimizer.Step(parameters.All, this._gradients, this.Threads, this._touchedRows, d);
        parameters.Alpha[0] = Math.Max(parameters.Alpha[0], 0f);

        GradientClipping.ClearRows(embeddingGradient, this._touchedRows, this._touched, d);
        return (loss, correct);
    }

    /// <summary>The logits of every review, with softmax or hardmax layers.</summary>
    public float[] Logits(EncodedReviews data, Attention attention) => this._passes.Logits(data, this.Parameters, attention);

    /// <inheritdoc/>
    public void Dispose() => this._passes.Dispose();
}
