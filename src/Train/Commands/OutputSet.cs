using HardmaxCore.Classifier;

namespace HardmaxCore.Train.Commands;

/// <summary>
/// The output files of one command, checked together before the work (<see cref="OutputFiles.Check"/>) and written as a
/// set after it (<see cref="AtomicFile.WriteSet"/>), so a bad last target never leaves the first ones written.
/// </summary>
/// <remarks>
/// <code>
/// OutputFiles.Check((outPath, "--out"), (plotPath, "--plot")); // before the work: one clear error, nothing written
/// ...
/// OutputSet.Write((outPath, json), (plotPath, png));            // after it: all or none
/// </code>
/// </remarks>
internal static class OutputSet
{
    /// <summary>Writes the given outputs (absent ones skipped) as a set.</summary>
    /// <exception cref="IOException">A target cannot be written or writing failed; no destination was changed unless the renames had begun.</exception>
    public static void Write(params (string? Path, byte[] Bytes)[] outputs)
        => Write(outputs.Select(o => Bytes(o.Path, o.Bytes)).ToArray());

    /// <summary>Writes the given outputs (absent ones skipped) as a set, each streamed by its writer (a large output need not be made in memory first).</summary>
    /// <exception cref="IOException">A target cannot be written or writing failed; no destination was changed unless the renames had begun.</exception>
    /// <remarks>Ctrl+C during the write takes effect after it (<see cref="Interruption.Deferred"/>), and names the files written.</remarks>
    public static void Write(params (string? Path, Action<Stream> Write)[] outputs)
    {
        (string Path, Action<Stream> Write)[] present = outputs.Where(o => o.Path is not null).Select(o => (o.Path!, o.Write)).ToArray();
        Interruption interruption = Interruption.Current;
        interruption.Deferred(() =>
        {
            AtomicFile.WriteSet(present);
            foreach ((string path, _) in present)
            {
                interruption.Saved(path);
            }
        });
    }

    /// <summary>An output made in memory, as a writer for the streaming <c>Write</c>.</summary>
    public static (string? Path, Action<Stream> Write) Bytes(string? path, byte[] bytes) => (path, stream => stream.Write(bytes));
}
