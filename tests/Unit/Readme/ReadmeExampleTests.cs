namespace HardmaxCore.UnitTests.Readme;

/// <summary>
/// The library example of README.md, read from the README itself at build time (ReadmeExample.targets generates
/// <c>ReadmeExample</c>), run here; it must print exactly the output the README shows under it.
/// </summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_Run_PrintsWhatTheReadmeShows()
    {
        var output = new StringWriter();
        ReadmeExample.Console.Out = output;
        ReadmeExample.Console.Error = TextWriter.Synchronized(new StringWriter());

        ReadmeExample.Run();

        Assert.Equal(ReadmeExample.ExpectedOutput.ReplaceLineEndings("\n").TrimEnd(), output.ToString().ReplaceLineEndings("\n").TrimEnd());
    }

    [Fact]
    public void ClusteringReadmeExample_Run_PrintsWhatTheReadmeShows()
    {
        // The clustering library's example ('<!-- readme-example clustering -->' in README.md); until the README holds it
        // there is nothing to run.
        if (!ClusteringReadmeExample.Present)
        {
            return;
        }
        var output = new StringWriter();
        ClusteringReadmeExample.Console.Out = output;
        ClusteringReadmeExample.Console.Error = TextWriter.Synchronized(new StringWriter());

        ClusteringReadmeExample.Run();

        Assert.Equal(ClusteringReadmeExample.ExpectedOutput.ReplaceLineEndings("\n").TrimEnd(), output.ToString().ReplaceLineEndings("\n").TrimEnd());
    }

    [Fact]
    public void ReadmeExample_Code_ShowsTheDynamicsAndTheClassifierApi()
    {
        // The README promises both APIs in its example: the dynamics and the classifier's train, save, load, predict.
        foreach (string call in new[] { "new Dynamics<float>(", "RunToConvergence(", "ReferenceDynamics.", "DatasetSplit.Create(",
                     "SentimentClassifier.Train(", ".Save(", "SentimentClassifier.Load(", ".Predict(" })
        {
            Assert.Contains(call, ReadmeExample.Code, StringComparison.Ordinal);
        }
    }
}
