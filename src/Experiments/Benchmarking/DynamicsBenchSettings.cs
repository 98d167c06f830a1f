
namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>What <c>hardmax bench</c> measures: K layers of the dynamics on batches of configurations of n tokens in dimension d.</summary>
/// <param name="Tokens">n, tokens per configuration.</param>
/// <param name="Dimension">d, the dimension of a token.</param>
/// <param name="Layers">K, the layers run on each configuration.</param>
/// <param name="Batch">B, configurations per call of the Core on all cores (chunks of it when a whole batch would outlast the time share).</param>
/// <param name="Seconds">The total time budget, divided equally among the Reference, the Core on one thread and the Core on all cores.</param>
/// <param name="Precision">float or double for the Core (the Reference is always double).</param>
/// <param name="Attention">Hardmax (SPEC §1.2) or softmax with τ = <see cref="Temperature"/> (SPEC §1.3).</param>
/// <param name="Inputs">Gaussian or review-like configurations.</param>
/// <param name="Seed">The seed of the inputs.</param>
internal sealed record DynamicsBenchSettings(
    int Tokens, int Dimension, int Layers, int Batch, double Seconds, Precision Precision, Attention Attention, BenchInputs Inputs, int Seed = 1)
{
    /// <summary>α of the benchmarked dynamics (the library default).</summary>
    public const double Alpha = 1.0;

    /// <summary>τ of softmax layers (SPEC §1.3, [AFZ]).</summary>
    public const double Temperature = 1e-3;

    /// <summary>The flops of one configuration, <c>2n²d·K</c>: the score matrix dominates (SPEC §4).</summary>
    public double FlopsPerConfiguration => 2.0 * this.Tokens * this.Tokens * this.Dimension * this.Layers;
}
