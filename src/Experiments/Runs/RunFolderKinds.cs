using System.Text.Json;
using System.Text.Json.Nodes;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Runs;

/// <summary>
/// Checks that the files of a run folder belong together before a resume: a checkpoint of one architecture beside a
/// model or metrics of the other (a file copied in from another run) is refused instead of resumed into a folder of
/// mixed kinds.
/// </summary>
internal static class RunFolderKinds
{
    /// <summary>Throws when <c>model.bin</c> or <c>metrics.json</c> of <paramref name="folder"/> is of another architecture than <paramref name="checkpoint"/>.</summary>
    /// <exception cref="ClassifierException">The files are of different kinds.</exception>
    /// <exception cref="ModelFileException">The model's header is damaged.</exception>
    public static void RequireOneKind(string folder, ClassifierArchitecture checkpoint)
    {
        string model = Path.Combine(folder, TrainingRun.ModelFileName);
        if (File.Exists(model))
        {
            Require(folder, TrainingRun.ModelFileName, AttentionModel.ArchitectureOf(model), checkpoint);
        }
        string metrics = Path.Combine(folder, TrainingRun.MetricsFileName);
        if (File.Exists(metrics) && ArchitectureOfMetrics(metrics) is ClassifierArchitecture recorded)
        {
            Require(folder, TrainingRun.MetricsFileName, recorded, checkpoint);
        }
    }

    /// <summary>The architecture in a metrics.json's settings (hardmax when absent); null when the file cannot say.</summary>
    private static ClassifierArchitecture? ArchitectureOfMetrics(string path)
    {
        try
        {
            JsonNode? settings = JsonNode.Parse(UserFile.ReadAllBytes(path, "metrics file", UserFile.TextFileCap))?["settings"];
            return settings?.Deserialize<TrainingOptions>(TrainingJson.Options)?.Architecture;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            throw new ClassifierException($"'{path}' is not a metrics.json of 'hardmax train' ({e.Message}); move it away to resume the run.", e);
        }
    }

    private static void Require(string folder, string name, ClassifierArchitecture found, ClassifierArchitecture checkpoint)
    {
        if (found != checkpoint)
        {
            throw new ClassifierException(
                $"the files of '{folder}' do not belong together: {TrainingCheckpoint.FileName} is of the {Name(checkpoint)} architecture but {name} of the {Name(found)} one (copied in from another run?); move the foreign file away, or resume the run it came from.");
        }
    }

    private static string Name(ClassifierArchitecture architecture) => architecture == ClassifierArchitecture.Attention ? "attention" : "hardmax";
}
