namespace HardmaxCore.Classifier;

/// <summary>
/// The largest shapes the tool accepts from an option or a file header. These bounds only keep the numbers in range of
/// the 32-bit counts the code uses; whether a shape fits in memory is <see cref="MemoryBudget"/>'s check.
/// </summary>
public static class SizeLimits
{
    /// <summary>n, tokens per review: at most 2¹⁶ (one layer's attention weights alone are n² values).</summary>
    public const int MaxTokens = 1 << 16;

    /// <summary>d, the dimension: at most 2¹⁶.</summary>
    public const int MaxDimension = 1 << 16;

    /// <summary>K, the layers: at most 2¹⁶.</summary>
    public const int MaxLayers = 1 << 16;

    /// <summary>Reviews per batch: at most 2²⁰.</summary>
    public const int MaxBatch = 1 << 20;
}
