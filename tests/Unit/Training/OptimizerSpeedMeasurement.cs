using System.Diagnostics;
using System.Globalization;
using HardmaxCore.UnitTests.TestSupport;
using Xunit.Abstractions;

namespace HardmaxCore.UnitTests.Training;

/// <summary>
/// Training reviews/s of dense and lazy Adam on the real IMDb training split (paper protocol, seed 0, d = 16, n = 128,
/// K = 8, batches of 64, all cores), measured interleaved in one process: blocks of 16 batches alternate between the
/// two trainers, so a change of machine load hits both alike. A measurement, not a check: it runs only with
/// HARDMAX_MEASURE=1 and prints its numbers.
/// </summary>
public sealed class OptimizerSpeedMeasurement(ITestOutputHelper output)
{
    [RequiresImdbDataFact]
    public void Measure_DenseVersusLazyAdam_TrainingReviewsPerSecond()
    {
        if (Environment.GetEnvironmentVariable("HARDMAX_MEASURE") != "1")
        {
            return;
        }
        int threads = Environment.ProcessorCount;
        PreparedData data = PreparedData.Load(RequiresImdbDataFactAttribute.DataPath!, EvaluationProtocol.Paper, 0.1, 0, null, new TextPipelineOptions(), 1, 128, null, TextWriter.Null);
        var settings = new ClassifierSettings(128, 16, 8, 1e-3, false);
        int[] order = Trainer.EpochOrder(data.Train.Count, 0, 1);
        Trainer Make(OptimizerKind kind)
        {
            var parameters = ClassifierParameters<float>.Initialize(data.Vocabulary.Count, 16, 0);
            return new Trainer(settings, parameters, new AdamOptimizer(parameters.All.Select(a => a.Length).ToArray(), 1e-3, kind), 64, threads);
        }
        using Trainer dense = Make(OptimizerKind.Adam);
        using Trainer lazy = Make(OptimizerKind.LazyAdam);
        const int Block = 16;
        int batches = data.Train.Count / 64;
        double denseSeconds = 0;
        double lazySeconds = 0;
        int reviews = 0;
        for (int b = 0; b + Block <= batches; b += Block)
        {
            bool warmUp = b == 0;
            long start = Stopwatch.GetTimestamp();
            for (int i = b; i < b + Block; i++)
            {
                dense.TrainBatch(data.Train, order, i * 64, 64);
            }
            double d = Stopwatch.GetElapsedTime(start).TotalSeconds;
            start = Stopwatch.GetTimestamp();
            for (int i = b; i < b + Block; i++)
            {
                lazy.TrainBatch(data.Train, order, i * 64, 64);
            }
            double l = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (!warmUp)
            {
                denseSeconds += d;
                lazySeconds += l;
                reviews += Block * 64;
            }
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"V = {data.Vocabulary.Count}, {threads} threads, {reviews} reviews each: adam {reviews / denseSeconds:F0} reviews/s, lazy-adam {reviews / lazySeconds:F0} reviews/s, ratio {denseSeconds / lazySeconds:F2}"));
    }
}
