using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text.Json;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments;
using HardmaxCore.Experiments.Runs;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// The one place where command lines are parsed and command bodies run: a parse error or a known bad-input exception
/// becomes one line on stderr and exit code <see cref="ExitCodes.BadInput"/>, never a stack trace.
/// </summary>
/// <remarks>
/// A command wires its body as
/// <code>
/// command.SetAction(parseResult => CommandRunner.Execute(parseResult, context => Run(context, ...)));
/// </code>
/// Known bad input: <see cref="CliException"/>, <see cref="ExperimentException"/>, <see cref="ArgumentException"/> (the Core's validation),
/// <see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>, <see cref="JsonException"/> and
/// <see cref="DatasetException"/> and <see cref="ClusteringDataException"/>. Anything else is a bug and keeps its stack trace.
/// </remarks>
internal static class CommandRunner
{
    /// <summary>The tool's name in messages (the root command's own name is the host's, e.g. testhost, in tests).</summary>
    public const string ToolName = "hardmax";

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the chosen command.</summary>
    /// <returns>The exit code: the command's, or <see cref="ExitCodes.BadInput"/> on a parse error.</returns>
    public static int Invoke(RootCommand root, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ParseResult parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction && parseResult.Errors.Count > 0)
        {
            Command command = parseResult.CommandResult.Command;
            string name = command == root ? ToolName : $"{ToolName} {command.Name}";
            string messages = string.Join(" ", parseResult.Errors.Select(e => Sentence(OneLine(e.Message))).Distinct());
            string hint = string.Join(" ", parseResult.UnmatchedTokens
                .Select(token => (Token: token, Nearest: Nearest(token, command)))
                .Where(t => t.Nearest is not null)
                .Select(t => $"Did you mean '{t.Nearest}' for '{t.Token}'?")
                .Distinct());
            error.WriteLine(TerminalText.Escape($"{name}: error: {messages}{(hint.Length == 0 ? "" : " " + hint)} Run '{name} --help' for usage."));
            return ExitCodes.BadInput;
        }
        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>
    /// The option (or subcommand) of <paramref name="command"/> nearest to a mistyped <paramref name="token"/>
    /// (<see cref="Spelling.Nearest"/>: edit distance at most 2, and at most a third of the name); null when none is close.
    /// </summary>
    internal static string? Nearest(string token, Command command)
    {
        string typed = token.Split('=', 2)[0];
        IEnumerable<string> names = typed.StartsWith('-')
            ? command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
        return Spelling.Nearest(typed, names, commandName: !typed.StartsWith('-'));
    }

    /// <summary>Runs a command body with the invocation's writers, mapping known bad input to one stderr line and exit 2.</summary>
    public static int Execute(ParseResult parseResult, Func<CommandContext, int> body)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        TextWriter error = parseResult.InvocationConfiguration.Error;
        // Ctrl+C and SIGTERM: by default one line saying nothing was saved; long commands choose more (Interruption).
        bool console = ReferenceEquals(output, Console.Out) && ReferenceEquals(error, Console.Error);
        using Interruption interruption = Interruption.Install(parseResult.CommandResult.Command.Name, error, listen: console);
        try
        {
            return body(new CommandContext(parseResult, output, error));
        }
        catch (Exception e) when (IsBadInput(e))
        {
            error.WriteLine($"{ToolName} {parseResult.CommandResult.Command.Name}: error: {TerminalText.Escape(Describe(e))}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>Whether an exception means bad input rather than a bug.</summary>
    internal static bool IsBadInput(Exception e)
        => e is CliException or ExperimentException or ClassifierException or ClusteringDataException or ArgumentException or IOException or UnauthorizedAccessException or JsonException;

    /// <summary>
    /// The message of an exception on one line, without the <c>(Parameter 'x')</c> and <c>Actual value was …</c> suffixes
    /// that <see cref="ArgumentException"/> and <see cref="ArgumentOutOfRangeException"/> append, and with the libraries'
    /// property names replaced by the flags that set them (<see cref="FlagNames"/>).
    /// </summary>
    internal static string Describe(Exception e)
    {
        if (e is RunFolderOccupiedException occupied)
        {
            // The library names its own calls; the tool's user continues or replaces a run with flags.
            return OneLine($"'{occupied.Folder}' already holds a training run ({occupied.Run}); continue it with --resume {occupied.Folder}, replace it with --force, or give another --out folder.");
        }
        // A damaged file's message names what the file holds, not a flag the user gave.
        return e is ModelFileException ? Messages.Plain(e) : FlagNames.Rewrite(Messages.Plain(e));
    }

    /// <summary>Collapses every run of whitespace (newlines, tabs) to one space (<see cref="Messages.OneLine"/>).</summary>
    internal static string OneLine(string text) => Messages.OneLine(text);

    /// <summary>The text with a full stop at the end.</summary>
    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";
}
