using System.Text.Json;

namespace HardmaxCore.Clustering;

/// <summary>
/// The JSON report of clustering runs on one cloud (System.Text.Json; never NaN: an undefined value is <c>null</c>):
/// <code>
/// { "data": { "points": n, "dimension": d, "labels": true, "columns": [...], "trueCenters": [[...]] | null },
///   "methods": [ { "method": "quantize", "clusters": k, "centers": [[...]],
///                  "metrics": { "ari": …, "nmi": …, "accuracy": …, "centroidError": …, "distortion": …, "seconds": … },
///                  "settings": { … }, "layers": L, "converged": true, "lastChange": c },
///                { "method": "heads", …, "risk": [...], "riskSteps": [...] },
///                { "method": "kmeans", … } ],
///   "provenance": { … } }    // only when given: version, commit, machine, threads, times
/// </code>
/// </summary>
public static class ClusteringReport
{
    /// <summary>The report as indented UTF-8 JSON.</summary>
    /// <param name="cloud">The clustered points.</param>
    /// <param name="runs">One run per method.</param>
    /// <param name="source">Where the points came from (a path or a mixture spec), or null.</param>
    /// <param name="provenance">What ran where (the tool passes its version, commit, machine, threads and times), or null.</param>
    public static byte[] ToJson(PointCloud cloud, IReadOnlyList<ClusteringRun> runs, string? source = null, System.Text.Json.Nodes.JsonNode? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(runs);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("data");
            if (source is not null)
            {
                json.WriteString("source", source);
            }
            json.WriteNumber("points", cloud.Count);
            json.WriteNumber("dimension", cloud.Dimension);
            json.WriteBoolean("labels", cloud.Labels is not null);
            json.WriteStartArray("columns");
            foreach (string name in cloud.ColumnNames)
            {
                json.WriteStringValue(name);
            }
            json.WriteEndArray();
            json.WritePropertyName("trueCenters");
            WriteRows(json, cloud.TrueCenters, cloud.Dimension);
            json.WriteEndObject();
            json.WriteStartArray("methods");
            foreach (ClusteringRun run in runs)
            {
                WriteRun(json, run);
            }
            json.WriteEndArray();
            if (provenance is not null)
            {
                json.WritePropertyName("provenance");
                provenance.WriteTo(json);
            }
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>One method's object.</summary>
    private static void WriteRun(Utf8JsonWriter json, ClusteringRun run)
    {
        json.WriteStartObject();
        json.WriteString("method", run.Method);
        json.WriteNumber("clusters", run.Clusters);
        json.WritePropertyName("centers");
        WriteRows(json, run.Centers, run.Dimension);
        json.WriteStartObject("metrics");
        Number(json, "ari", run.Metrics.Ari);
        Number(json, "nmi", run.Metrics.Nmi);
        Number(json, "accuracy", run.Metrics.Accuracy);
        Number(json, "centroidError", run.Metrics.CentroidError);
        Number(json, "distortion", run.Metrics.Distortion);
        Number(json, "seconds", run.Metrics.Seconds);
        json.WriteEndObject();
        json.WriteStartObject("settings");
        WriteSettings(json, run);
        json.WriteEndObject();
        if (run.Quantization is { } q)
        {
            json.WriteNumber("layers", q.Layers);
            json.WriteBoolean("converged", q.Converged);
            json.WriteBoolean("collapsed", q.Collapsed);
            Number(json, "lastChange", q.LastChange);
            Number(json, "radius", q.Radius);
        }
        if (run.Training is { } t)
        {
            json.WriteStartArray("risk");
            foreach (double r in t.Risk)
            {
                Value(json, r);
            }
            json.WriteEndArray();
            json.WriteStartArray("riskSteps");
            foreach (int step in t.LoggedSteps)
            {
                json.WriteNumberValue(step);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// The settings the method ran with, from its typed options: quantize — kernel, beta, layers (or "until-converged"),
    /// maxLayers, tolerance, precision, radius; heads — heads, lambda, bias, steps, batch, init, risk, seed; kmeans — k,
    /// restarts, maxIterations, tolerance, iterations, inertia, seed; a run assigned with a saved model — model; then
    /// scaling once the run is in input units.
    /// </summary>
    private static void WriteSettings(Utf8JsonWriter json, ClusteringRun run)
    {
        if (run.ModelPath is not null)
        {
            json.WriteString("model", run.ModelPath);
        }
        if (run.QuantizerSettings is { } q)
        {
            json.WriteString("kernel", ClusteringNames.Kernel(q.Kernel));
            Number(json, "beta", run.Quantization?.Beta ?? q.Beta);
            if (q.Layers is int layers)
            {
                json.WriteNumber("layers", layers);
            }
            else
            {
                json.WriteString("layers", "until-converged");
            }
            json.WriteNumber("maxLayers", q.MaxLayers);
            Number(json, "tolerance", q.Tolerance);
            json.WriteString("precision", q.Precision == QuantizerPrecision.Double ? "double" : "float");
            Number(json, "radius", run.Quantization?.Radius);
        }
        if (run.HeadsSettings is { } h)
        {
            json.WriteNumber("heads", h.Heads);
            Number(json, "lambda", h.Lambda);
            json.WriteBoolean("bias", h.Bias);
            json.WriteNumber("steps", h.Steps);
            json.WriteNumber("batch", h.BatchSize);
            json.WriteString("init", ClusteringNames.Initialization(h.ResolvedInitialization));
            json.WriteString("risk", ClusteringNames.Risk(run.PopulationRisk));
            json.WriteNumber("seed", h.Seed);
        }
        if (run.KMeansSettings is { } k)
        {
            json.WriteNumber("k", k.Clusters);
            json.WriteNumber("restarts", k.Restarts);
            json.WriteNumber("maxIterations", k.MaxIterations);
            Number(json, "tolerance", k.Tolerance);
            if (run.KMeansFit is { } fit)
            {
                json.WriteNumber("iterations", fit.Iterations);
                Number(json, "inertia", fit.Inertia);
            }
            json.WriteNumber("seed", k.Seed);
        }
        if (run.Scaling is FeatureScaling scaling)
        {
            json.WriteString("scaling", scaling.ToString().ToLowerInvariant());
        }
    }

    /// <summary>A k × d array as [[…], …], or null.</summary>
    private static void WriteRows(Utf8JsonWriter json, double[]? rows, int d)
    {
        if (rows is null)
        {
            json.WriteNullValue();
            return;
        }
        json.WriteStartArray();
        for (int r = 0; r < rows.Length / d; r++)
        {
            json.WriteStartArray();
            for (int c = 0; c < d; c++)
            {
                Value(json, rows[r * d + c]);
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    /// <summary>A named number, null when absent or not finite.</summary>
    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        json.WritePropertyName(name);
        Value(json, value);
    }

    /// <summary>A number value, null when absent or not finite.</summary>
    private static void Value(Utf8JsonWriter json, double? value)
    {
        if (value is double v && double.IsFinite(v))
        {
            json.WriteNumberValue(v);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
