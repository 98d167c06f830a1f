using System.Text.RegularExpressions;
using HardmaxCore.Train.Commands;
using HardmaxCore.UnitTests.TestSupport;

namespace HardmaxCore.UnitTests.Options;

/// <summary>
/// The experiments' request records (issue 18: the rules between a command's options, moved out of the tool) name their
/// properties in their messages; the tool binds each of those properties to a flag, so every such name a message can hold
/// must be in <see cref="FlagNames.Table"/>, or the user would read <c>ClusteringSettings.Outputs</c> instead of <c>--outputs</c>.
/// </summary>
public sealed partial class RequestRecordFlagTests
{
    /// <summary>The records whose messages name their own properties for the tool to rewrite.</summary>
    private static readonly string[] Records =
    [
        "ClusteringSettings", "SimulationRequest", "ExportPaths", "ReviewList", "ReviewSelection", "TrajectoryPictures", "WorkLimit",
        "FigureOverrides", "LeaderWordsSettings",
    ];

    [Fact]
    public void RequestRecords_NamesInMessages_AreAllMappedToFlags()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        string root = Path.Combine(Repository.Root(), "src", "Experiments");
        foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (string line in File.ReadLines(file))
            {
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue; // XML docs name members with cref, not messages
                }
                foreach (Match literal in StringLiteral().Matches(line))
                {
                    foreach (Match name in QualifiedName().Matches(literal.Value))
                    {
                        if (Records.Contains(name.Value.Split('.')[0]))
                        {
                            found.Add(name.Value);
                        }
                    }
                }
            }
        }

        // ClusteringSettings alone names eight of its properties; an empty scan would prove nothing.
        Assert.True(found.Count >= 20, $"only {found.Count} names found: {string.Join(", ", found)}");
        string[] unmapped = [.. found.Where(name => !FlagNames.Table.ContainsKey(name))];
        Assert.True(unmapped.Length == 0, "Names a message can hold that no flag stands for: " + string.Join(", ", unmapped));
    }

    /// <summary>A C# string literal on one line (regular, verbatim or interpolated).</summary>
    [GeneratedRegex("""\$?@?"(?:[^"\\]|\\.)*"|\$?@?"(?:[^"\\]|\\.)*$""")]
    private static partial Regex StringLiteral();

    /// <summary><c>Record.Member</c> as <see cref="FlagNames.Rewrite"/> finds it.</summary>
    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*\.[A-Z]\w*(?![\w(])(?!\.\w)")]
    private static partial Regex QualifiedName();
}
