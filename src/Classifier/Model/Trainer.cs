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

    /// <summary>The phases of a step, in order (chunks: reviews, 1, row ranges, 1, row ranges, Adam ranges, row ranges).</summary>
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

    private readonly ClassifierSettings _settings;
    private readonly ParallelPasses _passes;
    private readonly PhaseTeam _team;
    private readonly int[] _phaseChunks = new int[Phases];
    private readonly float[][] _parameterArrays;
    private readonly float[][] _gradients;
    private readonly bool[] _touched;
    private readonly List<int> _touchedRows;
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
    public Trainer(ClassifierSettings settings, ClassifierParameters<float> parameters, AdamOptimizer optimizer, int batchSize, int threads, double clipNorm = 5)
    {
        this._settings = settings;
        this.Parameters = parameters;
        this.Optimizer = optimizer;
        this.Threads = Math.Max(1, threads);
        this.ClipNorm = clipNorm;
        this._passes = new ParallelPasses(settings, this.Threads);
        this._team = new PhaseTeam(this.Threads, Phases, this.Work);
        this._parameterArrays = parameters.All;
        this._gradients = this._parameterArrays.Select(p => new float[p.Length]).ToArray();
        this._touched = new bool[parameters.VocabularySize];
        this._batchCapacity = batchSize;
        int n = settings.Tokens;
        int d = settings.Dimension;
        this._rowIndex = new int[parameters.VocabularySize];
        this._touchedRows = new List<int>(Math.Min(parameters.VocabularySize, batchSize * n));
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
                (int first, int last) = this.Range(chunk, this._phaseChunks[SumPhase]);
                this.SumRows(first, last);
                GradientClipping.RowSquares(this._gradients[0], this._touchedRows, d, first, last, this._rowSquares);
                break;
            case NormPhase:
                this._clip = GradientClipping.ClipFactor(this._gradients, this._rowSquares, this._touchedRows.Count, this.ClipNorm, out this._factor);
                this._adam = this.Optimizer.Begin();
                break;
            case ScalePhase when this._clip:
                (first, last) = this.Range(chunk, this._phaseChunks[ScalePhase]);
                GradientClipping.ScaleRows(this._gradients[0], this._touchedRows, d, first, last, this._factor);
                if (chunk == 0)
                {
                    GradientClipping.ScaleDense(this._gradients, this._factor);
                }
                break;
            case AdamPhase:
                this.Optimizer.StepChunk(this._parameterArrays, this._gradients, this._adam, chunk, this._phaseChunks[AdamPhase], this._touchedRows, d);
                if (chunk == 0)
                {
                    // Chunk 0 updated α (with the other small arrays).
                    this.Parameters.Alpha[0] = Math.Max(this.Parameters.Alpha[0], 0f);
                }
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
    private void Review(ClassifierPass<float> pass, int b)
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        EncodedReviews data = this._data!;
        ClassifierParameters<float> parameters = this.Parameters;
        int review = this._order[this._start + b];
        ReadOnlySpan<int> ids = data.Row(review);
        int label = data.Labels[review];
        float logit = pass.Forward(ids, parameters);
        this._slotLoss[b] = BinaryCrossEntropy.Loss(logit, label);
        this._slotCorrect[b] = (logit > 0 ? 1 : 0) == label;
        float logitGradient = (float)BinaryCrossEntropy.Gradient(logit, label) * this._scale;
        (this._slotAlpha[b], this._slotBias[b]) = pass.Backward(
            parameters, logitGradient, this._slotEmbedding.AsSpan(b * n * d, n * d), this._slotDecoder.AsSpan(b * d, d));
        this._slotUnique[b] = pass.UniqueCount;
        pass.UniqueWords.CopyTo(this._slotWords.AsSpan(b * n, n));
    }

    /// <summary>
    /// Lists the touched rows in order of first touch and sums v, α, b, the loss and the number correct in review order (serial,
    /// cheap): deterministic whatever the threads.
    /// </summary>
    private void Gather()
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        float[] alphaGradient = this._gradients[1];
        float[] decoderGradient = this._gradients[2];
        float[] biasGradient = this._gradients[3];
        alphaGradient[0] = 0;
        biasGradient[0] = 0;
        Array.Clear(decoderGradient);
        double loss = 0;
        int correct = 0;
        for (int b = 0; b < this._count; b++)
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
        this._loss = loss;
        this._correct = correct;
    }

    /// <summary>Sums the gradient of the touched rows with list index in [first, last), each row in review order, so a row's sum is the same bits for any split.</summary>
    private void SumRows(int first, int last)
    {
        int n = this._settings.Tokens;
        int d = this._settings.Dimension;
        float[] embeddingGradient = this._gradients[0];
        for (int b = 0; b < this._count; b++)
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
    }

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of the touched-row list: list indices [first, last).</summary>
    private (int First, int Last) Range(int part, int parts)
    {
        int rows = this._touchedRows.Count;
        return ((int)((long)rows * part / parts), (int)((long)rows * (part + 1) / parts));
    }

    /// <summary>The logits of every review, with softmax or hardmax layers.</summary>
    public float[] Logits(EncodedReviews data, Attention attention) => this._passes.Logits(data, this.Parameters, attention);

    /// <inheritdoc/>
    public void Dispose() => this._passes.Dispose();
}
