namespace HardmaxCore.Clustering;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> (Box–Muller, both values used), reproducible across runs.</summary>
internal sealed class Gaussian
{
    /// <summary>The uniform source.</summary>
    private readonly Random _random;

    /// <summary>The second value of the last Box–Muller pair, when unused.</summary>
    private double _spare;

    /// <summary>Whether <see cref="_spare"/> holds a value.</summary>
    private bool _hasSpare;

    /// <summary>Creates a generator from a seed.</summary>
    public Gaussian(int seed) => this._random = new Random(seed);

    /// <summary>The uniform source (for categorical draws that must share the stream).</summary>
    public Random Uniform => this._random;

    /// <summary>One N(0, 1) draw.</summary>
    public double Next()
    {
        if (this._hasSpare)
        {
            this._hasSpare = false;
            return this._spare;
        }
        // u1 in (0, 1] so the log is finite.
        double u1 = 1.0 - this._random.NextDouble();
        double u2 = this._random.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        this._spare = radius * Math.Sin(2 * Math.PI * u2);
        this._hasSpare = true;
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>An index drawn with probabilities <paramref name="cumulative"/> (increasing, last = 1).</summary>
    public int Categorical(ReadOnlySpan<double> cumulative)
    {
        double u = this._random.NextDouble();
        for (int k = 0; k < cumulative.Length - 1; k++)
        {
            if (u < cumulative[k])
            {
                return k;
            }
        }
        return cumulative.Length - 1;
    }
}
