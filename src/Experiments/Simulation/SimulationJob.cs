using System.Globalization;
using System.Numerics;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Clustering;
using HardmaxCore.Experiments.Plotting;

namespace HardmaxCore.Experiments.Simulation;

/// <summary>Where a simulation writes its results.</summary>
/// <param name="JsonPath">The JSON file (written atomically), or null to only return the JSON.</param>
/// <param name="PlotPath">A trajectory figure (d = 2; .png, .svg or .pdf), or null for none.</param>
/// <param name="PlotPage">The page of the figure.</param>
/// <param name="KeepTrajectory">Whether the JSON keeps the trajectory recorded for the figure.</param>
internal sealed record SimulationOutputs(string? JsonPath, string? PlotPath, FigurePage PlotPage, bool KeepTrajectory);

/// <summary>What a simulation produced.</summary>
/// <param name="Json">The JSON of the run (<see cref="SimulationOutput"/>), UTF-8.</param>
/// <param name="Summary">One line for a human: what ran, whether it converged, how many clusters and leaders, the files written.</param>
internal sealed record SimulationReport(byte[] Json, string Summary);

/// <summary>
/// One simulation from start to files: runs the dynamics once in the precision of the settings (<see cref="Simulator"/>),
/// draws the trajectory figure when asked, and writes the JSON, as <c>hardmax simulate</c> does.
/// </summary>
internal static class SimulationJob
{
    /// <summary>Runs <paramref name="problem"/> and writes what <paramref name="outputs"/> ask for.</summary>
    /// <param name="problem">The configuration.</param>
    /// <param name="settings">Steps or the stopping rule, precision, trajectory.</param>
    /// <param name="outputs">The files to write.</param>
    /// <param name="progress">Gets the layers run so far, or null.</param>
    /// <param name="saved">Gets each file once it is written, or null.</param>
    /// <exception cref="ExperimentException">Bad input (see <see cref="Simulator.Run{T}"/> and <see cref="SimulationFigures.Trajectory{T}"/>).</exception>
    public static SimulationReport Run(
        SimulationProblem problem, SimulationSettings settings, SimulationOutputs outputs, Action<int>? progress = null, Action<string>? saved = null)
        => settings.Precision == Precision.Float
            ? Run<float>(problem, settings, outputs, progress, saved)
            : Run<double>(problem, settings, outputs, progress, saved);

    private static SimulationReport Run<T>(
        SimulationProblem problem, SimulationSettings settings, SimulationOutputs outputs, Action<int>? progress, Action<string>? saved)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var provenance = Provenance.Start(1);
        SimulationResult<T> result = Simulator.Run<T>(problem, settings, progress);
        if (outputs.PlotPath is string plotPath)
        {
            AtomicFile.WriteAllBytes(plotPath, FigureComposer.Compose(SimulationFigures.Trajectory(problem, result), 1000, outputs.PlotPage, FigureComposer.RequireFormat(plotPath)));
            saved?.Invoke(plotPath);
            result = outputs.KeepTrajectory ? result : result with { Trajectory = null };
        }
        byte[] json = SimulationOutput.ToUtf8(result, provenance.Finish().ToJson());
        if (outputs.JsonPath is string jsonPath)
        {
            AtomicFile.WriteAllBytes(jsonPath, json);
            saved?.Invoke(jsonPath);
        }
        return new SimulationReport(json, Summary(problem, settings, result, outputs.JsonPath, outputs.PlotPath));
    }

    /// <summary>The first ten indices in brackets, then "…" and how many more: a summary line stays one line for any n.</summary>
    internal static string Indices(IReadOnlyList<int> indices)
    {
        const int shown = 10;
        return indices.Count <= shown
            ? $"[{string.Join(", ", indices)}]"
            : $"[{string.Join(", ", indices.Take(shown))}, … ({indices.Count - shown} more)]";
    }

    /// <summary>One line for a human: what ran, whether it converged, how many clusters and leaders.</summary>
    internal static string Summary<T>(SimulationProblem problem, SimulationSettings settings, SimulationResult<T> result, string? outputPath, string? plotPath = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
        static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        string run = settings.Steps is null
            ? result.Converged
                ? $"converged after {Count(result.Steps, "step")} (tol {Format(settings.Tolerance)})"
                : $"NOT converged after {Count(result.Steps, "step")} (tol {Format(settings.Tolerance)}; raise SimulationSettings.MaxSteps)"
            : $"ran {Count(result.Steps, "step")} ({(result.Converged ? "converged" : "not converged")}, tol {Format(settings.Tolerance)})";
        string precision = settings.Precision == Precision.Float ? "float" : "double";
        string[] files = new[] { outputPath, plotPath }.OfType<string>().ToArray();
        string written = files.Length == 0 ? "" : $"; wrote {string.Join(" and ", files)}";
        return $"{problem.Source} (n = {problem.Tokens}, d = {problem.Dimension}, " +
            $"α = {Format(problem.Alpha)}, {precision}): {run}; {Count(result.Clusters.Length, "cluster")} " +
            $"(within {result.ClusterTolerance.ToString("0.##e+0", c)}), {Count(result.Leaders.Length, "leader")} {Indices(result.Leaders)}{written}.";
    }
}
