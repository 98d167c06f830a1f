namespace HardmaxCore.Classifier;

/// <summary>The shape of the sentiment classifier of [AFZ] (SPEC §3.1).</summary>
/// <param name="Tokens">n, tokens per review after truncation and padding (128).</param>
/// <param name="Dimension">d, the embedding dimension.</param>
/// <param name="Layers">K, the number of shared attention layers (8).</param>
/// <param name="Temperature">τ of the softmax layers (10⁻³).</param>
/// <param name="MaskPadding">Whether padding is left out of attention and of the mean ([AFZ] keeps it: false).</param>
public sealed record ClassifierSettings(int Tokens, int Dimension, int Layers, double Temperature, bool MaskPadding)
{
    /// <summary>[AFZ]'s model at dimension d.</summary>
    public static ClassifierSettings Paper(int dimension) => new(128, dimension, 8, 1e-3, false);
}
