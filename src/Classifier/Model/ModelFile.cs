using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// The container of model and checkpoint files: a magic word, a format version, a JSON header, float arrays, and a
/// SHA-256 of everything before it. Written atomically; read with clear errors for a file that is not ours, newer,
/// truncated or corrupted.
/// </summary>
/// <remarks>
/// Layout (little-endian): <c>"HMAXCORE"</c> · int32 version · int32 header bytes · header (UTF-8 JSON) · int32 arrays ·
/// for each: int64 length · length × float32 · 32-byte SHA-256 of all preceding bytes.
/// </remarks>
internal static class ModelFile
{
    /// <summary>The format version this build writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "HMAXCORE"u8.ToArray();

    /// <summary>Writes header and arrays to <paramref name="path"/> atomically (a temporary file in the same folder, then a rename).</summary>
    public static void Save(string path, JsonObject header, IReadOnlyList<float[]> arrays)
    {
        byte[] headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var buffer = new MemoryStream();
        buffer.Write(Magic);
        WriteInt32(buffer, FormatVersion);
        WriteInt32(buffer, headerBytes.Length);
        buffer.Write(headerBytes);
        WriteInt32(buffer, arrays.Count);
        Span<byte> length = stackalloc byte[8];
        foreach (float[] array in arrays)
        {
            BinaryPrimitives.WriteInt64LittleEndian(length, array.LongLength);
            buffer.Write(length);
            buffer.Write(MemoryMarshal.AsBytes(array.AsSpan()));
        }
        byte[] hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(hash);
        AtomicFile.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Reads a file written by <see cref="Save"/>.</summary>
    /// <exception cref="ModelFileException">Missing, unreadable, not a HardmaxCore file, newer format, truncated or corrupted.</exception>
    public static (JsonObject Header, float[][] Arrays) Load(string path, string what)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Cannot read the {what} '{path}': {e.Message}");
        }
        int minimum = Magic.Length + 4 + 4 + 4 + 32;
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new ModelFileException($"'{path}' is not a HardmaxCore {what} (it does not start with the HMAXCORE signature). Pass a file written by 'hardmax train'.");
        }
        if (bytes.Length < minimum)
        {
            throw new ModelFileException($"The {what} '{path}' is truncated ({bytes.Length} bytes). Train or copy it again.");
        }
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length));
        if (version > FormatVersion)
        {
            throw new ModelFileException($"The {what} '{path}' has format version {version}, newer than this hardmax reads (up to {FormatVersion}). Update hardmax.");
        }
        if (version < 1)
        {
            throw new ModelFileException($"The {what} '{path}' has an invalid format version {version}; the file is damaged.");
        }
        ReadOnlySpan<byte> body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
        {
            throw new ModelFileException($"The {what} '{path}' is corrupted or truncated (checksum mismatch). Train or copy it again.");
        }
        int offset = Magic.Length + 4;
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(body[offset..]);
        offset += 4;
        JsonObject header = JsonNode.Parse(body.Slice(offset, headerLength))?.AsObject()
            ?? throw new ModelFileException($"The {what} '{path}' has an empty header.");
        offset += headerLength;
        int count = BinaryPrimitives.ReadInt32LittleEndian(body[offset..]);
        offset += 4;
        var arrays = new float[count][];
        for (int a = 0; a < count; a++)
        {
            long length = BinaryPrimitives.ReadInt64LittleEndian(body[offset..]);
            offset += 8;
            arrays[a] = MemoryMarshal.Cast<byte, float>(body.Slice(offset, checked((int)length * sizeof(float)))).ToArray();
            offset += (int)length * sizeof(float);
        }
        return (header, arrays);
    }

    /// <summary>Reads a required header field, with a clear error when it is missing.</summary>
    public static T Field<T>(JsonObject header, string name, string path)
    {
        JsonNode? node = header[name];
        if (node is null)
        {
            throw new ModelFileException($"'{path}' lacks the header field '{name}'; the file is damaged or from an incompatible build.");
        }
        return node.Deserialize<T>() ?? throw new ModelFileException($"'{path}' has an empty header field '{name}'.");
    }

    private static void WriteInt32(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }
}
