using HardmaxCore.Experiments.Runs;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Training;

/// <summary>What a scheduler sees of <c>hardmax sweep --shard</c> (issue 23): the exit code of a bad shard, and log lines that name the shard.</summary>
public sealed class SweepShardCliTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    [Theory]
    [InlineData("auto/0")]
    [InlineData("auto/x")]
    [InlineData("4/4")]
    public void SweepCommand_BadShard_IsOneLineAndExitCode2(string shard)
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        string root = Path.Combine(this._folder.Path, "sweep");
        CliResult result = CliHarness.Run("sweep", "--data", data, "--out", root, "--shard", shard);
        Assert.Equal(2, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("hardmax sweep: error: ", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void SweepCommand_Sharded_EveryLogLineNamesTheShard()
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 100);
        string root = Path.Combine(this._folder.Path, "sweep");
        CliResult result = CliHarness.Run("sweep", "--data", data, "--out", root, "--dim", "2", "--layers", "1", "--tokens", "8",
            "--epochs", "1", "--seeds", "0-1", "--limit", "60", "--threads", "1", "--shard", "1/2");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(result.ErrorLines.Length >= 4, result.Error); // header, started, epoch, finished, summary
        Assert.All(result.ErrorLines, line => Assert.StartsWith("shard 1/2: ", line, StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, line => line.StartsWith("shard 1/2: [1] default/seed-1: finished", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(root, "default", "seed-0"))); // shard 0's run
    }
}
