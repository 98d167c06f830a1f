namespace HardmaxCore.Classifier;

/// <summary>
/// The trainable weights of the classifier (SPEC §3.1): embedding E (V × d), α ≥ 0, decoder v (d) and bias b.
/// Each is an array so the optimizer treats them alike.
/// </summary>
public sealed class ClassifierParameters<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates zero weights for a vocabulary of <paramref name="vocabularySize"/> words in dimension <paramref name="dimension"/>.</summary>
    public ClassifierParameters(int vocabularySize, int dimension)
    {
        this.VocabularySize = vocabularySize;
        this.Dimension = dimension;
        this.Embedding = new T[(long)vocabularySize * dimension];
        this.Alpha = new T[1];
        this.Decoder = new T[dimension];
        this.Bias = new T[1];
    }

    /// <summary>V, words in the vocabulary (pad and unk included).</summary>
    public int VocabularySize { get; }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>E, row-major V × d; row w is the embedding of word id w.</summary>
    public T[] Embedding { get; }

    /// <summary>α, one value.</summary>
    public T[] Alpha { get; }

    /// <summary>v, the decoder direction.</summary>
    public T[] Decoder { get; }

    /// <summary>b, one value.</summary>
    public T[] Bias { get; }

    /// <summary>All parameter arrays in a fixed order: E, α, v, b.</summary>
    public T[][] All => [this.Embedding, this.Alpha, this.Decoder, this.Bias];

    /// <summary>PyTorch-default initialisation: E ~ N(0, 1), v, b ~ U(−1/√d, 1/√d), α ~ U(0, 1) (SPEC §3.1).</summary>
    public static ClassifierParameters<T> Initialize(int vocabularySize, int dimension, int seed)
    {
        var parameters = new ClassifierParameters<T>(vocabularySize, dimension);
        var random = new Random(seed);
        for (long x = 0; x < parameters.Embedding.LongLength; x++)
        {
            // Box–Muller; one normal per pair of uniforms keeps the stream simple and seed-stable.
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            parameters.Embedding[x] = T.CreateTruncating(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        double bound = 1 / Math.Sqrt(dimension);
        for (int k = 0; k < dimension; k++)
        {
            parameters.Decoder[k] = T.CreateTruncating((random.NextDouble() * 2 - 1) * bound);
        }
        parameters.Bias[0] = T.CreateTruncating((random.NextDouble() * 2 - 1) * bound);
        parameters.Alpha[0] = T.CreateTruncating(random.NextDouble());
        return parameters;
    }

    /// <summary>A deep copy.</summary>
    public ClassifierParameters<T> Clone()
    {
        var copy = new ClassifierParameters<T>(this.VocabularySize, this.Dimension);
        this.CopyTo(copy);
        return copy;
    }

    /// <summary>Copies every weight into <paramref name="destination"/> (same shape).</summary>
    public void CopyTo(ClassifierParameters<T> destination)
    {
        T[][] from = this.All;
        T[][] to = destination.All;
        for (int p = 0; p < from.Length; p++)
        {
            from[p].CopyTo(to[p], 0);
        }
    }
}
