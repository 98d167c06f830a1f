using System.Globalization;
using System.Text;
using System.Text.Json;
using HardmaxCore.Experiments.Benchmarking;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>The text and JSON of <c>hardmax bench --train --architecture attention</c>.</summary>
internal static class AttentionBenchReport
{
    /// <summary>The measurements as text.</summary>
    public static string Text(AttentionBenchResult result)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"hardmax bench --train --architecture attention: standard self-attention classifier n = {result.Settings.Tokens}, d = {result.Settings.Dimension}, ")
            .Append(c, $"V = {result.Vocabulary} ({result.Parameters} parameters), batch {ClassifierBenchmark.BatchSize}, {result.Threads} cores, synthetic reviews\n\n")
            .Append(c, $"training (forward + backward + Adam): {result.TrainingReviewsPerSecond,10:0} reviews/s\n")
            .Append(c, $"inference:                            {result.InferenceReviewsPerSecond,10:0} reviews/s\n")
            .Append(c, $"peak working set:                     {result.PeakWorkingSetBytes / (1024.0 * 1024.0),10:0.0} MiB\n");
        return text.ToString();
    }

    /// <summary>The measurements as one JSON object.</summary>
    public static string Json(AttentionBenchResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("architecture", "attention");
            json.WriteNumber("n", result.Settings.Tokens);
            json.WriteNumber("d", result.Settings.Dimension);
            json.WriteNumber("vocabulary", result.Vocabulary);
            json.WriteNumber("parameters", result.Parameters);
            json.WriteNumber("batch", ClassifierBenchmark.BatchSize);
            json.WriteNumber("threads", result.Threads);
            json.WriteNumber("trainingReviewsPerSecond", Math.Round(result.TrainingReviewsPerSecond));
            json.WriteNumber("inferenceReviewsPerSecond", Math.Round(result.InferenceReviewsPerSecond));
            json.WriteNumber("peakWorkingSetBytes", result.PeakWorkingSetBytes);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
