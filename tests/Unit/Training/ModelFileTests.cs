using System.Buffers.Binary;
using HardmaxCore.Train.Commands;
using HardmaxCore.Classifier;

namespace HardmaxCore.UnitTests.Training;

public sealed class ModelFileTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    private static ClassifierModel SmallModel()
    {
        var vocabulary = Vocabulary.FromWords(["<pad>", "<unk>", "great", "awful", "film"]);
        var parameters = ClassifierParameters<float>.Initialize(vocabulary.Count, 3, seed: 5);
        return new ClassifierModel(new ClassifierSettings(16, 3, 2, 1e-3, true), new TextPipelineOptions { KeepNegations = true }, vocabulary, parameters);
    }

    private string Saved()
    {
        string path = Path.Combine(this._folder.Path, "model.bin");
        SmallModel().Save(path);
        return path;
    }

    [Fact]
    public void ClassifierModel_SaveLoad_RoundTripsEverything()
    {
        ClassifierModel model = SmallModel();
        string path = Path.Combine(this._folder.Path, "model.bin");
        model.Save(path);
        (ClassifierModel loaded, _, _) = ClassifierModel.Load(path);
        Assert.Equal(model.Settings, loaded.Settings);
        Assert.Equal(model.Text, loaded.Text);
        Assert.Equal(model.Vocabulary.Words, loaded.Vocabulary.Words);
        for (int p = 0; p < model.Parameters.All.Length; p++)
        {
            Assert.Equal(model.Parameters.All[p], loaded.Parameters.All[p]);
        }
        Assert.Empty(Directory.GetFiles(this._folder.Path, "*.tmp"));
    }

    [Fact]
    public void ClassifierModel_Load_FlippedByte_SaysCorrupted()
    {
        string path = this.Saved();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<ModelFileException>(() => ClassifierModel.Load(path));
        Assert.Contains("corrupted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassifierModel_Load_Truncated_SaysTruncatedOrCorrupted()
    {
        string path = this.Saved();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        var error = Assert.Throws<ModelFileException>(() => ClassifierModel.Load(path));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        File.WriteAllBytes(path, bytes[..12]);
        error = Assert.Throws<ModelFileException>(() => ClassifierModel.Load(path));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassifierModel_Load_NewerVersion_SaysUpdate()
    {
        string path = this.Saved();
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), ModelFile.FormatVersion + 1);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<ModelFileException>(() => ClassifierModel.Load(path));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Contains("Update hardmax", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassifierModel_Load_ForeignFile_SaysNotAModel()
    {
        string path = Path.Combine(this._folder.Path, "notes.txt");
        File.WriteAllText(path, "hello, this is not a model");
        var error = Assert.Throws<ModelFileException>(() => ClassifierModel.Load(path));
        Assert.Contains("not a HardmaxCore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassifierModel_Load_Missing_SaysCannotRead()
    {
        var error = Assert.Throws<ModelFileException>(() => ClassifierModel.Load(Path.Combine(this._folder.Path, "absent.bin")));
        Assert.Contains("Cannot read", error.Message, StringComparison.Ordinal);
    }
}
