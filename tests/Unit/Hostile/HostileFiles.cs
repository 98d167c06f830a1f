using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Training;

namespace HardmaxCore.UnitTests.Hostile;

/// <summary>
/// What the hostile-input cases share, made once: a synthetic CSV, a tiny trained run (model and checkpoint), and helpers
/// that craft damaged model files with a valid checksum, FIFOs and symbolic links.
/// </summary>
public sealed class HostileFixture : IDisposable
{
    public HostileFixture()
    {
        this.Root = Path.Combine(Path.GetTempPath(), $"hardmax-hostile-{Guid.NewGuid():N}");
        Directory.CreateDirectory(this.Root);
        this.Csv = SyntheticReviews.WriteCsv(this.Root, 100);
        this.Run = Path.Combine(this.Root, "run");
        CliResult train = CliHarness.Run("train", "--data", this.Csv, "--dim", "2", "--layers", "1", "--tokens", "8", "--epochs", "1", "--out", this.Run);
        if (train.ExitCode != 0)
        {
            throw new InvalidOperationException($"the fixture's training failed: {train.Error}");
        }
    }

    /// <summary>A folder for the fixture's files.</summary>
    public string Root { get; }

    /// <summary>100 synthetic reviews.</summary>
    public string Csv { get; }

    /// <summary>A finished run of one epoch: model.bin, checkpoint.bin, metrics.json.</summary>
    public string Run { get; }

    public string Model => Path.Combine(this.Run, TrainingRun.ModelFileName);

    public string Checkpoint => Path.Combine(this.Run, "checkpoint.bin");

    public void Dispose()
    {
        try
        {
            Directory.Delete(this.Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Helpers that make hostile files.</summary>
public static class HostileFiles
{
    /// <summary>The header and arrays of a model or checkpoint file.</summary>
    public static (JsonObject Header, float[][] Arrays) Read(string path) => ModelFile.Load(path, "model file");

    /// <summary>
    /// Writes a file in the model format with a valid SHA-256: the header as given (any JSON text), then the arrays, each
    /// preceded by its claimed length (the real length unless overridden), and the array count (real unless overridden).
    /// </summary>
    public static void WriteRaw(string path, string headerJson, IReadOnlyList<float[]> arrays, int? count = null, long? firstLength = null)
    {
        var bytes = new MemoryStream();
        bytes.Write("HMAXCORE"u8);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(number, ModelFile.FormatVersion);
        bytes.Write(number[..4]);
        byte[] header = Encoding.UTF8.GetBytes(headerJson);
        BinaryPrimitives.WriteInt32LittleEndian(number, header.Length);
        bytes.Write(number[..4]);
        bytes.Write(header);
        BinaryPrimitives.WriteInt32LittleEndian(number, count ?? arrays.Count);
        bytes.Write(number[..4]);
        for (int a = 0; a < arrays.Count; a++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(number, a == 0 && firstLength is long claimed ? claimed : arrays[a].LongLength);
            bytes.Write(number);
            bytes.Write(MemoryMarshal.AsBytes(arrays[a].AsSpan()));
        }
        bytes.Write(SHA256.HashData(bytes.ToArray()));
        File.WriteAllBytes(path, bytes.ToArray());
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="path"/> with its header changed by <paramref name="edit"/> (checksum recomputed).</summary>
    public static string EditHeader(string source, string path, Action<JsonObject> edit)
    {
        (JsonObject header, float[][] arrays) = Read(source);
        edit(header);
        WriteRaw(path, header.ToJsonString(), arrays);
        return path;
    }

    /// <summary>Copies <paramref name="source"/> with the checkpoint part of its header changed.</summary>
    public static string EditCheckpoint(string source, string folder, Action<JsonObject> edit)
    {
        Directory.CreateDirectory(folder);
        EditHeader(source, Path.Combine(folder, "checkpoint.bin"), header => edit(header["checkpoint"]!.AsObject()));
        return folder;
    }

    /// <summary>Makes a named pipe with mkfifo.</summary>
    public static string Fifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return path;
    }

    /// <summary>The lines of stderr that report an error.</summary>
    public static string[] ErrorReports(CliResult result)
        => result.ErrorLines.Where(line => line.Contains(": error: ", StringComparison.Ordinal)).ToArray();
}
