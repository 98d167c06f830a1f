namespace HardmaxCore.Classifier;

/// <summary>The shape of the standard self-attention classifier (<see cref="ClassifierArchitecture.Attention"/>).</summary>
/// <param name="Tokens">n, tokens per review after truncation and padding (128), also the rows of the positional embedding.</param>
/// <param name="Dimension">d, the embedding and attention dimension.</param>
public sealed record AttentionSettings(int Tokens, int Dimension)
{
    /// <summary>The width of the dense layer, 2d.</summary>
    public int Hidden => 2 * this.Dimension;
}
