using System.Text.RegularExpressions;

namespace HardmaxCore.UnitTests.Cli;

/// <summary>
/// The messages of the code that moved from the tool to the experiments layer (issue 18) name properties
/// (<c>LoadedModel.Path</c>, <c>ClusteringRequest.Clusters</c>, <c>ClusterBenchSettings.Sizes</c>, …); the user still reads
/// the flags they typed, in one line with exit code 2.
/// </summary>
public sealed partial class ExperimentMessagesTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["evaluate", "--model", "/nonexistent/model.bin"], "hardmax evaluate: error: --model '/nonexistent/model.bin' does not exist" },
        { ["compare", "/nonexistent/a", "/nonexistent/b"], "hardmax compare: error: --model '/nonexistent/a' does not exist" },
        { ["cluster", "--gmm", "2,2,10,4", "--clusters", "11", "--method", "kmeans"], "hardmax cluster: error: --clusters 11: more clusters than the 10 points." },
        { ["bench", "--cluster", "--sizes", "1000000", "--dim", "2000"], "hardmax bench: error: --sizes 1000000 × --dim 2000 = 2,000,000,000 coordinates" },
        { ["bench", "--n", "4096", "--d", "1024", "--batch", "4096"], "hardmax bench: error: --batch × --tokens × --dim = 17,179,869,184 values is more than" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void MovedCode_RefusesWithTheFlags(string[] args, string expected)
    {
        CliResult result = CliHarness.Run(args);

        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.False(QualifiedName().IsMatch(line), $"a property name reached the user: {line}");
    }

    /// <summary>An experiments' qualified name (<c>Record.Property</c>) of the moved code.</summary>
    [GeneratedRegex(@"\b(LoadedModel|ClusteringRequest|ClusterBenchSettings|DynamicsBenchSettings|ReviewSelection|TrainingOptions)\.[A-Z]")]
    private static partial Regex QualifiedName();
}
