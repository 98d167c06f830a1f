using System.Globalization;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>
/// What <c>hardmax bench --cluster</c> measures (SPEC §6): identity attention layers on clouds of n points in dimension d
/// drawn from a seeded Gaussian mixture, prototype-heads training steps and k-means on the same mixture.
/// </summary>
/// <param name="Sizes">The cloud sizes n, each in <see cref="MinPoints"/> .. <see cref="MaxPoints"/>, measured in this order.</param>
/// <param name="Dimension">d, the dimension of a point.</param>
/// <param name="Beta">β of identity attention.</param>
/// <param name="Kernel">The identity-attention kernel: dot or gaussian.</param>
/// <param name="Seconds">
/// The time budget: a tenth for the batch score kernel, a tenth for the heads, the rest split equally among the
/// 3 × <see cref="Sizes"/> measurements (one thread, all cores, k-means at each n). Each measurement runs at least once,
/// so a size whose single layer outlasts its share (n = 10⁵ takes tens of seconds) makes the run longer than the budget.
/// </param>
/// <param name="Threads">Threads of the "all cores" measurements of identity attention and of k-means; 0 means all cores.</param>
/// <param name="Seed">Seeds the mixture (its points get a seed derived from it), the heads and k-means.</param>
internal sealed record ClusterBenchSettings(
    IReadOnlyList<int> Sizes, int Dimension, double Beta, IdentityKernel Kernel, double Seconds, int Threads = 0, int Seed = 1)
{
    /// <summary>The fewest points a size may have: k-means needs at least k = <see cref="Components"/> points.</summary>
    public const int MinPoints = Components;

    /// <summary>The most points a size may have: one layer at 10⁶ points costs 100 times one at 10⁵ (hours on one thread).</summary>
    public const int MaxPoints = 1_000_000;

    /// <summary>K, the components of the mixture, and also H (heads) and k (k-means).</summary>
    public const int Components = 4;

    /// <summary>min ‖μ_a − μ_b‖/σ of the mixture (σ = 1).</summary>
    public const double Separation = 4;

    /// <summary>Points per mini-batch of the heads, drawn afresh from the mixture every step (population risk).</summary>
    public const int HeadsBatch = 256;

    /// <summary>λ of the heads (the default of <c>hardmax cluster</c>).</summary>
    public const double HeadsLambda = 2;

    /// <summary>Adam steps per call of <c>PrototypeHeads.Train</c>; the risk is logged only at the first and last step.</summary>
    public const int HeadsStepsPerCall = 200;

    /// <summary>k-means++ restarts per k-means fit (the library default, as scikit-learn).</summary>
    public const int KMeansRestarts = 10;

    /// <summary>n of the batch score kernel measured for comparison (the default of <c>hardmax bench</c>).</summary>
    public const int BatchTokens = 128;

    /// <summary>K, layers per configuration of the batch score kernel (the default of <c>hardmax bench</c>).</summary>
    public const int BatchLayers = 8;

    /// <summary>The default sizes: 10³, 10⁴ and 10⁵.</summary>
    public static IReadOnlyList<int> DefaultSizes { get; } = [1_000, 10_000, 100_000];

    /// <summary>Parses the sizes: whole numbers from <see cref="MinPoints"/> to <see cref="MaxPoints"/> separated by commas (invariant culture).</summary>
    /// <exception cref="ExperimentException">A part is not such a number; the message quotes the whole text.</exception>
    public static int[] ParseSizes(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int index = 0; index < parts.Length; index++)
        {
            if (!int.TryParse(parts[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[index]) || values[index] < MinPoints || values[index] > MaxPoints)
            {
                throw new ExperimentException(string.Create(CultureInfo.InvariantCulture,
                    $"ClusterBenchSettings.Sizes expects whole numbers from {MinPoints} to {MaxPoints:N0} separated by commas, e.g. 1000,10000 (found '{text}')."));
            }
        }
        return values;
    }

    /// <summary>
    /// An upper bound on the bytes the measurements of one size hold at once with <paramref name="threads"/> threads: the
    /// cloud in double (8nd) and its float copies (pristine and working, 8nd), identity attention's copies, keys and
    /// queries (about 12nd + 16n) and each thread's scratch (about 48n), and k-means' copy, labels and distances (8nd + 16n).
    /// </summary>
    public static long BytesFor(long points, long dimension, int threads)
        => (36 * points * dimension) + (32 * points) + (Math.Max(1, threads) * ((48 * points) + (32 * dimension) + 4096));
}
