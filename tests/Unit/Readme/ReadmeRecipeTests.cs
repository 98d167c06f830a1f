using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Readme;

/// <summary>
/// Issue 21: the README's "A model in one minute" recipe, read from README.md itself, run command by command on a tiny
/// synthetic data set; every command must succeed, and what <c>train</c> and <c>evaluate</c> print must have the shape of
/// the outputs the README shows (the blocks marked <c>&lt;!-- readme-recipe-output: train --&gt;</c> and
/// <c>… evaluate --&gt;</c>): the same lines, the same words, numbers anywhere the README has numbers.
/// </summary>
public sealed partial class ReadmeRecipeTests
{
    private const string Section = "### A model in one minute";
    private const string RunFolder = "runs/quick-d16";

    [Fact]
    public void OneMinuteRecipe_RunsOnATinyDataSet_AndPrintsWhatTheReadmeShows()
    {
        string section = RecipeSection();
        string[] commands = [.. ShellBlocks(section).SelectMany(b => b.Split('\n')).Select(StripComment).Where(l => l.StartsWith("hardmax ", StringComparison.Ordinal))];
        Assert.True(commands.Length >= 6, $"the recipe has {commands.Length} commands");
        Assert.StartsWith("hardmax train ", commands[0], StringComparison.Ordinal);

        using var temp = new TempDirectory();
        string csv = SyntheticReviews.WriteCsv(temp.Path, 1000);
        string run = Path.Combine(temp.Path, "quick");
        var outputs = new Dictionary<string, CliResult>();
        foreach (string line in commands)
        {
            List<string> args = [.. Tokens(line).Skip(1).Select(token => token == RunFolder ? run : IsOutputFile(token) ? Path.Combine(temp.Path, token) : token)];
            if (args[0] == "train")
            {
                // The tiny data set, one thread, short reviews and a larger step: seconds instead of a minute, and a
                // model confident enough for leader-words' default --confidence 0.95.
                args.AddRange(["--data", csv, "--threads", "1", "--tokens", "16", "--batch", "16", "--lr", "0.03"]);
            }
            CliResult result = CliHarness.Run([.. args]);
            Assert.True(result.ExitCode == 0, $"'{line}' exited with {result.ExitCode}: {result.Error}");
            outputs.TryAdd(args[0], result);
        }

        foreach (string command in new[] { "train", "evaluate" })
        {
            string[] expected = Shape(OutputBlock(section, command), RunFolder);
            string[] actual = Shape(outputs[command].Output, run);
            Assert.True(expected.SequenceEqual(actual),
                $"the shape of '{command}' differs from the README.\nREADME:\n{string.Join('\n', expected)}\nprinted:\n{string.Join('\n', actual)}");
        }
    }

    [Fact]
    public void Readme_DoesNotHardCodeTestCounts()
    {
        string readme = File.ReadAllText(ReadmePath());
        // "(10 tests fail)" reports a breakage experiment, not the size of the suite.
        Assert.DoesNotMatch(@"\b\d+ (property |unit )?tests\b(?! fail)", readme);
    }

    /// <summary>The lines of an output with numbers (and the undefined mark –) as <c>#</c>, the run folder named as in the README, spaces collapsed.</summary>
    internal static string[] Shape(string text, string runFolder)
        => [.. text.Replace(runFolder, RunFolder, StringComparison.Ordinal).ReplaceLineEndings("\n").Split('\n')
            .Select(l => Spaces().Replace(Number().Replace(l, "#"), " ").Trim())
            .Where(l => l.Length > 0)];

    private static string RecipeSection()
    {
        string readme = File.ReadAllText(ReadmePath());
        int start = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '{Section}'");
        int end = readme.IndexOf("\n### ", start + Section.Length, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    private static IEnumerable<string> ShellBlocks(string section)
        => Fence().Matches(section).Where(m => m.Groups[1].Value is "sh" or "bash").Select(m => m.Groups[2].Value);

    private static string OutputBlock(string section, string command)
    {
        string marker = $"<!-- readme-recipe-output: {command} -->";
        int at = section.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"the recipe has no '{marker}' before a text block");
        Match block = Fence().Match(section, at);
        Assert.True(block.Success && block.Groups[1].Value == "text", $"no text block after '{marker}'");
        return block.Groups[2].Value;
    }

    private static string StripComment(string line) => Comment().Replace(line, "").Trim();

    private static bool IsOutputFile(string token) => OutputFile().IsMatch(token);

    /// <summary>The words of a command line, double quotes grouping.</summary>
    private static IEnumerable<string> Tokens(string line)
    {
        var token = new StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (token.Length > 0)
                {
                    yield return token.ToString();
                    token.Clear();
                }
            }
            else
            {
                token.Append(c);
            }
        }
        if (token.Length > 0)
        {
            yield return token.ToString();
        }
    }

    private static string ReadmePath([CallerFilePath] string source = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "README.md"));

    [GeneratedRegex(@"```(\w*)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"\s+#.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^[\w.-]+\.(png|svg|pdf|csv|html|npy)$|^[\w.-]+/$")]
    private static partial Regex OutputFile();

    [GeneratedRegex(@"–|[-+]?\d[\d,]*(\.\d+)?(e[-+]?\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
