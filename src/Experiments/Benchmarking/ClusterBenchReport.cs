using System.Globalization;
using System.Text;
using System.Text.Json;
using HardmaxCore.Classifier;
using Spectre.Console;

using HardmaxCore.Experiments.Text;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>The output of <c>hardmax bench --cluster</c>: tables for a human, or one JSON object.</summary>
internal static class ClusterBenchReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Checks that every size fits (<see cref="BenchChecks.RequireFits(ClusterBenchSettings)"/>), measures
    /// (<see cref="ClusterBenchmark.Measure"/>, each measurement announced to <paramref name="progress"/>) and returns the
    /// report: <see cref="Json"/> with the provenance (its threads the measurement's), or <see cref="Text"/>.
    /// </summary>
    /// <exception cref="ExperimentException">A size does not fit.</exception>
    public static string Run(ClusterBenchSettings settings, bool json, Provenance provenance, Action<string>? progress)
    {
        BenchChecks.RequireFits(settings);
        ClusterBenchResult result = ClusterBenchmark.Measure(settings, progress);
        return json ? BenchChecks.WithProvenance(Json(result), provenance with { Threads = result.Threads }) : Text(result);
    }

    /// <summary>
    /// A header, the identity-attention table (one row per n: seconds per layer on one thread and on all cores, their ratio,
    /// points/s, GFLOP/s, GFLOP/s over the batch score kernel's, bytes per layer), a line with the batch score kernel's
    /// GFLOP/s, a line with the heads' steps/s, and the k-means table.
    /// </summary>
    public static string Text(ClusterBenchResult result)
    {
        ClusterBenchSettings s = result.Settings;
        int t = result.Threads;
        string many = t == 1 ? "1 thread" : $"{t} threads";
        var text = new StringBuilder();
        text.Append(Invariant, $"hardmax bench --cluster: identity attention in float, d = {s.Dimension}, {Name(s.Kernel)} kernel, β = {s.Beta}, {result.Variant}, {many} ")
            .Append(Invariant, $"(of {Environment.ProcessorCount} cores); Gaussian mixture of K = {ClusterBenchSettings.Components} components {ClusterBenchSettings.Separation}σ apart, seed {s.Seed}\n")
            .Append("A layer counts 4n²d flops (scores and weighted sum); every layer starts from the same cloud; each measurement runs at least one layer, ")
            .Append("so large n can take longer than --seconds.\n\n");

        var table = new Table().Border(TableBorder.Rounded).Title("identity attention, one layer (each from the same cloud)");
        foreach (string column in new[]
        {
            "n", "layers\n1 / " + t, "s/layer\n1 thread", $"s/layer\n{many}", $"speed-up\n{t} / 1", "points/s\n1 thread", $"points/s\n{many}",
            "GFLOP/s\n1 thread", $"GFLOP/s\n{many}", "÷ batch\nkernel", $"bytes/layer\n{many}",
        })
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        }
        double batchAll = result.BatchKernelAllGflops;
        foreach (ClusterSizeResult row in result.Sizes)
        {
            table.AddRow(
                row.Points.ToString("N0", Invariant),
                string.Create(Invariant, $"{row.Single.Layers} / {row.All.Layers}"),
                Seconds(row.Single.SecondsPerLayer),
                Seconds(row.All.SecondsPerLayer),
                string.Create(Invariant, $"{row.AllOverSingle:0.00}×"),
                row.PointsPerSecond(row.Single).ToString("N0", Invariant),
                row.PointsPerSecond(row.All).ToString("N0", Invariant),
                row.Gflops(row.Single).ToString("0.00", Invariant),
                row.Gflops(row.All).ToString("0.00", Invariant),
                batchAll > 0 ? string.Create(Invariant, $"{row.Gflops(row.All) / batchAll:0.00}×") : "–",
                row.All.BytesPerLayer is double bytes ? bytes.ToString("N0", Invariant) : "–");
        }
        Render(text, table);

        DynamicsBenchResult batch = result.BatchKernel;
        text.Append(Invariant, $"\nbatch score kernel (hardmax, n = {batch.Settings.Tokens}, d = {batch.Settings.Dimension}, K = {batch.Settings.Layers}, counting 2n²d·K flops): ")
            .Append(Invariant, $"{result.BatchKernelSingleGflops:0.00} GFLOP/s on 1 thread, {batchAll:0.00} on {batch.Threads} cores; ")
            .Append(Invariant, $"'÷ batch kernel' is identity attention's GFLOP/s on {many} over its {batchAll:0.00}.\n")
            .Append(Invariant, $"prototype heads (H = {ClusterBenchSettings.Components}, λ = {ClusterBenchSettings.HeadsLambda}, d = {s.Dimension}, Adam on batches of {ClusterBenchSettings.HeadsBatch} fresh points): ")
            .Append(Invariant, $"{result.HeadsStepsPerSecond:N0} steps/s ({result.HeadsSteps:N0} steps in {result.HeadsSeconds:0.00} s)\n\n");

        text.Append(Invariant, $"k-means (k = {ClusterBenchSettings.Components}, k-means++ and Lloyd, {ClusterBenchSettings.KMeansRestarts} restarts per fit, {many}) on the same clouds:\n");
        var kmeans = new Table().Border(TableBorder.Rounded);
        foreach (string column in new[] { "n", "fits", "s/fit", "points/s", "Lloyd iterations" })
        {
            kmeans.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (ClusterSizeResult row in result.Sizes)
        {
            kmeans.AddRow(
                row.Points.ToString("N0", Invariant),
                row.KMeansFits.ToString(Invariant),
                Seconds(row.KMeansSecondsPerFit),
                row.KMeansPointsPerSecond.ToString("N0", Invariant),
                row.KMeansIterations.ToString(Invariant));
        }
        Render(text, kmeans);
        return text.ToString();
    }

    /// <summary>
    /// One JSON object: the settings (<c>mode, d, beta, kernel, kernelWidth, threads, seconds, seed, mixture</c>), <c>sizes</c>
    /// (one object per n with the identity-attention and k-means figures), <c>batchKernel</c> and <c>heads</c>. Every
    /// figure is a finite number; bytes per layer are null when no warm layer was measured.
    /// </summary>
    public static string Json(ClusterBenchResult result)
    {
        ClusterBenchSettings s = result.Settings;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("mode", "cluster");
            json.WriteNumber("d", s.Dimension);
            json.WriteNumber("beta", s.Beta);
            json.WriteString("kernel", Name(s.Kernel));
            json.WriteString("precision", "float");
            json.WriteString("kernelWidth", result.Variant.ToString());
            json.WriteNumber("threads", result.Threads);
            json.WriteNumber("seconds", s.Seconds);
            json.WriteNumber("seed", s.Seed);
            json.WriteStartObject("mixture");
            json.WriteNumber("components", ClusterBenchSettings.Components);
            json.WriteNumber("separation", ClusterBenchSettings.Separation);
            json.WriteNumber("sigma", 1);
            json.WriteEndObject();
            json.WriteNumber("batchKernelGflops", Round(result.BatchKernelAllGflops));

            json.WriteStartArray("sizes");
            foreach (ClusterSizeResult row in result.Sizes)
            {
                json.WriteStartObject();
                json.WriteNumber("n", row.Points);
                json.WriteNumber("flopsPerLayer", row.FlopsPerLayer);
                Timing(json, "single", row, row.Single, "bytesAllocatedPerLayerSingle");
                json.WriteNumber("allThreads", row.All.Threads);
                Timing(json, "all", row, row.All, "bytesAllocatedPerLayer");
                json.WriteNumber("allOverSingle", Round(row.AllOverSingle));
                json.WriteNumber("allGflopsOverBatchKernel", result.BatchKernelAllGflops > 0 ? Round(row.Gflops(row.All) / result.BatchKernelAllGflops) : 0);
                json.WriteNumber("kmeansFits", row.KMeansFits);
                json.WriteNumber("kmeansSecondsPerFit", Round(row.KMeansSecondsPerFit));
                json.WriteNumber("kmeansPointsPerSecond", Round(row.KMeansPointsPerSecond));
                json.WriteNumber("kmeansIterations", row.KMeansIterations);
                json.WriteEndObject();
            }
            json.WriteEndArray();

            DynamicsBenchResult batch = result.BatchKernel;
            json.WriteStartObject("batchKernel");
            json.WriteString("attention", "hardmax");
            json.WriteNumber("n", batch.Settings.Tokens);
            json.WriteNumber("d", batch.Settings.Dimension);
            json.WriteNumber("layers", batch.Settings.Layers);
            json.WriteNumber("batch", batch.Settings.Batch);
            json.WriteNumber("threads", batch.Threads);
            json.WriteNumber("flopsPerConfiguration", batch.Settings.FlopsPerConfiguration);
            json.WriteNumber("coreSingleGflops", Round(result.BatchKernelSingleGflops));
            json.WriteNumber("coreAllGflops", Round(result.BatchKernelAllGflops));
            json.WriteNumber("coreAllOverCoreSingle", Round(batch.CoreAll.Over(batch.CoreSingle)));
            json.WriteEndObject();

            json.WriteStartObject("heads");
            json.WriteNumber("heads", ClusterBenchSettings.Components);
            json.WriteNumber("lambda", ClusterBenchSettings.HeadsLambda);
            json.WriteNumber("batch", ClusterBenchSettings.HeadsBatch);
            json.WriteNumber("d", s.Dimension);
            json.WriteNumber("steps", result.HeadsSteps);
            json.WriteNumber("seconds", Round(result.HeadsSeconds));
            json.WriteNumber("stepsPerSecond", Round(result.HeadsStepsPerSecond));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Four significant digits, 0 for a value that is not finite (<see cref="BenchReport.Round"/>).</summary>
    private static double Round(double value) => BenchReport.Round(value);

    /// <summary>One timing's layers, seconds per layer, points/s, pairs/s, GFLOP/s (keys prefixed) and bytes per layer.</summary>
    private static void Timing(Utf8JsonWriter json, string prefix, ClusterSizeResult row, LayerTiming timing, string bytesKey)
    {
        json.WriteNumber(prefix + "Layers", timing.Layers);
        json.WriteNumber(prefix + "SecondsPerLayer", Round(timing.SecondsPerLayer));
        json.WriteNumber(prefix + "PointsPerSecond", Round(row.PointsPerSecond(timing)));
        json.WriteNumber(prefix + "PairsPerSecond", Round(row.PairsPerSecond(timing)));
        json.WriteNumber(prefix + "Gflops", Round(row.Gflops(timing)));
        Bytes(json, bytesKey, timing.BytesPerLayer);
    }

    /// <summary>Bytes per layer, rounded, or null when no warm layer was measured.</summary>
    private static void Bytes(Utf8JsonWriter json, string name, double? bytes)
    {
        if (bytes is double value && double.IsFinite(value))
        {
            json.WriteNumber(name, Round(value));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>A duration for people: 12.3 s, 215 ms, 1.84 ms, 35.2 µs.</summary>
    private static string Seconds(double seconds) => seconds switch
    {
        >= 1 => seconds.ToString("0.00 's'", Invariant),
        >= 1e-3 => (seconds * 1e3).ToString("0.00 'ms'", Invariant),
        _ => (seconds * 1e6).ToString("0.0 'µs'", Invariant),
    };

    /// <summary>Renders a table as plain text into <paramref name="text"/>.</summary>
    private static void Render(StringBuilder text, Table table)
    {
        using var writer = new StringWriter(Invariant);
        PlainText.Write(writer, table, PlainText.FileWidth);
        text.Append(writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static string Name(IdentityKernel kernel) => kernel == IdentityKernel.Gaussian ? "gaussian" : "dot";
}
