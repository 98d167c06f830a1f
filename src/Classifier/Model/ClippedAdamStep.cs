namespace HardmaxCore.Classifier;

/// <summary>
/// One mini-batch step of either classifier (SPEC §3.2) as one <see cref="PhaseTeam"/> run (one wake-up of the threads) of
/// seven phases, each cut into chunks that any thread claims when it is free: the reviews (forward and backward of review b
/// into its own slot, <see cref="Review"/>); listing the touched embedding rows and summing the small gradients in review
/// order (one chunk, <see cref="Gather"/>); summing the touched rows and the other large gradients in review order over fixed
/// ranges, with the rows' squared norms (<see cref="Sum"/>); the global norm <c>‖g‖₂</c> (one chunk); the clipping
/// <c>g ← g · min(1, c/‖g‖₂)</c>; the Adam step (ranges of elements, or of rows for lazy Adam); clearing the touched rows.
/// </summary>
/// <remarks>
/// Only the embedding rows of the batch's words (the touched rows) can have gradient, so the embedding gradient (array 0)
/// is accumulated, clipped and cleared on those rows alone: the global norm
/// <c>‖g‖₂ = √(Σ_touched ‖g_w‖² + Σ_other arrays ‖g‖²)</c> equals the norm over the whole V × d gradient (untouched rows
/// are zero), exactly as <c>clip_grad_norm_</c> computes it. Every sum runs in review order and every phase waits for the
/// one before, so no result depends on the number of threads or on which thread ran a chunk.
/// </remarks>
internal abstract class ClippedAdamStep
{
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

    private readonly PhaseTeam _team;
    private readonly int[] _phaseChunks = new int[Phases];
    private readonly float[][] _parameterArrays;
    private readonly bool[] _touched;
    private readonly int[] _rowIndex;
    private readonly int _batchCapacity;
    private readonly int _dimension;
    private readonly bool _rowwiseAdam;
    private double _loss;
    private int _correct;
    private bool _clip;
    private float _factor;
    private AdamCoefficients _adam;

    /// <summary>Prepares steps on <paramref name="parameterArrays"/> (updated in place; array 0 the V × d embedding).</summary>
    /// <param name="parameterArrays">The weights, the embedding first.</param>
    /// <param name="vocabularySize">V, the rows of the embedding.</param>
    /// <param name="tokens">n, tokens per review.</param>
    /// <param name="dimension">d, the width of an embedding row.</param>
    /// <param name="optimizer">The optimizer and its state.</param>
    /// <param name="batchSize">The largest batch.</param>
    /// <param name="threads">Threads a batch is spread over.</param>
    /// <param name="clipNorm">The global gradient-norm bound c.</param>
    /// <param name="rowwiseAdam">Whether the Adam step is given the touched rows (lazy Adam visits only those).</param>
    protected ClippedAdamStep(float[][] parameterArrays, int vocabularySize, int tokens, int dimension, AdamOptimizer optimizer, int batchSize, int threads, double clipNorm, bool rowwiseAdam)
    {
        this.Optimizer = optimizer;
        this.Threads = Math.Max(1, threads);
        this.ClipNorm = clipNorm;
        this._team = new PhaseTeam(this.Threads, Phases, this.Work);
        this._parameterArrays = parameterArrays;
        this.Gradients = parameterArrays.Select(p => new float[p.Length]).ToArray();
        this._touched = new bool[vocabularySize];
        this._rowIndex = new int[vocabularySize];
        this._batchCapacity = batchSize;
        this._dimension = dimension;
        this._rowwiseAdam = rowwiseAdam;
        this.TouchedRows = new List<int>(Math.Min(vocabularySize, batchSize * tokens));
        this.RowSquares = new float[batchSize * tokens];
        this.SlotLoss = new double[batchSize];
        this.SlotCorrect = new bool[batchSize];
    }

    /// <summary>The optimizer and its state.</summary>
    public AdamOptimizer Optimizer { get; }

    /// <summary>Threads a batch is spread over.</summary>
    public int Threads { get; }

    /// <summary>The global gradient-norm bound (5 in SPEC §3.2).</summary>
    public double ClipNorm { get; }

    /// <summary>The summed gradient of every weight array, in the order of the weights.</summary>
    protected float[][] Gradients { get; }

    /// <summary>The touched embedding rows of the step, in order of first touch.</summary>
    protected List<int> TouchedRows { get; }

    /// <summary>The squared norm of each touched row's gradient, by list index.</summary>
    protected float[] RowSquares { get; }

    /// <summary>Each review's loss, by slot.</summary>
    protected double[] SlotLoss { get; }

    /// <summary>Whether each review was classified correctly, by slot.</summary>
    protected bool[] SlotCorrect { get; }

    /// <summary>The reviews of the current step.</summary>
    protected EncodedReviews Data { get; private set; } = null!;

    /// <summary>The epoch's order; slot b holds review <c>Order[Start + b]</c>.</summary>
    protected int[] Order { get; private set; } = [];

    /// <summary>The first position of the step in <see cref="Order"/>.</summary>
    protected int Start { get; private set; }

    /// <summary>Reviews in the step.</summary>
    protected int Count { get; private set; }

    /// <summary>1 / <see cref="Count"/>: the loss is the batch mean.</summary>
    protected float Scale { get; private set; }

    /// <summary>One optimisation step on the reviews <c>order[start .. start+count)</c>; returns their summed loss and number correct.</summary>
    public (double Loss, int Correct) TrainBatch(EncodedReviews data, int[] order, int start, int count)
    {
        if (count > this._batchCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A batch holds at most {this._batchCapacity} reviews.");
        }
        this.Data = data;
        this.Order = order;
        this.Start = start;
        this.Count = count;
        this.Scale = 1f / count;
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
        this.Data = null!;
        this.TouchedRows.Clear();
        return (this._loss, this._correct);
    }

    /// <summary>Forward and backward pass of review <paramref name="b"/> of the step with worker <paramref name="worker"/>'s scratch: its loss, correctness and gradients into slot b.</summary>
    protected abstract void Review(int worker, int b);

    /// <summary>Lists the touched rows (<see cref="Touch"/>, in review order) and sums the small gradients in review order (one chunk).</summary>
    protected abstract void Gather();

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of the sums: the touched rows of <see cref="Range"/> (each in
    /// review order) and their squared norms into <see cref="RowSquares"/>, and a fixed share of any other large gradient.
    /// </summary>
    protected abstract void Sum(int part, int parts);

    /// <summary>Called once the Adam chunk that updates the small arrays (chunk 0) has run: constraints on them (α ≥ 0).</summary>
    protected virtual void AfterSmallArraysStep()
    {
    }

    /// <summary>Adds embedding row <paramref name="word"/> to the touched rows if it is not there yet.</summary>
    protected void Touch(int word)
    {
        if (!this._touched[word])
        {
            this._touched[word] = true;
            this._rowIndex[word] = this.TouchedRows.Count;
            this.TouchedRows.Add(word);
        }
    }

    /// <summary>The index of touched row <paramref name="word"/> in <see cref="TouchedRows"/>.</summary>
    protected int RowIndex(int word) => this._rowIndex[word];

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of the touched-row list: list indices [first, last).</summary>
    protected (int First, int Last) Range(int part, int parts)
    {
        int rows = this.TouchedRows.Count;
        return ((int)((long)rows * part / parts), (int)((long)rows * (part + 1) / parts));
    }

    /// <summary>Chunk <paramref name="chunk"/> of phase <paramref name="phase"/> of the step, on worker <paramref name="worker"/>.</summary>
    private void Work(int phase, int chunk, int worker)
    {
        int d = this._dimension;
        switch (phase)
        {
            case PassPhase when chunk < this.Count:
                this.Review(worker, chunk);
                break;
            case GatherPhase:
                this.Gather();
                double loss = 0;
                int correct = 0;
                for (int b = 0; b < this.Count; b++)
                {
                    loss += this.SlotLoss[b];
                    correct += this.SlotCorrect[b] ? 1 : 0;
                }
                this._loss = loss;
                this._correct = correct;
                break;
            case SumPhase:
                this.Sum(chunk, this._phaseChunks[SumPhase]);
                break;
            case NormPhase:
                this._clip = GradientClipping.ClipFactor(this.Gradients, this.RowSquares, this.TouchedRows.Count, this.ClipNorm, out this._factor);
                this._adam = this.Optimizer.Begin();
                break;
            case ScalePhase when this._clip:
                (int first, int last) = this.Range(chunk, this._phaseChunks[ScalePhase]);
                GradientClipping.ScaleRows(this.Gradients[0], this.TouchedRows, d, first, last, this._factor);
                if (chunk == 0)
                {
                    GradientClipping.ScaleDense(this.Gradients, this._factor);
                }
                break;
            case AdamPhase:
                this.Optimizer.StepChunk(this._parameterArrays, this.Gradients, this._adam, chunk, this._phaseChunks[AdamPhase],
                    this._rowwiseAdam ? this.TouchedRows : null, this._rowwiseAdam ? d : 0);
                if (chunk == 0)
                {
                    this.AfterSmallArraysStep();
                }
                break;
            case ClearPhase:
                (first, last) = this.Range(chunk, this._phaseChunks[ClearPhase]);
                GradientClipping.ClearRows(this.Gradients[0], this.TouchedRows, this._touched, d, first, last);
                break;
            default:
                break;
        }
    }
}
