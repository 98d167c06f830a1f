using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Classifier;

/// <summary>
/// One classifier for both architectures (issue 18, point 4; issue 20): model files of either kind load through
/// <see cref="SentimentClassifier.Load"/> and predict as the tool does, the leakage guard lives in
/// <see cref="ModelEvaluationData"/>, and <c>evaluate --json</c> has the same fields for both kinds.
/// </summary>
public sealed class SentimentClassifierKindsTests : IDisposable
{
    private const string Review = "a great wonderful film, truly moving";

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    private string Train(string name, bool attention)
    {
        string data = SyntheticReviews.WriteCsv(this._folder.Path, 200);
        string run = Path.Combine(this._folder.Path, name);
        string[] kind = attention ? ["--architecture", "attention"] : ["--layers", "2"];
        CliResult train = CliHarness.Run([.. new[] { "train", "--data", data, "--dim", "3", "--tokens", "16", "--epochs", "2", "--batch", "16", "--lr", "0.02", "--seed", "3", "--out", run }, .. kind]);
        Assert.True(train.ExitCode == 0, train.Error);
        return run;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_EitherKind_PredictsAsTheTool_AndRefusesTheOtherKindsOperationsByName(bool attention)
    {
        string run = this.Train("run", attention);
        using SentimentClassifier classifier = SentimentClassifier.Load(Path.Combine(run, "model.bin"));
        Assert.Equal(attention ? ClassifierArchitecture.Attention : ClassifierArchitecture.Hardmax, classifier.Architecture);
        Assert.Equal(3, classifier.TrainingOptions!.Seed);
        Prediction prediction = classifier.Predict(Review);

        CliResult tool = CliHarness.Run("predict", "--model", run, "--json", Review);
        Assert.True(tool.ExitCode == 0, tool.Error);
        using JsonDocument line = JsonDocument.Parse(tool.Output.Trim());
        Assert.Equal(prediction.Probability, line.RootElement.GetProperty("probability").GetDouble());
        Assert.Equal(attention ? "attention" : "hardmax", line.RootElement.GetProperty("architecture").GetString());
        string[] toolWords = line.RootElement.GetProperty(attention ? "attended" : "leaders").EnumerateArray().Select(w => w.GetProperty("word").GetString()!).ToArray();
        Assert.Equal(attention ? prediction.Attended.Select(w => w.Word) : prediction.Leaders.Select(l => l.Word), toolWords);
        Assert.NotEmpty(toolWords);

        if (attention)
        {
            Assert.Equal(prediction.Probability, classifier.Explain(Review).Probability);
            NotSupportedException anatomy = Assert.Throws<NotSupportedException>(() => classifier.Anatomy(Review));
            Assert.Contains("ClassifierArchitecture.Attention", anatomy.Message, StringComparison.Ordinal);
            Assert.Throws<NotSupportedException>(() => classifier.Leaders(classifier.Encode(Review)));
            Assert.Throws<NotSupportedException>(() => classifier.Model);
        }
        else
        {
            Assert.Equal(prediction.Probability, classifier.Anatomy(Review).SoftmaxProbability, 6);
            NotSupportedException explain = Assert.Throws<NotSupportedException>(() => classifier.Explain(Review));
            Assert.Contains("ClassifierArchitecture.Hardmax", explain.Message, StringComparison.Ordinal);
            Assert.Throws<NotSupportedException>(() => classifier.AttentionModel);
        }
    }

    [Fact]
    public void ModelFiles_OfBothKinds_DeclareTheirArchitecture_AndAFileWithoutItStillLoadsAsHardmax()
    {
        var vocabulary = Vocabulary.FromWords(["<pad>", "<unk>", "good", "bad"]);
        var hardmax = new ClassifierModel(new ClassifierSettings(8, 2, 1, 1.0, false), new TextPipelineOptions(), vocabulary, new ClassifierParameters<float>(vocabulary.Count, 2));
        var attention = new AttentionModel(new AttentionSettings(8, 2), new TextPipelineOptions(), vocabulary, new AttentionParameters<float>(vocabulary.Count, new AttentionSettings(8, 2)));
        Assert.Equal("hardmax", hardmax.Header()[AttentionModel.ArchitectureField]!.GetValue<string>());
        Assert.Equal("attention", attention.Header()[AttentionModel.ArchitectureField]!.GetValue<string>());
        Assert.Equal(hardmax.Header()["kind"]!.GetValue<string>(), attention.Header()["kind"]!.GetValue<string>());

        string both = Path.Combine(this._folder.Path, "attention.bin");
        attention.Save(both);
        using (SentimentClassifier loaded = SentimentClassifier.Load(both))
        {
            Assert.Equal(ClassifierArchitecture.Attention, loaded.Architecture);
        }

        // A file written before the architecture field existed.
        string old = Path.Combine(this._folder.Path, "old.bin");
        JsonObject header = hardmax.Header();
        header.Remove(AttentionModel.ArchitectureField);
        ModelFile.Save(old, header, hardmax.Parameters.All);
        using SentimentClassifier oldLoaded = SentimentClassifier.Load(old);
        Assert.Equal(ClassifierArchitecture.Hardmax, oldLoaded.Architecture);
        Assert.Equal(1, oldLoaded.Model.Settings.Layers);
        Assert.Equal(hardmax.Settings, ClassifierModel.Load(old).Model.Settings);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ModelEvaluationData_AnotherSplitOfTheTrainingData_IsRefusedUnlessAllowOverlap(bool attention)
    {
        string run = this.Train("run", attention);
        string file = Path.Combine(run, "model.bin");
        using SentimentClassifier classifier = SentimentClassifier.Load(file);

        ModelEvaluationSplit own = ModelEvaluationData.Load(classifier, new EvaluationDataOptions());
        Assert.True(own.AsTrained);
        Assert.Equal(3, own.Seed);

        ClassifierException refused = Assert.Throws<ClassifierException>(() => ModelEvaluationData.Load(classifier, new EvaluationDataOptions { Seed = 4 }));
        Assert.Contains("EvaluationDataOptions.AllowOverlap", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ClassifierException>(() => ModelEvaluationData.Load(classifier, new EvaluationDataOptions { Protocol = EvaluationProtocol.Standard }));

        ModelEvaluationSplit overlap = ModelEvaluationData.Load(classifier, new EvaluationDataOptions { Seed = 4, AllowOverlap = true });
        Assert.False(overlap.AsTrained);
        Assert.Equal(4, overlap.Seed);

        if (!attention)
        {
            // The older entry point has no way around the guard.
            (ClassifierModel model, JsonObject header, _) = ClassifierModel.Load(file);
            Assert.Throws<ClassifierException>(() => ModelEvaluationData.Load(model, header, null, null, 4, TextWriter.Null));
            Assert.Equal(own.Data.Test.Count, ModelEvaluationData.Load(model, header, null, null, null, TextWriter.Null).Test.Count);
        }
    }

    [Fact]
    public void EvaluateJson_HasTheSameFieldsForBothArchitectures()
    {
        string hardmax = this.Train("hardmax", attention: false);
        string attention = this.Train("attention", attention: true);
        CliResult a = CliHarness.Run("evaluate", "--model", hardmax, "--json");
        CliResult b = CliHarness.Run("evaluate", "--model", attention, "--json");
        Assert.True(a.ExitCode == 0, a.Error);
        Assert.True(b.ExitCode == 0, b.Error);
        using JsonDocument first = a.Json();
        using JsonDocument second = b.Json();
        Assert.Equal(Keys(first.RootElement), Keys(second.RootElement));
        Assert.Equal(3, second.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal("paper", second.RootElement.GetProperty("protocol").GetString());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("hardmax").ValueKind);
    }

    private static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
}
