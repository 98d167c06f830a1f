using System.Globalization;

namespace HardmaxCore.Experiments.Work;

/// <summary>
/// The work budget of a job whose running time the user's numbers decide: an estimate (<see cref="WorkEstimate"/>) above
/// <see cref="WorkEstimate.Budget"/> is refused with the estimate unless <see cref="AllowLong"/>; an accepted long job says so.
/// </summary>
/// <param name="AllowLong">Whether a job above the budget runs anyway.</param>
internal sealed record WorkLimit(bool AllowLong)
{
    /// <summary>Refuses work above the budget unless <see cref="AllowLong"/>.</summary>
    /// <param name="job">The job's name, e.g. "cluster".</param>
    /// <param name="operations">The estimate (<see cref="WorkEstimate"/>).</param>
    /// <param name="what">How the estimate is made, e.g. "n²·d per layer × 30 layers".</param>
    /// <param name="lower">What to lower to fit the budget, e.g. "lower the layers or n".</param>
    /// <returns>Null within the budget; for an accepted long job (whose progress a log should show too), one line saying so.</returns>
    /// <exception cref="ExperimentException">Above the budget without <see cref="AllowLong"/>.</exception>
    public string? Require(string job, double operations, string what, string lower)
    {
        if (!(operations > WorkEstimate.Budget))
        {
            return null;
        }
        string estimate = WorkEstimate.Format(operations), budget = WorkEstimate.Format(WorkEstimate.Budget);
        return this.AllowLong
            ? $"about {estimate} operations ({what}), above the work budget of {budget}; running it as WorkLimit.AllowLong asks."
            : throw new ExperimentException(string.Create(CultureInfo.InvariantCulture,
                $"this {job} would take about {estimate} operations ({what}), above the work budget of {budget} (minutes on a few cores); {lower}, or give WorkLimit.AllowLong to run it anyway."));
    }
}
