using System.CommandLine;
using HardmaxCore.Experiments.Work;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>--allow-long</c> of the commands whose running time the user's numbers decide (<c>cluster</c>, <c>simulate</c>,
/// <c>bench</c>), binding <see cref="WorkLimit"/>: a job whose estimate (<see cref="WorkEstimate"/>) is above
/// <see cref="WorkEstimate.Budget"/> is refused with the estimate unless <c>--allow-long</c> is given; an accepted long job says so.
/// </summary>
internal static class WorkBudget
{
    /// <summary>The flag that accepts a job above the budget.</summary>
    public static Option<bool> AllowLongOption() => new("--allow-long")
    {
        Description = "Run even when the estimated work is above the budget of 10^12 operations (minutes on a few cores); without it such a job is refused with the estimate.",
    };

    /// <summary>Refuses work above the budget unless <paramref name="allowLong"/> (<see cref="WorkLimit.Require"/>); an accepted long job gets a note on stderr.</summary>
    /// <param name="context">The command (its name and stderr).</param>
    /// <param name="operations">The estimate (<see cref="WorkEstimate"/>).</param>
    /// <param name="what">How the estimate is made, e.g. "n²·d per layer × 30 layers".</param>
    /// <param name="allowLong">Whether --allow-long was given.</param>
    /// <param name="lower">What to lower to fit the budget, e.g. "lower --layers or n".</param>
    /// <returns>Whether the job is above the budget (and accepted by --allow-long): a long job, whose progress a log should show too.</returns>
    /// <exception cref="ExperimentException">Above the budget without --allow-long.</exception>
    public static bool Require(CommandContext context, double operations, string what, bool allowLong, string lower)
    {
        string name = context.ParseResult.CommandResult.Command.Name;
        if (new WorkLimit(allowLong).Require(name, operations, what, lower) is not string note)
        {
            return false;
        }
        context.Error.WriteLine($"{CommandRunner.ToolName} {name}: {FlagNames.Rewrite(note)}");
        return true;
    }
}
