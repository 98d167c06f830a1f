using System.CommandLine;
using HardmaxCore.Train.Commands;

namespace HardmaxCore.Train;

/// <summary>
/// The <c>hardmax</c> tool. Each command lives in one file under <c>Commands/</c> and exposes <c>static Command Create()</c>;
/// adding a command is adding that file and one line to <see cref="CreateRootCommand"/>.
/// </summary>
internal static class Program
{
    /// <summary>Runs the tool on the console.</summary>
    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the tool with the given writers (tests pass StringWriters).</summary>
    /// <returns>The exit code: 0 success, 2 bad input (one line on <paramref name="error"/>).</returns>
    internal static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
        => CommandRunner.Invoke(CreateRootCommand(), args, output, error);

    /// <summary>The root command with every command registered.</summary>
    internal static RootCommand CreateRootCommand() => new("HardmaxCore: pure-attention hardmax transformers ([AFZ]).")
    {
        SimulateCommand.Create(),
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        CompareCommand.Create(),
        PredictCommand.Create(),
        LeadersCommand.Create(),
        LeaderWordsCommand.Create(),
        TrajectoryCommand.Create(),
        ExplainCommand.Create(),
        CurvesCommand.Create(),
        BenchCommand.Create(),
        ExportCommand.Create(),
        ClusterCommand.Create(),
        SweepCommand.Create(),
        SweepReportCommand.Create(),
    };
}
