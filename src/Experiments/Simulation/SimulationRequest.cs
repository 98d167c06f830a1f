using System.Diagnostics;
using PrecisionKind = HardmaxCore.Precision;
using HardmaxCore.Experiments.Text;
using HardmaxCore.Experiments.Work;

namespace HardmaxCore.Experiments.Simulation;

/// <summary>
/// A simulation as a user asks for it (null = absent): the configuration (a file or a built-in example), the stopping
/// rule, the precision and the outputs, checked together (<see cref="Validate"/>) and turned into
/// <see cref="SimulationSettings"/> (<see cref="Settings"/>). Its messages name these properties and the settings'; the tool
/// shows its flags instead.
/// </summary>
/// <remarks>
/// <code>
/// var request = new SimulationRequest { Example = "square", Steps = 5 };
/// request.Validate();                                     // the rules between the values, before any work
/// SimulationProblem problem = request.Load();
/// request.RequirePlot(problem);                           // a plot needs d = 2, a figure extension and its folder
/// SimulationReport report = SimulationJob.Run(problem, request.Settings(), outputs);
/// </code>
/// </remarks>
internal sealed record SimulationRequest
{
    /// <summary>The configuration's JSON file (<see cref="SimulationInput.Load"/>), or null.</summary>
    public string? Input { get; init; }

    /// <summary>A built-in example's name (<see cref="BuiltInExamples.Names"/>), or null.</summary>
    public string? Example { get; init; }

    /// <summary>Exactly this many layers (<see cref="SimulationSettings.Steps"/>), or null to run until converged.</summary>
    public int? Steps { get; init; }

    /// <summary>Whether running until converged was asked for explicitly (the default; excludes <see cref="Steps"/>).</summary>
    public bool UntilConverged { get; init; }

    /// <summary>The tolerance (null = <see cref="SimulationSettings.DefaultTolerance"/> of the precision).</summary>
    public double? Tolerance { get; init; }

    /// <summary>The step cap when running until converged (null = <see cref="SimulationSettings.DefaultMaxSteps"/>).</summary>
    public int? MaxSteps { get; init; }

    /// <summary>double or float.</summary>
    public string Precision { get; init; } = "double";

    /// <summary>Whether the JSON keeps every layer.</summary>
    public bool Trajectory { get; init; }

    /// <summary>The JSON file, or with <see cref="Figure2"/> the figure; null for none.</summary>
    public string? Output { get; init; }

    /// <summary>The run's figure (d = 2; .png, .svg or .pdf), or null.</summary>
    public string? Plot { get; init; }

    /// <summary>Whether to draw [AFZ] Figure 2 from the built-in examples to <see cref="Output"/> instead of simulating.</summary>
    public bool Figure2 { get; init; }

    /// <summary>
    /// Checks the rules between the values, before any work. With <see cref="Figure2"/>: <see cref="Output"/> alone, a figure
    /// in an existing folder. Else: <see cref="Steps"/> excludes <see cref="UntilConverged"/> and <see cref="MaxSteps"/>, and
    /// exactly one of <see cref="Input"/> and <see cref="Example"/>.
    /// </summary>
    /// <exception cref="ExperimentException">A rule is broken; the message names the properties.</exception>
    public void Validate()
    {
        if (this.Figure2)
        {
            if (this.Output is null || this.Input is not null || this.Example is not null || this.Plot is not null)
            {
                throw new ExperimentException("SimulationRequest.Figure2 draws the four built-in examples: give only SimulationRequest.Output FILE.png, FILE.svg or FILE.pdf (no SimulationRequest.Input, SimulationRequest.Example or SimulationRequest.Plot).");
            }
            OutputFiles.RequireFigure(this.Output, "SimulationRequest.Output");
            return;
        }
        if (this.Steps is not null && this.UntilConverged)
        {
            throw new ExperimentException("SimulationSettings.Steps and SimulationRequest.UntilConverged exclude each other; give one (without SimulationSettings.Steps it runs until converged).");
        }
        if (this.Steps is not null && this.MaxSteps is not null)
        {
            throw new ExperimentException("SimulationSettings.MaxSteps applies only when running until converged; drop it or drop SimulationSettings.Steps.");
        }
        if ((this.Input is null) == (this.Example is null))
        {
            throw new ExperimentException(this.Input is null
                ? $"give the configuration with SimulationRequest.Input FILE.json or SimulationRequest.Example {string.Join("|", BuiltInExamples.Names)}."
                : "SimulationRequest.Input and SimulationRequest.Example exclude each other; give one.");
        }
    }

    /// <summary>The settings: the values given, the defaults of the precision otherwise; the trajectory is recorded for a plot too.</summary>
    public SimulationSettings Settings()
    {
        PrecisionKind precision = this.Precision == "float" ? PrecisionKind.Float : PrecisionKind.Double;
        return new SimulationSettings(this.Steps, this.Tolerance ?? SimulationSettings.DefaultTolerance(precision), this.MaxSteps ?? SimulationSettings.DefaultMaxSteps,
            precision, this.Trajectory || this.Plot is not null);
    }

    /// <summary>The configuration: <see cref="Input"/>'s file or the built-in <see cref="Example"/>.</summary>
    /// <exception cref="ExperimentException">The file is missing or malformed.</exception>
    public SimulationProblem Load() => this.Input is not null ? SimulationInput.Load(this.Input) : BuiltInExamples.Get(this.Example!);

    /// <summary>Checks a <see cref="Plot"/> against the configuration before any work: d = 2, a figure's extension, an existing folder.</summary>
    /// <exception cref="ExperimentException">A rule is broken.</exception>
    public void RequirePlot(SimulationProblem problem)
    {
        if (this.Plot is not null && problem.Dimension != 2)
        {
            throw new ExperimentException($"SimulationRequest.Plot draws 2-D configurations; {problem.Source} has d = {problem.Dimension}. Drop SimulationRequest.Plot.");
        }
        if (this.Plot is not null)
        {
            OutputFiles.RequireFigure(this.Plot, "SimulationRequest.Plot");
        }
    }

    /// <summary>
    /// Runs the simulation (<see cref="SimulationJob.Run"/>) with its layers as a progress line on a live
    /// <paramref name="display"/>, with the time elapsed and left (<see cref="LiveDisplay.Timed"/>; "≤" when running until
    /// converged, since the cap is an upper bound); without one nothing is drawn, but a <paramref name="longJob"/> (above the
    /// work budget) logs a whole line per tenth of the layers.
    /// </summary>
    public static SimulationReport Run(SimulationProblem problem, SimulationSettings settings, SimulationOutputs outputs, LiveDisplay display, bool longJob, Action<string>? saved)
    {
        long start = Stopwatch.GetTimestamp();
        int planned = settings.Steps ?? settings.MaxSteps;
        Action<int>? progress = display.IsLive || longJob
            ? done => display.Timed("simulate: layers", done, planned, start, upperBound: settings.Steps is null, logWithout: longJob)
            : null;
        return SimulationJob.Run(problem, settings, outputs, progress, saved);
    }
}
