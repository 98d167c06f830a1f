using BenchmarkDotNet.Attributes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Benchmarks;

/// <summary>
/// Training reviews/s of dense Adam against lazy Adam (<see cref="OptimizerKind"/>) on the real IMDb training split
/// (paper protocol, seed 0, d = 16, n = 128, K = 8, batches of 64, all cores): the embedding update is the only
/// difference, and the real vocabulary (≈ 90,000 words, a few thousand seen per batch) is what makes lazy Adam pay.
/// Needs the IMDb archive (<c>$HARDMAX_IMDB</c> or <c>shared/data/aclImdb_labeled.tar.gz</c> above the current folder);
/// the setup says so and stops when it is absent.
/// <c>dotnet run -c Release --project bench -- --filter '*OptimizerBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ReviewsBenchConfig))]
public class OptimizerBenchmarks
{
    private PreparedData? _data;
    private Trainer? _trainer;
    private int[] _order = [];
    private int _start;

    /// <summary>How the embedding rows are updated.</summary>
    [Params(OptimizerKind.Adam, OptimizerKind.LazyAdam)]
    public OptimizerKind Optimizer { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string path = PreparedData.DefaultDataPath()
            ?? throw new InvalidOperationException("OptimizerBenchmarks needs the IMDb archive: set HARDMAX_IMDB or run below a folder holding shared/data/aclImdb_labeled.tar.gz.");
        this._data = PreparedData.Load(path, EvaluationProtocol.Paper, 0.1, 0, null, new TextPipelineOptions(), 1, 128, null, TextWriter.Null);
        var settings = new ClassifierSettings(128, 16, 8, 1e-3, false);
        var parameters = ClassifierParameters<float>.Initialize(this._data.Vocabulary.Count, 16, 0);
        this._trainer = new Trainer(settings, parameters, new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), 1e-3, this.Optimizer), 64, Environment.ProcessorCount);
        this._order = Trainer.EpochOrder(this._data.Train.Count, 0, 1);
    }

    [GlobalCleanup]
    public void Cleanup() => this._trainer?.Dispose();

    /// <summary>One optimisation step on the next 64 training reviews of the epoch's order.</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    public double Train()
    {
        (double loss, _) = this._trainer!.TrainBatch(this._data!.Train, this._order, this._start, 64);
        this._start = (this._start + 64) % (this._data.Train.Count - 64 + 1);
        return loss;
    }
}
