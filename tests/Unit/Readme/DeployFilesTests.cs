using HardmaxCore.UnitTests.TestSupport;

namespace HardmaxCore.UnitTests.Readme;

/// <summary>
/// The README shows the scheduler files the e2e test submits (issue 23), verbatim: each block that follows
/// <c>&lt;!-- file: PATH --&gt;</c> must equal the file at PATH, so the README cannot drift from what tests/e2e/slurm.sh runs.
/// </summary>
public sealed class DeployFilesTests
{
    [Theory]
    [InlineData("deploy/slurm/sweep.sbatch", "bash")]
    [InlineData("deploy/kubernetes/sweep-job.yaml", "yaml")]
    public void Readme_DeployFile_IsTheFileVerbatim(string path, string language)
    {
        string readme = Repository.ReadText("README.md");
        string marker = $"<!-- file: {path} -->\n```{language}\n";
        int start = readme.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '<!-- file: {path} -->' followed by a ```{language} block.");
        start += marker.Length;
        int end = readme.IndexOf("\n```\n", start - 1, StringComparison.Ordinal);
        Assert.True(end >= start - 1, $"the ```{language} block of {path} in README.md does not close.");
        Assert.Equal(Repository.ReadText(path), readme[start..(end + 1)]);
    }

    [Fact]
    public void Readme_DeployFiles_EveryMarkedBlockNamesAFile()
    {
        string readme = Repository.ReadText("README.md");
        string[] marked = readme.Split('\n').Where(l => l.StartsWith("<!-- file: ", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(marked);
        Assert.All(marked, line => Assert.True(File.Exists(Path.Combine(Repository.Root(), line["<!-- file: ".Length..^" -->".Length])), line));
    }
}
