using System.Globalization;
using System.Text;
using System.Text.Json;
using HardmaxCore.Experiments.Simulation;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>The output of <c>hardmax bench</c>: a table for a human, or one JSON object.</summary>
internal static class BenchReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The dynamics measurements as an aligned text table with ratios and GFLOP/s.</summary>
    public static string Text(DynamicsBenchResult result)
    {
        DynamicsBenchSettings s = result.Settings;
        var text = new StringBuilder();
        text.Append(Invariant, $"hardmax bench: n = {s.Tokens}, d = {s.Dimension}, K = {s.Layers}, batch = {s.Batch}, ")
            .Append(Invariant, $"{Name(s.Precision)}, {Name(s.Attention)}, {Name(s.Inputs)} inputs, {result.Kernel}, {result.Threads} cores\n")
            .Append(Invariant, $"flops per configuration 2n²d·K = {s.FlopsPerConfiguration / 1e6:0.###} Mflop\n\n")
            .Append(Invariant, $"{"",-20}{"configs/s",14}{"× Reference",13}{"GFLOP/s",10}{"configs",10}{"seconds",9}\n");
        Row(text, "Reference (double)", result.Reference, result);
        Row(text, "Core, 1 thread", result.CoreSingle, result);
        Row(text, $"Core, {result.Threads} cores", result.CoreAll, result);
        text.Append(Invariant, $"\nCore {result.Threads} cores / Core 1 thread: {result.CoreAll.Over(result.CoreSingle):0.00}×\n")
            .Append(Invariant, $"bytes allocated per step (layer over a batch), steady state: {result.BytesAllocatedPerStep:0.#} on {result.Threads} cores, ")
            .Append(Invariant, $"{result.BytesAllocatedPerStepSingle:0.#} on 1 thread\n");
        return text.ToString();
    }

    /// <summary>
    /// One JSON object: <c>n, d, layers, batch, referencePerSecond, coreSinglePerSecond, coreAllPerSecond, coreAllGflops,
    /// bytesAllocatedPerStep</c>, and the details (precision, attention, inputs, kernel, threads, ratios, GFLOP/s, counts).
    /// </summary>
    public static string Json(DynamicsBenchResult result)
    {
        DynamicsBenchSettings s = result.Settings;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("n", s.Tokens);
            json.WriteNumber("d", s.Dimension);
            json.WriteNumber("layers", s.Layers);
            json.WriteNumber("batch", s.Batch);
            json.WriteNumber("referencePerSecond", Round(result.Reference.PerSecond));
            json.WriteNumber("coreSinglePerSecond", Round(result.CoreSingle.PerSecond));
            json.WriteNumber("coreAllPerSecond", Round(result.CoreAll.PerSecond));
            json.WriteNumber("coreAllGflops", Round(result.Gflops(result.CoreAll)));
            json.WriteNumber("bytesAllocatedPerStep", Round(result.BytesAllocatedPerStep));
            json.WriteNumber("bytesAllocatedPerStepSingle", Round(result.BytesAllocatedPerStepSingle));
            json.WriteNumber("coreSingleGflops", Round(result.Gflops(result.CoreSingle)));
            json.WriteNumber("referenceGflops", Round(result.Gflops(result.Reference)));
            json.WriteNumber("coreSingleOverReference", Round(result.CoreSingle.Over(result.Reference)));
            json.WriteNumber("coreAllOverReference", Round(result.CoreAll.Over(result.Reference)));
            json.WriteNumber("coreAllOverCoreSingle", Round(result.CoreAll.Over(result.CoreSingle)));
            json.WriteNumber("flopsPerConfiguration", s.FlopsPerConfiguration);
            json.WriteString("precision", Name(s.Precision));
            json.WriteString("attention", Name(s.Attention));
            json.WriteString("inputs", Name(s.Inputs));
            json.WriteString("kernel", result.Kernel.ToString());
            json.WriteNumber("threads", result.Threads);
            json.WriteNumber("seconds", s.Seconds);
            json.WriteNumber("referenceConfigurations", result.Reference.Configurations);
            json.WriteNumber("coreSingleConfigurations", result.CoreSingle.Configurations);
            json.WriteNumber("coreAllConfigurations", result.CoreAll.Configurations);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The classifier measurements as text.</summary>
    public static string Text(ClassifierBenchResult result)
    {
        var text = new StringBuilder();
        text.Append(Invariant, $"hardmax bench --train: classifier n = {result.Settings.Tokens}, d = {result.Settings.Dimension}, ")
            .Append(Invariant, $"K = {result.Settings.Layers}, V = {result.Vocabulary}, batch {ClassifierBenchmark.BatchSize}, {result.Threads} cores, synthetic reviews\n\n")
            .Append(Invariant, $"training (softmax forward + backward + Adam): {result.TrainingReviewsPerSecond,10:0} reviews/s\n")
            .Append(Invariant, $"inference, softmax layers:                   {result.InferenceReviewsPerSecond,10:0} reviews/s\n")
            .Append(Invariant, $"inference, hardmax layers:                   {result.HardmaxInferenceReviewsPerSecond,10:0} reviews/s\n")
            .Append(Invariant, $"peak working set:                            {result.PeakWorkingSetBytes / (1024.0 * 1024.0),10:0.0} MiB\n");
        return text.ToString();
    }

    /// <summary>The classifier measurements as one JSON object.</summary>
    public static string Json(ClassifierBenchResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("n", result.Settings.Tokens);
            json.WriteNumber("d", result.Settings.Dimension);
            json.WriteNumber("layers", result.Settings.Layers);
            json.WriteNumber("vocabulary", result.Vocabulary);
            json.WriteNumber("batch", ClassifierBenchmark.BatchSize);
            json.WriteNumber("threads", result.Threads);
            json.WriteNumber("trainingReviewsPerSecond", Round(result.TrainingReviewsPerSecond));
            json.WriteNumber("inferenceReviewsPerSecond", Round(result.InferenceReviewsPerSecond));
            json.WriteNumber("hardmaxInferenceReviewsPerSecond", Round(result.HardmaxInferenceReviewsPerSecond));
            json.WriteNumber("peakWorkingSetBytes", result.PeakWorkingSetBytes);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Four significant digits are all a noisy timing carries.</summary>
    internal static double Round(double value) => value == 0 || !double.IsFinite(value)
        ? 0
        : Math.Round(value, Math.Clamp(3 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 15));

    private static void Row(StringBuilder text, string name, Throughput throughput, DynamicsBenchResult result)
        => text.Append(Invariant, $"{name,-20}{throughput.PerSecond,14:0.0}{throughput.Over(result.Reference),12:0.0}×{result.Gflops(throughput),10:0.00}{throughput.Configurations,10}{throughput.Seconds,9:0.00}\n");

    private static string Name(Precision precision) => precision == Precision.Float ? "float" : "double";

    private static string Name(Attention attention) => attention == Attention.Hardmax ? "hardmax" : "softmax";

    private static string Name(BenchInputs inputs) => inputs == BenchInputs.Gaussian ? "gaussian" : "reviews";
}
