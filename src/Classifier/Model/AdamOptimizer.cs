using System.Numerics.Tensors;

namespace HardmaxCore.Classifier;

/// <summary>Adam with PyTorch's update rule (SPEC §3.2: lr 10⁻³, β = (0.9, 0.999), ε = 10⁻⁸).</summary>
/// <remarks>
/// <c>m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − (lr/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε)</c>, on every parameter every step,
/// as PyTorch does for a dense embedding (rows without gradient still move with their momentum).
/// </remarks>
internal sealed class AdamOptimizer
{
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;

    /// <summary>Creates the state (zero moments) for parameter arrays of the given lengths.</summary>
    public AdamOptimizer(IReadOnlyList<int> lengths, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        this.LearningRate = learningRate;
        this._beta1 = (float)beta1;
        this._beta2 = (float)beta2;
        this._epsilon = (float)epsilon;
        this.FirstMoments = lengths.Select(length => new float[length]).ToArray();
        this.SecondMoments = lengths.Select(length => new float[length]).ToArray();
    }

    /// <summary>The learning rate.</summary>
    public double LearningRate { get; }

    /// <summary>Steps taken so far (t).</summary>
    public long Steps { get; set; }

    /// <summary>m, per parameter array.</summary>
    public float[][] FirstMoments { get; }

    /// <summary>v, per parameter array.</summary>
    public float[][] SecondMoments { get; }

    /// <summary>One step on every parameter array, spread over <paramref name="threads"/> cores for the long ones.</summary>
    public void Step(float[][] parameters, float[][] gradients, int threads)
    {
        this.Steps++;
        double correction1 = 1 - Math.Pow(this._beta1, this.Steps);
        double correction2 = 1 - Math.Pow(this._beta2, this.Steps);
        float stepSize = (float)(this.LearningRate / correction1);
        float rootCorrection2 = (float)Math.Sqrt(correction2);
        for (int p = 0; p < parameters.Length; p++)
        {
            float[] parameter = parameters[p];
            float[] gradient = gradients[p];
            float[] m = this.FirstMoments[p];
            float[] v = this.SecondMoments[p];
            int chunks = parameter.Length >= 1 << 16 ? threads : 1;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, chunk =>
            {
                int start = (int)((long)parameter.Length * chunk / chunks);
                int end = (int)((long)parameter.Length * (chunk + 1) / chunks);
                this.Update(parameter.AsSpan(start, end - start), gradient.AsSpan(start, end - start),
                    m.AsSpan(start, end - start), v.AsSpan(start, end - start), stepSize, rootCorrection2);
            });
        }
    }

    private void Update(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, float stepSize, float rootCorrection2)
    {
        // Blocks keep the temporaries in L1 while using the vectorized primitives.
        const int Block = 1024;
        Span<float> denominator = stackalloc float[Block];
        for (int start = 0; start < parameter.Length; start += Block)
        {
            int length = Math.Min(Block, parameter.Length - start);
            Span<float> p = parameter.Slice(start, length);
            ReadOnlySpan<float> g = gradient.Slice(start, length);
            Span<float> mb = m.Slice(start, length);
            Span<float> vb = v.Slice(start, length);
            Span<float> den = denominator[..length];
            // m = β₁m + (1−β₁)g
            TensorPrimitives.Multiply(mb, this._beta1, mb);
            TensorPrimitives.MultiplyAdd(g, 1 - this._beta1, mb, mb);
            // v = β₂v + (1−β₂)g²
            TensorPrimitives.Multiply(vb, this._beta2, vb);
            TensorPrimitives.Multiply(g, g, den);
            TensorPrimitives.MultiplyAdd(den, 1 - this._beta2, vb, vb);
            // p −= stepSize·m/(√v/√bc₂ + ε)
            TensorPrimitives.Sqrt(vb, den);
            TensorPrimitives.Divide(den, rootCorrection2, den);
            TensorPrimitives.Add(den, this._epsilon, den);
            TensorPrimitives.Divide(mb, den, den);
            TensorPrimitives.MultiplyAdd(den, -stepSize, p, p);
        }
    }
}
