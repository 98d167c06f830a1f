using HardmaxCore.Classifier;

namespace HardmaxCore.UnitTests.Training;

/// <summary>
/// Issue 22 (7): a checkpoint is read as it was written, straight into the model's weights and the optimizer's moments,
/// so resuming needs the memory of training, not three times it (the file's arrays, then copies into the weights and
/// moments).
/// </summary>
public sealed class StreamedResumeTests : IDisposable
{
    private const int Words = 2_000;
    private const int Dimension = 1_024;

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => this._folder.Dispose();

    /// <summary>The bytes of one copy of the weights of a model of V words in dimension d (E dominates).</summary>
    private static long ParameterBytes(long parameters) => parameters * sizeof(float);

    [Fact]
    public void HardmaxCheckpoint_Load_AllocatesTheStateOnce()
    {
        var vocabulary = Vocabulary.FromWords(["<pad>", "<unk>", .. Enumerable.Range(0, Words - 2).Select(w => $"w{w}")]);
        var parameters = ClassifierParameters<float>.Initialize(vocabulary.Count, Dimension, seed: 3);
        var model = new ClassifierModel(new ClassifierSettings(16, Dimension, 2, 1e-3, true), new TextPipelineOptions(), vocabulary, parameters);
        var options = new TrainingOptions { DataPath = "data.csv", Tokens = 16, Dimension = Dimension, Layers = 2 };
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), options.LearningRate) { Steps = 7 };
        optimizer.FirstMoments[0][5] = 0.25f;
        optimizer.SecondMoments[2][1] = 0.5f;
        string path = Path.Combine(this._folder.Path, TrainingCheckpoint.FileName);
        new TrainingCheckpoint { Options = options, Model = new HardmaxTrainable(model), Optimizer = optimizer, Epoch = 2 }.Save(path);
        long stateBytes = 3 * ParameterBytes(parameters.All.Sum(a => a.LongLength));

        TrainingCheckpoint loaded = Measure(() => TrainingCheckpoint.Load(path), out long allocated);

        Assert.Equal(parameters.Embedding, loaded.Hardmax.Parameters.Embedding);
        Assert.Equal(0.25f, loaded.Optimizer.FirstMoments[0][5]);
        Assert.Equal(0.5f, loaded.Optimizer.SecondMoments[2][1]);
        Assert.Equal(7, loaded.Optimizer.Steps);
        // The weights and both moments once (the state training holds), plus header and buffers: well under 1.25×.
        // Reading the file's arrays first and copying them needs 2× the state.
        Assert.True(allocated < (stateBytes * 5 / 4) + (4 << 20), $"loading allocated {allocated:N0} bytes for a state of {stateBytes:N0}");
    }

    [Fact]
    public void AttentionCheckpoint_LoadModel_AllocatesTheWeightsOnce()
    {
        var vocabulary = Vocabulary.FromWords(["<pad>", "<unk>", .. Enumerable.Range(0, Words - 2).Select(w => $"w{w}")]);
        var settings = new AttentionSettings(16, 512);
        var parameters = AttentionParameters<float>.Initialize(vocabulary.Count, settings, seed: 3);
        var model = new AttentionModel(settings, new TextPipelineOptions(), vocabulary, parameters);
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), 1e-3);
        string path = Path.Combine(this._folder.Path, TrainingCheckpoint.FileName);
        ModelFile.Save(path, model.Header(), [.. parameters.All, .. optimizer.FirstMoments, .. optimizer.SecondMoments]);
        long stateBytes = 3 * ParameterBytes(parameters.Count);

        (AttentionModel loaded, _, float[][] arrays) = Measure(() => AttentionModel.Load(path, "checkpoint"), out long allocated);

        Assert.Equal(parameters.Embedding, loaded.Parameters.Embedding);
        Assert.Equal(parameters.All.Length, arrays.Length);
        // Only the model is kept: its weights once; the moments are checked through a 256 KiB buffer and dropped (reading
        // every array of the file and copying the weights allocated 4× the weights).
        Assert.True(allocated < (stateBytes / 3 * 5 / 4) + (1 << 20), $"loading allocated {allocated:N0} bytes for weights of {stateBytes / 3:N0}");
    }

    [Fact]
    public void AttentionCheckpoint_Load_AllocatesTheStateOnce()
    {
        var vocabulary = Vocabulary.FromWords(["<pad>", "<unk>", .. Enumerable.Range(0, Words - 2).Select(w => $"w{w}")]);
        var settings = new AttentionSettings(16, 512);
        var parameters = AttentionParameters<float>.Initialize(vocabulary.Count, settings, seed: 3);
        var model = new AttentionModel(settings, new TextPipelineOptions(), vocabulary, parameters);
        var options = new TrainingOptions { DataPath = "data.csv", Architecture = ClassifierArchitecture.Attention, Tokens = 16, Dimension = 512 };
        var optimizer = new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), options.LearningRate) { Steps = 3 };
        optimizer.SecondMoments[0][9] = 0.75f;
        string path = Path.Combine(this._folder.Path, TrainingCheckpoint.FileName);
        new TrainingCheckpoint { Options = options, Model = new AttentionTrainable(model), Optimizer = optimizer }.Save(path);
        long stateBytes = 3 * ParameterBytes(parameters.Count);

        TrainingCheckpoint loaded = Measure(() => TrainingCheckpoint.Load(path), out long allocated);

        Assert.Equal(ClassifierArchitecture.Attention, loaded.Model.Architecture);
        Assert.Equal(parameters.Embedding, loaded.Model.Arrays[0]);
        Assert.Equal(0.75f, loaded.Optimizer.SecondMoments[0][9]);
        Assert.True(allocated < (stateBytes * 5 / 4) + (4 << 20), $"loading allocated {allocated:N0} bytes for a state of {stateBytes:N0}");
    }

    private static T Measure<T>(Func<T> load, out long allocated)
    {
        GC.Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();
        T result = load();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return result;
    }
}
