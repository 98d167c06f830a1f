using System.Globalization;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;
using HardmaxCore.Clustering;

namespace HardmaxCore.Experiments.Benchmarking;

/// <summary>What a benchmark is refused for before it starts (memory), and the provenance its JSON report carries.</summary>
internal static class BenchChecks
{
    /// <summary>The largest batch·n·d a dynamics benchmark accepts: 2²⁷ values (512 MiB in float; the batch is held twice).</summary>
    public const long MaximumValues = 1L << 27;

    /// <summary>Refuses a dynamics benchmark whose batch holds more than <see cref="MaximumValues"/> values.</summary>
    /// <exception cref="ExperimentException">Too many values.</exception>
    public static void RequireFits(DynamicsBenchSettings settings)
    {
        long values = MemoryBudget.Product("DynamicsBenchSettings.Batch × DynamicsBenchSettings.Tokens × DynamicsBenchSettings.Dimension", settings.Batch, settings.Tokens, settings.Dimension);
        if (values > MaximumValues)
        {
            throw new ExperimentException(string.Create(CultureInfo.InvariantCulture,
                $"DynamicsBenchSettings.Batch × DynamicsBenchSettings.Tokens × DynamicsBenchSettings.Dimension = {values:N0} values is more than the {MaximumValues:N0} a benchmark batch may hold; lower DynamicsBenchSettings.Batch."));
        }
    }

    /// <summary>Refuses a clustering benchmark one of whose clouds does not fit: more than <see cref="PointCloud.MaxValues"/> coordinates, or above the memory budget on its threads.</summary>
    /// <exception cref="ExperimentException">A cloud holds too many coordinates.</exception>
    public static void RequireFits(ClusterBenchSettings settings)
    {
        int used = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount;
        int d = settings.Dimension;
        foreach (int n in settings.Sizes)
        {
            long values = MemoryBudget.Product("n × ClusterBenchSettings.Dimension", n, d);
            if (values > PointCloud.MaxValues)
            {
                throw new ExperimentException(string.Create(CultureInfo.InvariantCulture,
                    $"ClusterBenchSettings.Sizes {n} × ClusterBenchSettings.Dimension {d} = {values:N0} coordinates, more than the {PointCloud.MaxValues:N0} a cloud may hold; lower ClusterBenchSettings.Sizes or ClusterBenchSettings.Dimension."));
            }
            MemoryBudget.Require(string.Create(CultureInfo.InvariantCulture, $"benchmarking n = {n:N0} points in d = {d} on {used} threads"),
                ClusterBenchSettings.BytesFor(n, d, used), "lower ClusterBenchSettings.Sizes, ClusterBenchSettings.Dimension or ClusterBenchSettings.Threads");
        }
    }

    /// <summary>A report's JSON object with a <c>provenance</c> member added last (finished now), on one line-terminated text.</summary>
    public static string WithProvenance(string json, Provenance provenance)
    {
        JsonObject root = JsonNode.Parse(json)!.AsObject();
        root["provenance"] = provenance.Finish().ToJson();
        return root.ToJsonString(TrainingJson.Options) + "\n";
    }
}
