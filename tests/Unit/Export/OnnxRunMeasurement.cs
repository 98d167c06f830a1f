using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace HardmaxCore.UnitTests.Export;

/// <summary>
/// A trained run (e.g. the README's one-minute recipe) exported to ONNX gives, in ONNX Runtime, the tool's probabilities on
/// every review of its test split within 10⁻⁵. It runs only with <c>HARDMAX_ONNX_RUNS=runs/a,runs/b</c> (run folders of
/// either architecture) and prints the largest difference; the data is the one each run was trained on.
/// </summary>
public sealed class OnnxRunMeasurement(ITestOutputHelper output)
{
    [Fact]
    public void TrainedRuns_ExportedToOnnx_GiveTheToolsProbabilitiesOnTheirTestSplit()
    {
        string? runs = Environment.GetEnvironmentVariable("HARDMAX_ONNX_RUNS");
        if (string.IsNullOrEmpty(runs))
        {
            return;
        }
        foreach (string run in runs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using SentimentClassifier classifier = SentimentClassifier.Load(Path.Combine(run, "model.bin"));
            EncodedReviews test = ModelEvaluationData.Load(classifier, new EvaluationDataOptions(), TextWriter.Null).Data.Test;
            if (classifier.Architecture == ClassifierArchitecture.Attention)
            {
                this.Compare(run + " (attention)", classifier.Logits(test), OnnxExport.SelfAttention(classifier.AttentionModel), test);
            }
            else
            {
                foreach (Attention attention in new[] { Attention.Softmax, Attention.Hardmax })
                {
                    this.Compare($"{run} ({attention})", classifier.Logits(test, attention), OnnxExport.Hardmax(classifier.Model, attention), test);
                }
            }
        }
    }

    private void Compare(string what, float[] logits, byte[] onnx, EncodedReviews reviews)
    {
        using var options = new SessionOptions();
        using var session = new InferenceSession(onnx, options);
        using var run = new RunOptions();
        var probabilities = new float[reviews.Count];
        const int Batch = 500;
        for (int start = 0; start < reviews.Count; start += Batch)
        {
            int count = Math.Min(Batch, reviews.Count - start);
            long[] ids = reviews.Ids.AsSpan(start * reviews.Length, count * reviews.Length).ToArray().Select(id => (long)id).ToArray();
            using OrtValue input = OrtValue.CreateTensorValueFromMemory(ids, [count, reviews.Length]);
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(run, [OnnxExport.IdsInput], [input], [OnnxExport.ProbabilityOutput]);
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(probabilities.AsSpan(start, count));
        }
        double worst = 0;
        int disagreements = 0;
        for (int r = 0; r < reviews.Count; r++)
        {
            double ours = BinaryCrossEntropy.Sigmoid(logits[r]);
            worst = Math.Max(worst, Math.Abs(ours - probabilities[r]));
            disagreements += (ours > 0.5) != (probabilities[r] > 0.5) ? 1 : 0;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {reviews.Count} test reviews, largest |p_ours − p_onnxruntime| = {worst:E2}, labels differing: {disagreements}"));
        Assert.True(worst <= 1e-5, $"{what}: {worst:E2}");
    }
}
