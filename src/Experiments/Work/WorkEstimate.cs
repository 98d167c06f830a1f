using System.Globalization;
using HardmaxCore.Clustering;

namespace HardmaxCore.Experiments.Work;

/// <summary>
/// The work of the jobs whose running time the user's numbers decide (clustering, simulation, benchmarks), estimated
/// before they start in elementary operations: one coordinate of one pair (a multiply-add, or its share of a kernel
/// evaluation). A job above <see cref="Budget"/> is refused by the tool unless the user accepts a long job.
/// </summary>
/// <remarks>
/// 10¹² operations take a few minutes on the cores of a laptop (the quantizer's pair kernel runs at about 10⁹–10¹⁰
/// pair-coordinates per second per core); the budget is there to catch a typo (an n or a layer count 1,000× too large),
/// not to forbid big jobs.
/// </remarks>
internal static class WorkEstimate
{
    /// <summary>The budget: 10¹² operations.</summary>
    public const double Budget = 1e12;

    /// <summary>The quantizer: n²·(d + 4) per layer (the pair kernel and its weight), times the layers (the cap when run until converged).</summary>
    public static double Quantizer(long n, int d, long layers) => (double)n * n * (d + 4) * Math.Max(1, layers);

    /// <summary>Prototype heads: steps × batch × H × d (the gradient), plus the logged risk over all n points about 200 times.</summary>
    public static double Heads(long n, int d, PrototypeHeadsOptions options, bool population)
    {
        long batch = population || n > options.BatchSize ? options.BatchSize : n;
        double logs = options.LogEvery > 0 ? (double)options.Steps / options.LogEvery : Math.Min(options.Steps, 200);
        return ((double)options.Steps * batch + logs * n) * options.Heads * (d + 2);
    }

    /// <summary>k-means: restarts × iterations × n·k·d (the assignment step, the worst case of every iteration run).</summary>
    public static double KMeans(long n, int d, KMeansOptions options) => (double)options.Restarts * options.MaxIterations * n * options.Clusters * d;

    /// <summary>Drawing K separated means: K²·d/2 per pass over the pairs (a few passes).</summary>
    public static double Means(long components, int d) => 2.0 * components * components * d;

    /// <summary>A simulation: n²·d per layer (scores and the leader search), times the layers (the cap when run until converged).</summary>
    public static double Simulation(long n, int d, long layers) => (double)n * n * d * Math.Max(1, layers);

    /// <summary>The dynamics benchmark: one call of each of the three measurements, batch × layers × n²·d each.</summary>
    public static double Bench(long batch, long layers, long n, int d) => 3.0 * batch * layers * n * n * d;

    /// <summary>A count of operations as 3.2e13.</summary>
    public static string Format(double operations) => operations.ToString("0.#e0", CultureInfo.InvariantCulture);
}
