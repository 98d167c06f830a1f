using System.Text.RegularExpressions;
using HardmaxCore.UnitTests.TestSupport;

namespace HardmaxCore.UnitTests.Options;

/// <summary>
/// The libraries speak in properties, never in the tool's flags (issue 18): no string literal in src/Core, src/Reference,
/// src/Classifier or src/Clustering holds a command-line flag (<c>--name</c>, or one built as <c>$"--{name}"</c>); the tool
/// maps property names to its flags (FlagNames) and its own exceptions (RunFolderOccupiedException) to its wording. The
/// experiments follow the same rule, as <see cref="ExperimentException"/> states for every experiments message: their sweeps
/// and runs, and the request records of the other commands (src/Experiments/Clustering, Simulation, Work, Export, …, where
/// the rules between a command's options moved); the experiments' rendered reports (a bench report's
/// <c>hardmax bench --train</c> header, an explain page's footer) may name the tool's command lines and are not scanned.
/// </summary>
public sealed partial class LibraryFlagFreeTests
{
    [Theory]
    [InlineData("src/Core")]
    [InlineData("src/Reference")]
    [InlineData("src/Classifier")]
    [InlineData("src/Clustering")]
    [InlineData("src/Experiments/Runs")]
    [InlineData("src/Experiments/Clustering")]
    [InlineData("src/Experiments/Simulation")]
    [InlineData("src/Experiments/Work")]
    [InlineData("src/Experiments/Export")]
    [InlineData("src/Experiments/Evaluation")]
    [InlineData("src/Experiments/Plotting")]
    [InlineData("src/Experiments/Text")]
    [InlineData("src/Experiments/Data")]
    public void LibraryStrings_NameNoFlag(string library)
    {
        string root = Path.Combine(Repository.Root(), library);
        var found = new List<string>();
        foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal))
                {
                    continue; // comments and XML docs may describe the tool
                }
                foreach (Match literal in StringLiteral().Matches(code))
                {
                    if (Flag().IsMatch(literal.Value))
                    {
                        found.Add($"{Path.GetRelativePath(Repository.Root(), file)}:{i + 1}: {literal.Value}");
                    }
                }
            }
        }
        Assert.True(found.Count == 0, "Library strings that name a flag:\n" + string.Join("\n", found));
    }

    /// <summary>A C# string literal on one line (regular, verbatim or interpolated).</summary>
    [GeneratedRegex("""\$?@?"(?:[^"\\]|\\.)*"|\$?@?"(?:[^"\\]|\\.)*$""")]
    private static partial Regex StringLiteral();

    /// <summary>
    /// A flag: two hyphens and a lower-case letter, or a flag being built (<c>$"--{name}"</c>, <c>"--" + name</c>), not inside
    /// a longer word.
    /// </summary>
    [GeneratedRegex(@"(?<![\w-])--[a-z{""]")]
    private static partial Regex Flag();
}
