using System.Numerics.Tensors;


namespace HardmaxCore.Classifier;

/// <summary>
/// Mini-batch training of the classifier (SPEC §3.2): one step is one <see cref="PhaseTeam"/> run (one wake-up of the
/// threads) of seven phases, each cut into chunks that any thread claims when it is free: the reviews (each with the
/// thread's own <see cref="ClassifierPass{T}"/>, its gradients in a per-review slot); listing the touched rows and summing
/// v, α, b in review order (one chunk); summing the touched embedding rows (ranges of rows, every row in review order) and
/// their squared norms; the global norm (one chunk); the clipping; the Adam step (ranges of elements or rows); clearing the
/// rows. No result depends on the number of threads or on which thread ran a chunk; α is kept ≥ 0.
/// </summary>
/// <remarks>
/// Only the embedding rows of the batch's words (the touched rows) can have gradient, so the embedding gradient is
/// accumulated, clipped and cleared on those rows alone: the global norm <c>‖g‖₂ = √(Σ_touched ‖g_w‖² + ‖g_α‖² + ‖g_v‖² + g_b²)</c>
/// equals the norm over the whole V × d gradient (untouched rows are zero), exactly as <c>clip_grad_norm_</c> computes it.
/// With <see cref="OptimizerKind.LazyAdam"/> the Adam step also visits only the touched rows; dense Adam still reads and writes
/// all V × d moments (PyTorch's rule).
/// </remarks>
internal sealed class Trainer : ClippedAdamStep, IDisposable
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
    private readonly float[] _slotEmbedding;
    private readonly int[] _slotWords;
    private readonly int[] _slotUnique;
    private readonly float[] _slotDecoder;
    private readonly float[] _slotAlpha;
    private readonly float[] _slotBias;

    /// <summary>Prepares training of <paramref name="parameters"/> (updated in place).</summary>
    public Trainer(ClassifierSettings settings, ClassifierParameters<float> parameters, AdamOptimizer optimizer, int batchSize, int threads, double clipNorm = 5)
        : base(parameters.All, parameters.VocabularySize, settings.Tokens, settings.Dimension, optimizer, batchSize, threads, clipNorm, rowwiseAdam: true)
    {
        this._settings = settings;
        this.Parameters = parameters;
        this._passes = new ParallelPasses(settings, this.Threads);
        int n = settings.Tokens;
        int d = settings.Dimension;
        this._slotEmbedding = new float[batchSize * n * d];
        this._slotDecoder = new float[batchSize * d];
        this._slotWords = new int[batchSize * n];
        this._slotUnique = new int[batchSize];
        this._slotAlpha = new float[batchSize];
        this._slotBias = new float[batchSize];
    }

    /// <summary>The weights being trained.</summary>
    public ClassifierParameters<float> Parameters { get; }

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

    /// <summary>Forward and backward pass of review b of the batch, its loss and gradients written to slot b.</summary>
    protected override void Review(int worker, int b)
    {
        ClassifierPass<float> pass = this._passes.Pass(worker);
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        ClassifierParameters<float> parameters = this.Parameters;
        int review = this.Order[this.Start + b];
        ReadOnlySpan<int> ids = this.Data.Row(review);
        int label = this.Data.Labels[review];
        float logit = pass.Forward(ids, parameters);
        this.SlotLoss[b] = BinaryCrossEntropy.Loss(logit, label);
        this.SlotCorrect[b] = (logit > 0 ? 1 : 0) == label;
        float logitGradient = (float)BinaryCrossEntropy.Gradient(logit, label) * this.Scale;
        (this._slotAlpha[b], this._slotBias[b]) = pass.Backward(
            parameters, logitGradient, this._slotEmbedding.AsSpan(b * n * d, n * d), this._slotDecoder.AsSpan(b * d, d));
        this._slotUnique[b] = pass.UniqueCount;
        pass.UniqueWords.CopyTo(this._slotWords.AsSpan(b * n, n));
    }

    /// <summary>Lists the touched rows in order of first touch and sums v, α, b in review order (serial, cheap): deterministic whatever the threads.</summary>
    protected override void Gather()
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        float[] alphaGradient = this.Gradients[1];
        float[] decoderGradient = this.Gradients[2];
        float[] biasGradient = this.Gradients[3];
        alphaGradient[0] = 0;
        biasGradient[0] = 0;
        Array.Clear(decoderGradient);
        for (int b = 0; b < this.Count; b++)
        {
            foreach (int word in this._slotWords.AsSpan(b * n, this._slotUnique[b]))
            {
                this.Touch(word);
            }
            TensorPrimitives.Add(decoderGradient, this._slotDecoder.AsSpan(b * d, d), decoderGradient);
            alphaGradient[0] += this._slotAlpha[b];
            biasGradient[0] += this._slotBias[b];
        }
    }

    /// <summary>Sums the gradient of the touched rows of part <paramref name="part"/>, each row in review order, so a row's sum is the same bits for any split, and their squared norms.</summary>
    protected override void Sum(int part, int parts)
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        float[] embeddingGradient = this.Gradients[0];
        (int first, int last) = this.Range(part, parts);
        for (int b = 0; b < this.Count; b++)
        {
            ReadOnlySpan<int> words = this._slotWords.AsSpan(b * n, this._slotUnique[b]);
            for (int i = 0; i < words.Length; i++)
            {
                int index = this.RowIndex(words[i]);
                if (index >= first && index < last)
                {
                    Span<float> row = embeddingGradient.AsSpan(words[i] * d, d);
                    TensorPrimitives.Add(row, this._slotEmbedding.AsSpan((b * n + i) * d, d), row);
                }
            }
        }
        GradientClipping.RowSquares(embeddingGradient, this.TouchedRows, d, first, last, this.RowSquares);
    }

    /// <summary>α is kept ≥ 0 after each step (chunk 0 of the Adam step updated it with the other small arrays).</summary>
    protected override void AfterSmallArraysStep() => this.Parameters.Alpha[0] = Math.Max(this.Parameters.Alpha[0], 0f);

    /// <summary>The logits of every review, with softmax or hardmax layers.</summary>
    public float[] Logits(EncodedReviews data, Attention attention) => this._passes.Logits(data, this.Parameters, attention);

    /// <inheritdoc/>
    public void Dispose() => this._passes.Dispose();
}
