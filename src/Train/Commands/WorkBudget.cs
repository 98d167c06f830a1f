using System.CommandLine;
using System.Globalization;
using HardmaxCore.Clustering;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// The work budget of the commands whose running time the user's numbers decide (<c>cluster</c>, <c>simulate</c>,
/// <c>bench</c>): the work is estimated before it starts, in elementary operations (one coordinate of one pair: a
/// multiply-add, or its share of a kernel evaluation), and a job above <see cref="Operations"/> is refused with the
/// estimate unless <c>--allow-long</c> is given. An accepted long job says so and shows progress with an ETA where the
/// command has a progress display (and, without a terminal, a line per tenth of the work where the command counts it).
/// </summary>
/// <remarks>
/// 10¹² operations take a few minutes on the cores of a laptop (the quantizer's pair kernel runs at about 10⁹–10¹⁰
/// pair-coordinates per second per core); the budget is there to catch a typo (an n or a layer count 1,000× too large),
/// not to forbid big jobs.
/// <code>
/// WorkBudget.Require(context, WorkBudget.Simulation(n, d, layers), "n²·d per layer × 10,000 layers", allowLong, "lower --max-steps or the tokens");
/// </code>
/// </remarks>
internal static class WorkBudget
{
    /// <summary>The budget: 10¹² operations.</summary>
    public const double Operations = 1e12;

    /// <summary>The flag that accepts a job above the budget.</summary>
    public static Option<bool> AllowLongOption() => new("--allow-long")
    {
        Description = "Run even when the estimated work is above the budget of 10^12 operations (minutes on a few cores); without it such a job is refused with the estimate.",
    };

    /// <summary>
    /// Refuses work above the budget unless <paramref name="allowLong"/>; an accepted long job gets a note on stderr.
    /// </summary>
    /// <param name="context">The command (its name and stderr).</param>
    /// <param name="operations">The estimate (see the estimators below).</param>
    /// <param name="what">How the estimate is made, e.g. "n²·d per layer × 30 layers".</param>
    /// <param name="allowLong">Whether --allow-long was given.</param>
    /// <param name="lower">What to lower to fit the budget, e.g. "lower --layers or n".</param>
    /// <returns>Whether the job is above the budget (and accepted by --allow-long): a long job, whose progress a log should show too.</returns>
    /// <exception cref="CliException">Above the budget without --allow-long.</exception>
    public static bool Require(CommandContext context, double operations, string what, bool allowLong, string lower)
    {
        if (!(operations > Operations))
        {
            return false;
        }
        string name = context.ParseResult.CommandResult.Command.Name;
        if (!allowLong)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"this {name} would take about {Format(operations)} operations ({what}), above the work budget of {Format(Operations)} (minutes on a few cores); {lower}, or give --allow-long to run it anyway."));
        }
        context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{CommandRunner.ToolName} {name}: about {Format(operations)} operations ({what}), above the work budget of {Format(Operations)}; running it as --allow-long asks."));
        return true;
    }

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

    /// <summary>simulate: n²·d per layer (scores and the leader search), times the layers (the cap when run until converged).</summary>
    public static double Simulation(long n, int d, long layers) => (double)n * n * d * Math.Max(1, layers);

    /// <summary>bench: one call of each of the three measurements, batch × layers × n²·d each.</summary>
    public static double Bench(long batch, long layers, long n, int d) => 3.0 * batch * layers * n * n * d;

    /// <summary>A count of operations as 3.2e13.</summary>
    internal static string Format(double operations) => operations.ToString("0.#e0", CultureInfo.InvariantCulture);
}
