using HardmaxCore.Classifier;
using HardmaxCore.Experiments.Plotting;

namespace HardmaxCore.Experiments.Work;

/// <summary>
/// The checks of a job's output files before any work: the folder exists, the target is a writable kind under the link
/// policy (<see cref="AtomicFile.Check"/>), no two outputs are one file, a figure has a known extension. Each output is named
/// by the caller (a property, or what its user typed), and every message names it.
/// </summary>
/// <remarks>
/// <code>
/// OutputFiles.Check((outPath, "Report"), (plotPath, "Plot"));   // before the work: one clear error, nothing written
/// </code>
/// </remarks>
internal static class OutputFiles
{
    /// <summary>Checks, before any long computation, that the folder an output file goes to exists.</summary>
    /// <param name="path">The output file.</param>
    /// <param name="name">What the caller calls it.</param>
    /// <exception cref="ExperimentException">The folder does not exist.</exception>
    public static void RequireFolder(string path, string name)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new ExperimentException($"{name} '{path}': the folder '{directory}' does not exist.");
        }
    }

    /// <summary>Checks the folder of every given output (absent ones are skipped), in order (<see cref="RequireFolder"/>).</summary>
    /// <exception cref="ExperimentException">A folder does not exist.</exception>
    public static void RequireFolders(params (string? Path, string Name)[] outputs)
    {
        foreach ((string? path, string name) in outputs)
        {
            if (path is not null)
            {
                RequireFolder(path, name);
            }
        }
    }

    /// <summary>Checks before any work that a figure path has a known extension (<see cref="FigureComposer.RequireFormat"/>) and an existing folder.</summary>
    /// <exception cref="ExperimentException">Another extension, or the folder does not exist.</exception>
    public static FigureFormat RequireFigure(string path, string name)
    {
        FigureFormat format = FigureComposer.RequireFormat(path, name);
        RequireFolder(path, name);
        return format;
    }

    /// <summary>Checks every given output (absent ones are skipped): folder exists, writable kind, link policy, no two the same.</summary>
    /// <exception cref="ExperimentException">An output cannot be written; the message names it.</exception>
    public static void Check(params (string? Path, string Name)[] outputs)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string? path, string name) in outputs)
        {
            if (path is null)
            {
                continue;
            }
            RequireFolder(path, name);
            try
            {
                AtomicFile.Check(path);
            }
            catch (IOException e)
            {
                throw new ExperimentException($"{name}: {e.Message}", e);
            }
            string full = Path.GetFullPath(path);
            if (seen.TryGetValue(full, out string? other))
            {
                throw new ExperimentException($"{name} '{path}' is also the file of {other}; give each output its own path.");
            }
            seen[full] = name;
        }
    }
}
