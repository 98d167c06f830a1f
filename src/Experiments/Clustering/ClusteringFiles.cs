using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.Clustering;
using HardmaxCore.Experiments.Plotting;
using Spectre.Console;

namespace HardmaxCore.Experiments.Clustering;

/// <summary>Where a clustering job writes: each path null for none.</summary>
/// <param name="Report">The JSON report (<see cref="ClusteringReport"/>); null = the caller prints it.</param>
/// <param name="Assignments">The cluster of every point per method (.csv or .npy).</param>
/// <param name="Outputs">The quantizer's outputs in input units (.csv or .npy).</param>
/// <param name="Plot">One panel per method (.png, .svg or .pdf).</param>
/// <param name="Page">The page of the plot.</param>
/// <param name="Model">The fitted methods with the scaling (<see cref="ClusteringModel"/>), to assign new points.</param>
internal sealed record ClusteringPaths(string? Report, string? Assignments, string? Outputs, string? Plot, FigurePage Page, string? Model);

/// <summary>The files of a clustering job (chosen by extension: .csv or .npy), made in memory, and its summary table.</summary>
internal static class ClusteringFiles
{
    /// <summary>Whether a path names a .npy file.</summary>
    public static bool IsNpy(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads points from a .npy file or a CSV file, by extension.</summary>
    public static PointCloud ReadPoints(string path) => IsNpy(path) ? NpyFile.ReadPoints(path) : PointCloud.ReadCsv(path);

    /// <summary>
    /// The report and every file <paramref name="paths"/> asks for, made before any is written so the caller writes them
    /// as a set (all or none).
    /// </summary>
    /// <param name="cloud">The points in input units.</param>
    /// <param name="runs">The runs, in input units.</param>
    /// <param name="scaler">The scaling they ran under (needed for <see cref="ClusteringPaths.Model"/>), or null.</param>
    /// <param name="source">The name of the points' source.</param>
    /// <param name="provenance">The provenance object of the report, or null.</param>
    /// <param name="paths">The files.</param>
    /// <returns>The report's JSON, and each file as (path, bytes), the absent ones with a null path.</returns>
    public static (byte[] Json, (string? Path, byte[] Bytes)[] Files) Make(
        PointCloud cloud, IReadOnlyList<ClusteringRun> runs, FeatureScaler? scaler, string source, JsonNode? provenance, ClusteringPaths paths)
    {
        byte[] json = ClusteringReport.ToJson(cloud, runs, source, provenance);
        byte[] assignments = paths.Assignments is null ? [] : Assignments(paths.Assignments, cloud, runs);
        byte[] outputs = paths.Outputs is null ? [] : Outputs(paths.Outputs, cloud, runs.First(r => r.Quantization is not null).Quantization!);
        byte[] picture = paths.Plot is null ? [] : ClusterPlot.Render(cloud, runs, paths.Page, FigureComposer.RequireFormat(paths.Plot));
        byte[] model = paths.Model is null ? [] : ClusteringModel.FromRuns(scaler!, cloud.ColumnNames, runs).ToJson();
        return (json, [(paths.Report, json), (paths.Assignments, assignments), (paths.Outputs, outputs), (paths.Plot, picture), (paths.Model, model)]);
    }

    /// <summary>
    /// Makes the report and the files (<see cref="Make"/>), hands the files to <paramref name="writeSet"/> (which writes them
    /// as a set), writes the report to <paramref name="output"/> when it has no file, and the summary table to <paramref name="summary"/>.
    /// </summary>
    public static void Write(PointCloud cloud, IReadOnlyList<ClusteringRun> runs, FeatureScaler? scaler, string source, JsonNode? provenance, ClusteringPaths paths,
        Action<(string? Path, byte[] Bytes)[]> writeSet, TextWriter output, TextWriter summary)
    {
        (byte[] json, (string? Path, byte[] Bytes)[] files) = Make(cloud, runs, scaler, source, provenance, paths);
        writeSet(files);
        if (paths.Report is null)
        {
            output.Write(Encoding.UTF8.GetString(json));
            output.WriteLine();
            output.Flush();
        }
        Text.PlainText.Write(summary, Summary(cloud, runs, source));
    }

    /// <summary>The assignments as .npy (int32, n × methods, in method order) or CSV (<see cref="AssignmentsCsv"/>), by extension.</summary>
    public static byte[] Assignments(string path, PointCloud cloud, IReadOnlyList<ClusteringRun> runs)
    {
        if (!IsNpy(path))
        {
            return AssignmentsCsv(cloud, runs);
        }
        int[] values = new int[cloud.Count * runs.Count];
        for (int i = 0; i < cloud.Count; i++)
        {
            for (int m = 0; m < runs.Count; m++)
            {
                values[i * runs.Count + m] = runs[m].Assignments[i];
            }
        }
        return NpyFile.Write(values, cloud.Count, runs.Count);
    }

    /// <summary>The quantizer's outputs as .npy (float64, n × d) or CSV under the input's column names, by extension.</summary>
    public static byte[] Outputs(string path, PointCloud cloud, QuantizerResult quantization)
        => IsNpy(path)
            ? NpyFile.Write(quantization.Outputs, cloud.Count, cloud.Dimension)
            : PointCloud.ToCsv(quantization.Outputs, cloud.ColumnNames);

    /// <summary><c>index,quantize,heads,kmeans</c> (the methods that ran, then <c>label</c> when known), one line per point in input order.</summary>
    internal static byte[] AssignmentsCsv(PointCloud cloud, IReadOnlyList<ClusteringRun> runs)
    {
        var builder = new StringBuilder();
        builder.Append("index");
        foreach (ClusteringRun run in runs)
        {
            builder.Append(',').Append(run.Method);
        }
        if (cloud.Labels is not null)
        {
            builder.Append(",label");
        }
        builder.Append('\n');
        for (int i = 0; i < cloud.Count; i++)
        {
            builder.Append(i.ToString(CultureInfo.InvariantCulture));
            foreach (ClusteringRun run in runs)
            {
                builder.Append(',').Append(run.Assignments[i].ToString(CultureInfo.InvariantCulture));
            }
            if (cloud.Labels is not null)
            {
                builder.Append(',').Append(cloud.Labels[i].ToString(CultureInfo.InvariantCulture));
            }
            builder.Append('\n');
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The summary table: one row per method (clusters, scores, seconds, and how it ran).</summary>
    internal static Table Summary(PointCloud cloud, IReadOnlyList<ClusteringRun> runs, string source)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(string.Create(c, $"hardmax cluster: {source} (n = {cloud.Count}, d = {cloud.Dimension})")));
        foreach (string column in new[] { "method", "clusters", "ARI", "NMI", "accuracy", "centroid error", "distortion", "seconds", "notes" })
        {
            table.AddColumn(column is "method" or "notes" ? new TableColumn(column) : new TableColumn(column).RightAligned());
        }
        static string Score(double? value) => value is double v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
        foreach (ClusteringRun run in runs)
        {
            string notes = run.ModelPath is string model
                ? $"assigned by the saved model {model}"
                : run.Quantization is { } q
                ? string.Create(c, $"{ClusteringNames.Kernel(run.QuantizerSettings?.Kernel ?? default)}, β = {q.Beta:G4}, {q.Layers} layers, {(q.Collapsed ? "converged (clusters collapsed)" : q.Converged ? "converged" : "not converged")}, δ = {q.Radius:0.##e+0}")
                : run.Training is { } t && run.HeadsSettings is { } h
                    ? string.Create(c, $"λ = {h.Lambda}, {ClusteringNames.Initialization(h.ResolvedInitialization)} init, {ClusteringNames.Risk(run.PopulationRisk)} risk {t.Risk[0]:G4} → {t.Risk[^1]:G4}")
                    : string.Create(c, $"{run.KMeansSettings?.Restarts} restarts, inertia {run.KMeansFit?.Inertia:G6}");
            table.AddRow(
                Markup.Escape(run.Method),
                run.Clusters.ToString(c),
                Score(run.Metrics.Ari),
                Score(run.Metrics.Nmi),
                Score(run.Metrics.Accuracy),
                Score(run.Metrics.CentroidError),
                Score(run.Metrics.Distortion),
                run.Metrics.Seconds.ToString("0.00", c),
                Markup.Escape(notes));
        }
        return table;
    }
}
