using System.CommandLine;
using System.Text;
using HardmaxCore.Experiments.Simulation;
using HardmaxCore.Experiments.Work;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// <c>hardmax simulate</c>: runs the hardmax dynamics (SPEC §1.2) on one configuration, from a JSON file or a built-in
/// example of [AFZ] Figure 2, and reports the final tokens, leaders and clusters as JSON.
/// </summary>
/// <remarks>
/// <code>
/// hardmax simulate (--input FILE.json | --example square|square-nonleader|triangle|emerging)
///                  [--steps K | --until-converged] [--tol X] [--max-steps N]
///                  [--precision double|float] [--trajectory] [--out FILE.json] [--plot FILE.png|FILE.svg] [--scale S | --dpi D]
/// hardmax simulate --figure2 --out FILE.png|FILE.svg [--scale S | --dpi D]
/// </code>
/// <c>--plot</c> draws the run (d = 2) with <see cref="SimulationFigures.Trajectory"/>; <c>--figure2</c> draws [AFZ]
/// Figure 2 from the four built-in examples (<see cref="SimulationFigures.Figure2"/>) and needs no input.
/// Without <c>--steps</c> it runs until converged (SPEC §1.5), at most <c>--max-steps</c> layers (default 10000).
/// <c>--tol</c> defaults to 1e-12 in double and 1e-6 in float; it is the stopping rule's tolerance and sets the
/// clustering tolerance (see <see cref="LimitPoints.Radius{T}"/>). The JSON goes to stdout, or atomically to
/// <c>--out</c>; a one-line summary goes to stderr.
/// </remarks>
internal static class SimulateCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    public static Command Create()
    {
        var input = new Option<string?>("--input", "-i")
        {
            Description = "The configuration: a JSON file {\"alpha\": 0.5, \"A\": [[...]] (optional, default I), \"tieTolerance\": 0 (optional), \"tokens\": [[x1, ..., xd], ...]}.",
            HelpName = "FILE.json",
        };
        var example = new Option<string?>("--example")
        {
            Description = "A built-in configuration of [AFZ] Figure 2 (α = 0.5) instead of --input.",
        };
        example.AcceptOnlyFromAmong([.. BuiltInExamples.Names]);
        Option<int?> steps = CliOptions.Integer("--steps", "Run exactly K layers (default: run until converged).", minimum: 0);
        var untilConverged = new Option<bool>("--until-converged")
        {
            Description = "Run until max_i ‖z_i^{k+1} − z_i^k‖∞ ≤ tol·(1 + max_i ‖z_i^k‖∞) (the default).",
        };
        Option<double?> tolerance = CliOptions.Positive("--tol", "The convergence tolerance tol (default 1e-12 in double, 1e-6 in float); also sets the clustering tolerance.");
        Option<int?> maxSteps = CliOptions.Integer("--max-steps", $"The step cap when running until converged (default {SimulationSettings.DefaultMaxSteps}).", minimum: 0);
        var precision = new Option<string>("--precision")
        {
            Description = "The precision of the dynamics.",
            DefaultValueFactory = _ => "double",
        };
        precision.AcceptOnlyFromAmong("double", "float");
        var trajectory = new Option<bool>("--trajectory") { Description = "Also output every layer, layer 0 first." };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Write the JSON to this file (atomically) instead of stdout.",
            HelpName = "FILE.json",
        };
        var plot = new Option<string?>("--plot") { Description = "Also draw the run (d = 2): paths, final leaders as stars, final polytope; .png, .svg or .pdf.", HelpName = "FILE.png|FILE.svg|FILE.pdf" };
        var figure2 = new Option<bool>("--figure2") { Description = "Draw [AFZ] Figure 2 (the four examples at layers 0, 1, 2, 5, 30) to --out FILE.png, FILE.svg or FILE.pdf; no input needed." };
        Option<bool> allowLong = WorkBudget.AllowLongOption();
        var command = new Command("simulate", "Run the hardmax dynamics on one configuration and report its leaders and clusters as JSON.")
        {
            input, example, steps, untilConverged, tolerance, maxSteps, precision, trajectory, output, plot, figure2, allowLong,
        };
        Plotting.FigureOptions figure = Plotting.FigureOptions.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Execute(parseResult, context =>
        {
            ParseResult p = context.ParseResult;
            var request = new SimulationRequest
            {
                Input = p.GetValue(input), Example = p.GetValue(example), Steps = p.GetValue(steps), UntilConverged = p.GetValue(untilConverged), Tolerance = p.GetValue(tolerance),
                MaxSteps = p.GetValue(maxSteps), Precision = p.GetValue(precision)!, Trajectory = p.GetValue(trajectory), Output = p.GetValue(output), Plot = p.GetValue(plot), Figure2 = p.GetValue(figure2),
            };
            if (request.Figure2)
            {
                FigurePage figurePage = figure.Page(p, FigureSize.Figure2);
                request.Validate();
                AtomicFile.WriteAllBytes(request.Output!, SimulationFigures.Figure2(figurePage, FigureComposer.RequireFormat(request.Output!)));
                context.Error.WriteLine($"{CommandRunner.ToolName} simulate: wrote [AFZ] Figure 2 (4 examples × layers {string.Join(", ", SimulationFigures.Figure2Layers)}) to {request.Output}.");
                return ExitCodes.Success;
            }
            request.Validate();
            SimulationSettings settings = request.Settings();
            SimulationProblem problem = request.Load();
            bool longJob = WorkBudget.Require(context, WorkEstimate.Simulation(problem.Tokens, problem.Dimension, settings.Steps ?? settings.MaxSteps),
                settings.Steps is null ? $"n²·d per layer, up to the cap of {settings.MaxSteps} layers" : $"n²·d per layer × {settings.Steps} layers",
                p.GetValue(allowLong), settings.Steps is null ? "lower --max-steps or the tokens" : "lower --steps or the tokens");
            request.RequirePlot(problem);
            var outputs = new SimulationOutputs(request.Output, request.Plot, figure.Page(p, FigureSize.Trajectory), request.Trajectory);
            SimulationReport report;
            using (LiveDisplay display = LiveDisplay.For(context, context.Error))
            {
                Interruption.Current.Display = display;
                report = SimulationRequest.Run(problem, settings, outputs, display, longJob, Interruption.Current.Saved);
            }
            if (outputs.JsonPath is null)
            {
                context.Output.Write(Encoding.UTF8.GetString(report.Json));
                context.Output.Flush();
            }
            context.Error.WriteLine($"{CommandRunner.ToolName} simulate: {FlagNames.Rewrite(report.Summary)}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
