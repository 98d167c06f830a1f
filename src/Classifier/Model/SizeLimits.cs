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

    /// <summary>
    /// The range of a whole-number training option, by its name on the command line without dashes (<c>dim</c>, <c>tokens</c>,
    /// <c>layers</c>, <c>batch</c>, <c>epochs</c>, <c>min-count</c>, <c>limit</c>): the one validation <c>train</c> and
    /// <c>sweep</c> share.
    /// </summary>
    /// <exception cref="ArgumentException">Not a whole-number training option.</exception>
    public static (int Minimum, int Maximum) Range(string name) => name switch
    {
        "dim" => (1, MaxDimension),
        "tokens" => (1, MaxTokens),
        "layers" => (0, MaxLayers),
        "batch" => (1, MaxBatch),
        "epochs" or "min-count" => (1, int.MaxValue),
        "limit" => (10, int.MaxValue),
        _ => throw new ArgumentException($"'{name}' is not a whole-number training option.", nameof(name)),
    };

    /// <summary>What the option <paramref name="name"/> expects, for an out-of-range value <paramref name="found"/>: the same sentence in <c>train</c> and <c>sweep</c>.</summary>
    public static string Expected(string name, string found)
    {
        (int minimum, int maximum) = Range(name);
        return maximum == int.MaxValue
            ? $"--{name} expects a whole number ≥ {minimum} (found '{found}')."
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"--{name} expects a whole number from {minimum} to {maximum:N0} (found '{found}').");
    }
}
