using System.CommandLine;
using HardmaxCore.Train;
using HardmaxCore.Train.Commands;

namespace HardmaxCore.UnitTests.Cli;

/// <summary>The shared command runner: one-line messages, exit codes, and bugs kept distinct from bad input.</summary>
public sealed class CommandRunnerTests
{
    [Fact]
    public void CommandRunner_Describe_ArgumentOutOfRange_OneLineWithoutSuffixes()
    {
        var e = new ArgumentOutOfRangeException("alpha", -1.0, "α must be positive and finite (found -1).");

        Assert.Equal("α must be positive and finite (found -1).", CommandRunner.Describe(e));
    }

    [Fact]
    public void CommandRunner_Describe_ArgumentException_DropsParameterName()
    {
        var e = new ArgumentException("The key–query matrix A must be symmetric.", "keyQuery");

        Assert.Equal("The key–query matrix A must be symmetric.", CommandRunner.Describe(e));
    }

    [Fact]
    public void CommandRunner_OneLine_CollapsesNewlinesAndTabs()
        => Assert.Equal("a b c", CommandRunner.OneLine("a\n\tb\r\n  c\n"));

    [Theory]
    [InlineData(typeof(CliException))]
    [InlineData(typeof(ModelFileException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(IOException))]
    [InlineData(typeof(FileNotFoundException))]
    [InlineData(typeof(UnauthorizedAccessException))]
    [InlineData(typeof(System.Text.Json.JsonException))]
    [InlineData(typeof(DatasetException))]
    public void CommandRunner_Execute_KnownBadInput_ExitsTwoWithOneLine(Type type)
    {
        var exception = (Exception)Activator.CreateInstance(type, "something was wrong\nwith the input")!;
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = InvokeThrowing(exception, output, error);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("hardmax probe: error: something was wrong with the input" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void CommandRunner_Execute_Bug_IsNotReportedAsBadInput()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = InvokeThrowing(new InvalidOperationException("a bug"), output, error);

        // System.CommandLine's default handler reports it with its stack trace and exit code 1: a bug stays visible.
        Assert.NotEqual(ExitCodes.BadInput, code);
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("InvalidOperationException", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Program_Run_Help_ExitsZeroAndListsSimulate()
    {
        CliResult result = CliHarness.Run("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("simulate", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Program_Run_SimulateHelp_ListsEveryOption()
    {
        CliResult result = CliHarness.Run("simulate", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (string option in new[] { "--input", "--example", "--steps", "--until-converged", "--tol", "--max-steps", "--precision", "--trajectory", "--out" })
        {
            Assert.Contains(option, result.Output, StringComparison.Ordinal);
        }
        Assert.Contains("square-nonleader", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Program_CreateRootCommand_RegistersSimulate()
        => Assert.Contains(Program.CreateRootCommand().Subcommands, c => c.Name == "simulate");

    private static int InvokeThrowing(Exception exception, TextWriter output, TextWriter error)
    {
        var probe = new Command("probe");
        probe.SetAction(parseResult => CommandRunner.Execute(parseResult, _ => throw exception));
        var root = new RootCommand { probe };
        return CommandRunner.Invoke(root, ["probe"], output, error);
    }
}
