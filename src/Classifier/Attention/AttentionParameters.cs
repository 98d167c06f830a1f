namespace HardmaxCore.Classifier;

/// <summary>
/// The trainable weights of the standard self-attention classifier: token embedding E (V × d), positional embedding
/// P (n × d), the projections W_Q, W_K, W_V (d × d), the dense layer W₁ (2d × d) with bias b₁ (2d), the output
/// weights w₂ (2d) and bias b₂. Matrices are row-major "out × in", as PyTorch's <c>nn.Linear.weight</c>.
/// </summary>
public sealed class AttentionParameters<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates zero weights for a vocabulary of <paramref name="vocabularySize"/> words and the given shape.</summary>
    public AttentionParameters(int vocabularySize, AttentionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.VocabularySize = vocabularySize;
        this.Settings = settings;
        int d = settings.Dimension;
        int h = settings.Hidden;
        this.Embedding = new T[(long)vocabularySize * d];
        this.Position = new T[settings.Tokens * d];
        this.Query = new T[d * d];
        this.Key = new T[d * d];
        this.Value = new T[d * d];
        this.Dense = new T[h * d];
        this.DenseBias = new T[h];
        this.Output = new T[h];
        this.OutputBias = new T[1];
    }

    /// <summary>V, words in the vocabulary (pad and unk included).</summary>
    public int VocabularySize { get; }

    /// <summary>n and d.</summary>
    public AttentionSettings Settings { get; }

    /// <summary>E, row-major V × d; row w is the embedding of word id w.</summary>
    public T[] Embedding { get; }

    /// <summary>P, row-major n × d; row i is added to the token at position i.</summary>
    public T[] Position { get; }

    /// <summary>W_Q, d × d: <c>q_i = W_Q x_i</c>.</summary>
    public T[] Query { get; }

    /// <summary>W_K, d × d: <c>k_i = W_K x_i</c>.</summary>
    public T[] Key { get; }

    /// <summary>W_V, d × d: <c>v_i = W_V x_i</c>.</summary>
    public T[] Value { get; }

    /// <summary>W₁, 2d × d.</summary>
    public T[] Dense { get; }

    /// <summary>b₁, 2d.</summary>
    public T[] DenseBias { get; }

    /// <summary>w₂, 2d.</summary>
    public T[] Output { get; }

    /// <summary>b₂, one value.</summary>
    public T[] OutputBias { get; }

    /// <summary>All parameter arrays in a fixed order (the order of the model file): E, P, W_Q, W_K, W_V, W₁, b₁, w₂, b₂.</summary>
    public T[][] All => [this.Embedding, this.Position, this.Query, this.Key, this.Value, this.Dense, this.DenseBias, this.Output, this.OutputBias];

    /// <summary>Number of trainable values.</summary>
    public long Count => this.All.Sum(a => a.LongLength);

    /// <summary>
    /// PyTorch-default initialisation: <c>nn.Embedding</c> for E and P (N(0, 1)); <c>nn.Linear</c> for the rest, weights and
    /// biases U(−1/√fan_in, 1/√fan_in) (what kaiming_uniform(a = √5) gives): W_Q, W_K, W_V (no bias) and W₁, b₁ with
    /// fan_in d; w₂, b₂ with fan_in 2d.
    /// </summary>
    public static AttentionParameters<T> Initialize(int vocabularySize, AttentionSettings settings, int seed)
    {
        var parameters = new AttentionParameters<T>(vocabularySize, settings);
        var random = new Random(seed);
        Normal(parameters.Embedding, random);
        Normal(parameters.Position, random);
        double inner = 1 / Math.Sqrt(settings.Dimension);
        double outer = 1 / Math.Sqrt(settings.Hidden);
        Uniform(parameters.Query, inner, random);
        Uniform(parameters.Key, inner, random);
        Uniform(parameters.Value, inner, random);
        Uniform(parameters.Dense, inner, random);
        Uniform(parameters.DenseBias, inner, random);
        Uniform(parameters.Output, outer, random);
        Uniform(parameters.OutputBias, outer, random);
        return parameters;
    }

    /// <summary>A deep copy.</summary>
    public AttentionParameters<T> Clone()
    {
        var copy = new AttentionParameters<T>(this.VocabularySize, this.Settings);
        T[][] from = this.All;
        T[][] to = copy.All;
        for (int p = 0; p < from.Length; p++)
        {
            from[p].CopyTo(to[p], 0);
        }
        return copy;
    }

    private static void Normal(T[] values, Random random)
    {
        for (long x = 0; x < values.LongLength; x++)
        {
            // Box–Muller, one normal per pair of uniforms, as ClassifierParameters.
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            values[x] = T.CreateTruncating(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }

    private static void Uniform(T[] values, double bound, Random random)
    {
        for (int x = 0; x < values.Length; x++)
        {
            values[x] = T.CreateTruncating((random.NextDouble() * 2 - 1) * bound);
        }
    }
}
