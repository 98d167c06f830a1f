using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardmaxCore.Classifier;

/// <summary>
/// The container of model and checkpoint files: a magic word, a format version, a JSON header, float arrays, and a
/// SHA-256 of everything before it. Written atomically and streamed (no size limit but the disk's); read with clear
/// errors for a file that is not ours, newer, truncated, corrupted, or damaged in a way the checksum cannot see.
/// </summary>
/// <remarks>
/// Layout (little-endian): <c>"HMAXCORE"</c> · int32 version · int32 header bytes · header (UTF-8 JSON object) · int32
/// arrays · for each: int64 length · length × float32 · 32-byte SHA-256 of all preceding bytes.
/// Loading checks the checksum first (a flipped bit or a cut file), then every length against the bytes that remain,
/// then that every weight is finite: a file whose checksum was recomputed after editing cannot make the reader allocate
/// more than the file holds or return weights that are not numbers. Weights that are not finite are refused on save too.
/// </remarks>
internal static class ModelFile
{
    /// <summary>The format version this build writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The largest header accepted: 1 GiB (a vocabulary of millions of words is far smaller).</summary>
    private const int MaximumHeaderBytes = 1 << 30;

    /// <summary>Floats moved per read or write (a Span&lt;byte&gt; holds at most 2 GiB).</summary>
    private const int Chunk = 1 << 24;

    /// <summary>Floats per read of an array that is checked and skipped (256 KiB).</summary>
    private const int SkipChunk = 1 << 16;

    private static readonly byte[] Magic = "HMAXCORE"u8.ToArray();

    /// <summary>Writes header and arrays to <paramref name="path"/> atomically, streaming with an incremental SHA-256.</summary>
    /// <exception cref="ModelFileException">A weight is NaN or infinite.</exception>
    /// <exception cref="IOException">Writing failed (the message names <paramref name="path"/>).</exception>
    public static void Save(string path, JsonObject header, IReadOnlyList<float[]> arrays)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(arrays);
        for (int a = 0; a < arrays.Count; a++)
        {
            long bad = FirstNonFinite(arrays[a]);
            if (bad >= 0)
            {
                throw new ModelFileException(string.Create(CultureInfo.InvariantCulture,
                    $"refusing to save '{path}': weight array {a} holds {arrays[a][bad]} at index {bad} (training diverged; lower the learning rate)."));
            }
        }
        byte[] headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        AtomicFile.Write(path, stream =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Put(ReadOnlySpan<byte> bytes)
            {
                hash.AppendData(bytes);
                stream.Write(bytes);
            }
            Span<byte> number = stackalloc byte[8];
            Put(Magic);
            BinaryPrimitives.WriteInt32LittleEndian(number, FormatVersion);
            Put(number[..4]);
            BinaryPrimitives.WriteInt32LittleEndian(number, headerBytes.Length);
            Put(number[..4]);
            Put(headerBytes);
            BinaryPrimitives.WriteInt32LittleEndian(number, arrays.Count);
            Put(number[..4]);
            foreach (float[] array in arrays)
            {
                BinaryPrimitives.WriteInt64LittleEndian(number, array.LongLength);
                Put(number);
                for (long start = 0; start < array.LongLength; start += Chunk)
                {
                    int count = (int)Math.Min(Chunk, array.LongLength - start);
                    Put(MemoryMarshal.AsBytes(array.AsSpan((int)start, count)));
                }
            }
            stream.Write(hash.GetHashAndReset());
        });
    }

    /// <summary>Reads a file written by <see cref="Save"/>, streaming (no whole-file buffer).</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">"model file" or "checkpoint", for messages.</param>
    /// <exception cref="ModelFileException">Missing, unreadable, not a HardmaxCore file, newer format, truncated, corrupted or damaged.</exception>
    public static (JsonObject Header, float[][] Arrays) Load(string path, string what)
    {
        try
        {
            using FileStream stream = UserFile.OpenRead(path, what, UserFile.LargeFileCap);
            return Read(stream, path, what);
        }
        catch (UnreadableFileException e)
        {
            throw new ModelFileException($"Cannot read the {what} '{path}': {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Cannot read the {what} '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads a file written by <see cref="Save"/> straight into arrays the caller allocates once it has seen the header:
    /// no whole-file buffer and no intermediate copy, so loading takes the memory of the loaded weights and nothing more
    /// (a checkpoint resumes in the memory its run trained in). The checksum is verified in a first streamed pass.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="what">"model file" or "checkpoint", for messages.</param>
    /// <param name="bind">
    /// Given the header, the number of arrays the file holds and the bytes that remain, the destinations of the first arrays, in file order (it
    /// checks the header and throws <see cref="ModelFileException"/> when the file does not fit). Arrays past the last
    /// destination are read, checked and skipped.
    /// </param>
    /// <param name="mismatch">Given an array index, its length in the file and the destination's, what is wrong (for the message).</param>
    /// <exception cref="ModelFileException">Missing, unreadable, not a HardmaxCore file, newer format, truncated, corrupted or damaged.</exception>
    public static JsonObject LoadInto(string path, string what, Func<JsonObject, int, long, IReadOnlyList<float[]>> bind, Func<int, long, long, string>? mismatch = null)
    {
        ArgumentNullException.ThrowIfNull(bind);
        try
        {
            using FileStream stream = UserFile.OpenRead(path, what, UserFile.LargeFileCap);
            (JsonObject header, BoundedReader reader) = ReadHead(stream, path, what, verify: true);
            int count = ReadCount(reader, path);
            IReadOnlyList<float[]> targets = bind(header, count, reader.Remaining);
            if (targets.Count > count)
            {
                throw Damaged(path, string.Create(CultureInfo.InvariantCulture, $"it holds {count} weight arrays where {targets.Count} are needed"), "after the header");
            }
            float[]? skip = null;
            for (int a = 0; a < count; a++)
            {
                long lengthAt = reader.Position;
                long length = ReadLength(reader, path, a);
                if (a < targets.Count)
                {
                    float[] target = targets[a];
                    if (length != target.LongLength)
                    {
                        throw Damaged(path,
                            mismatch?.Invoke(a, length, target.LongLength)
                                ?? string.Create(CultureInfo.InvariantCulture, $"weight array {a} has {length} values, expected {target.LongLength}"),
                            string.Create(CultureInfo.InvariantCulture, $"array {a} at byte {lengthAt}"));
                    }
                    ReadValues(reader, path, a, target, length);
                }
                else
                {
                    // An array nobody asked for (a checkpoint's moments when only the model is wanted): checked in chunks.
                    skip ??= new float[SkipChunk];
                    for (long start = 0; start < length; start += skip.Length)
                    {
                        int chunk = (int)Math.Min(skip.Length, length - start);
                        ReadValues(reader, path, a, skip, chunk);
                    }
                }
            }
            RequireEnd(reader, path);
            return header;
        }
        catch (UnreadableFileException e)
        {
            throw new ModelFileException($"Cannot read the {what} '{path}': {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Cannot read the {what} '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads only the header of a model or checkpoint file (signature, version and header checked; the checksum and the
    /// arrays are not read): for what a file is (its kind, architecture, options) without reading gigabytes of weights.
    /// A file is still checked whole when it is loaded.
    /// </summary>
    /// <exception cref="ModelFileException">Missing, unreadable, not a HardmaxCore file, newer format, or a damaged header.</exception>
    public static JsonObject LoadHeader(string path, string what)
    {
        try
        {
            using FileStream stream = UserFile.OpenRead(path, what, UserFile.LargeFileCap, bufferSize: 1 << 12);
            return ReadHead(stream, path, what, verify: false).Header;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Cannot read the {what} '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Refuses a header whose shape needs more than <paramref name="floats"/> values where only
    /// <paramref name="remaining"/> bytes remain, before anything is allocated from it.
    /// </summary>
    /// <exception cref="ModelFileException">The file is too short for its header's shape.</exception>
    public static void RequireFits(string path, long floats, long remaining)
    {
        if (floats > remaining / sizeof(float))
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture,
                $"its header describes {floats} weights but only {remaining} bytes remain"), "after the header");
        }
    }

    /// <summary>A damaged-file error: <c>damaged model file '&lt;path&gt;': &lt;what&gt;, &lt;where&gt;</c>.</summary>
    public static ModelFileException Damaged(string path, string what, string where)
        => new($"damaged model file '{path}': {what}, {where}. Train or copy it again.");

    /// <summary>Reads a required header field of type <typeparamref name="T"/>, with a clear error when it is missing or of another type.</summary>
    /// <exception cref="ModelFileException">Missing, null or not convertible.</exception>
    public static T Field<T>(JsonObject header, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(header);
        JsonNode? node = header[name];
        if (node is null)
        {
            throw Damaged(path, $"the header field '{name}' is missing or null", "in the header");
        }
        try
        {
            return node.Deserialize<T>() ?? throw Damaged(path, $"the header field '{name}' is null", "in the header");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            throw Damaged(path, $"the header field '{name}' is {Excerpt(node)}, not {TypeName<T>()}", "in the header");
        }
    }

    /// <summary>Reads a whole-number header field and checks it is in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    /// <exception cref="ModelFileException">Missing, not a whole number, or out of range.</exception>
    public static long Integer(JsonObject header, string name, string path, long minimum, long maximum)
    {
        long value = Field<long>(header, name, path);
        if (value < minimum || value > maximum)
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture, $"the header field '{name}' is {value}, outside [{minimum}, {maximum}]"), "in the header");
        }
        return value;
    }

    /// <summary>Reads a number header field and checks it is finite and in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    /// <exception cref="ModelFileException">Missing, not a number, not finite or out of range.</exception>
    public static double Number(JsonObject header, string name, string path, double minimum, double maximum)
    {
        double value = Field<double>(header, name, path);
        if (!double.IsFinite(value) || value < minimum || value > maximum)
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture, $"the header field '{name}' is {value}, outside [{minimum}, {maximum}]"), "in the header");
        }
        return value;
    }

    /// <summary>Reads a required header field that must be a JSON object.</summary>
    /// <exception cref="ModelFileException">Missing or not an object.</exception>
    public static JsonObject Object(JsonObject header, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(header);
        return header[name] is JsonObject value
            ? value
            : throw Damaged(path, $"the header field '{name}' is {Excerpt(header[name])}, not an object", "in the header");
    }

    /// <summary>The index of the first NaN or infinity, or −1.</summary>
    internal static long FirstNonFinite(float[] array)
    {
        for (long x = 0; x < array.LongLength; x++)
        {
            if (!float.IsFinite(array[x]))
            {
                return x;
            }
        }
        return -1;
    }

    private static (JsonObject Header, float[][] Arrays) Read(FileStream stream, string path, string what)
    {
        (JsonObject header, BoundedReader reader) = ReadHead(stream, path, what, verify: true);
        return ReadArrays(header, reader, path);
    }

    /// <summary>
    /// Reads the signature, version and header of a model file (the checksum too when <paramref name="verify"/>), leaving
    /// the reader at the array count.
    /// </summary>
    private static (JsonObject Header, BoundedReader Reader) ReadHead(FileStream stream, string path, string what, bool verify)
    {
        long size = stream.Length;
        Span<byte> head = stackalloc byte[8];
        int got = stream.ReadAtLeast(head, 8, throwOnEndOfStream: false);
        if (got < Magic.Length || !head.SequenceEqual(Magic))
        {
            throw new ModelFileException($"'{path}' is not a HardmaxCore {what} (it does not start with the HMAXCORE signature). Pass a file written by 'hardmax train'.");
        }
        int minimum = Magic.Length + 4 + 4 + 4 + 32;
        if (size < minimum)
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture, $"the file is truncated ({size} bytes, at least {minimum} needed)"), "at its end");
        }
        stream.ReadExactly(head[..4]);
        int version = BinaryPrimitives.ReadInt32LittleEndian(head);
        if (version > FormatVersion)
        {
            throw new ModelFileException($"The {what} '{path}' has format version {version}, newer than this hardmax reads (up to {FormatVersion}). Update hardmax.");
        }
        if (version < 1)
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture, $"the format version is {version}"), "at byte 8");
        }
        if (verify)
        {
            VerifyChecksum(stream, path, size);
        }

        long body = size - 32;
        var reader = new BoundedReader(stream, path, body, start: Magic.Length + 4);
        int headerLength = reader.Int32("the header length");
        if (headerLength < 0 || headerLength > MaximumHeaderBytes || headerLength > reader.Remaining)
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture,
                $"the header length is {headerLength} bytes but {reader.Remaining} remain"), string.Create(CultureInfo.InvariantCulture, $"at byte {reader.Position - 4}"));
        }
        byte[] headerBytes = new byte[headerLength];
        reader.Bytes(headerBytes);
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw Damaged(path, $"the header is not valid JSON ({e.Message})", string.Create(CultureInfo.InvariantCulture, $"at byte {Magic.Length + 8}"));
        }
        if (parsed is not JsonObject header)
        {
            throw Damaged(path, $"the header is {Excerpt(parsed)}, not a JSON object", string.Create(CultureInfo.InvariantCulture, $"at byte {Magic.Length + 8}"));
        }
        return (header, reader);
    }

    private static (JsonObject Header, float[][] Arrays) ReadArrays(JsonObject header, BoundedReader reader, string path)
    {
        int count = ReadCount(reader, path);
        var arrays = new float[count][];
        for (int a = 0; a < count; a++)
        {
            long length = ReadLength(reader, path, a);
            arrays[a] = new float[length];
            ReadValues(reader, path, a, arrays[a], length);
        }
        RequireEnd(reader, path);
        return (header, arrays);
    }

    /// <summary>The array count, checked against the bytes that remain.</summary>
    private static int ReadCount(BoundedReader reader, string path)
    {
        long countAt = reader.Position;
        int count = reader.Int32("the array count");
        // Each array takes at least its 8-byte length.
        if (count < 0 || count > reader.Remaining / 8)
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture,
                $"the array count is {count} but only {reader.Remaining} bytes remain"), string.Create(CultureInfo.InvariantCulture, $"at byte {countAt}"));
        }
        return count;
    }

    /// <summary>The length of array <paramref name="a"/>, checked against the bytes that remain.</summary>
    private static long ReadLength(BoundedReader reader, string path, int a)
    {
        long lengthAt = reader.Position;
        long length = reader.Int64($"the length of array {a}");
        if (length < 0 || length > Array.MaxLength || length > reader.Remaining / sizeof(float))
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture,
                $"array {a} claims {length} floats but {reader.Remaining} bytes remain"), string.Create(CultureInfo.InvariantCulture, $"at byte {lengthAt}"));
        }
        return length;
    }

    /// <summary>
    /// Reads the next <paramref name="length"/> values of array <paramref name="a"/> into <paramref name="target"/> (from
    /// index 0) and checks they are finite.
    /// </summary>
    private static void ReadValues(BoundedReader reader, string path, int a, float[] target, long length)
    {
        long valuesAt = reader.Position;
        for (long start = 0; start < length; start += Chunk)
        {
            int chunk = (int)Math.Min(Chunk, length - start);
            reader.Bytes(MemoryMarshal.AsBytes(target.AsSpan((int)start, chunk)));
        }
        for (long x = 0; x < length; x++)
        {
            if (!float.IsFinite(target[x]))
            {
                throw Damaged(path, string.Create(CultureInfo.InvariantCulture, $"array {a} holds {target[x]} (weights must be finite)"),
                    string.Create(CultureInfo.InvariantCulture, $"at byte {valuesAt + (x * sizeof(float))}"));
            }
        }
    }

    private static void RequireEnd(BoundedReader reader, string path)
    {
        if (reader.Remaining != 0)
        {
            throw Damaged(path, string.Create(CultureInfo.InvariantCulture, $"{reader.Remaining} unexpected bytes follow the last array"),
                string.Create(CultureInfo.InvariantCulture, $"at byte {reader.Position}"));
        }
    }

    /// <summary>Hashes everything but the last 32 bytes and compares with them.</summary>
    private static void VerifyChecksum(FileStream stream, string path, long size)
    {
        long body = size - 32;
        stream.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 16];
        long left = body;
        while (left > 0)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                throw Damaged(path, "the file is truncated (it ended while being read)", string.Create(CultureInfo.InvariantCulture, $"at byte {body - left}"));
            }
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        Span<byte> stored = stackalloc byte[32];
        stream.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
        {
            throw Damaged(path, "the checksum does not match (the file is corrupted or truncated)",
                string.Create(CultureInfo.InvariantCulture, $"over its {body} bytes"));
        }
    }

    private static string Excerpt(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }
        string text = node.ToJsonString();
        string kind = node switch
        {
            JsonArray => "an array",
            JsonObject => "an object",
            _ => node.GetValueKind() switch
            {
                JsonValueKind.String => "a string",
                JsonValueKind.Number => "a number",
                JsonValueKind.True or JsonValueKind.False => "a boolean",
                _ => "a value",
            },
        };
        return text.Length <= 24 ? $"{kind} {text}" : $"{kind} {text[..21]}...";
    }

    private static string TypeName<T>() => typeof(T) switch
    {
        Type t when t == typeof(int) || t == typeof(long) => "a whole number",
        Type t when t == typeof(double) => "a number",
        Type t when t == typeof(bool) => "true or false",
        Type t when t == typeof(string) => "a string",
        Type t when t == typeof(string[]) => "an array of strings",
        _ => typeof(T).Name,
    };

    /// <summary>Reads little-endian values from the body of the file, never past its end.</summary>
    private sealed class BoundedReader(FileStream stream, string path, long end, long start)
    {
        private readonly FileStream _stream = Positioned(stream, start);

        public long Position { get; private set; } = start;

        public long Remaining => end - this.Position;

        public int Int32(string what)
        {
            Span<byte> bytes = stackalloc byte[4];
            this.Fill(bytes, what);
            return BinaryPrimitives.ReadInt32LittleEndian(bytes);
        }

        public long Int64(string what)
        {
            Span<byte> bytes = stackalloc byte[8];
            this.Fill(bytes, what);
            return BinaryPrimitives.ReadInt64LittleEndian(bytes);
        }

        public void Bytes(Span<byte> destination) => this.Fill(destination, "the data");

        private void Fill(Span<byte> destination, string what)
        {
            if (destination.Length > this.Remaining)
            {
                throw Damaged(path, string.Create(CultureInfo.InvariantCulture,
                    $"{what} needs {destination.Length} bytes but {this.Remaining} remain"), string.Create(CultureInfo.InvariantCulture, $"at byte {this.Position}"));
            }
            this._stream.ReadExactly(destination);
            this.Position += destination.Length;
        }

        private static FileStream Positioned(FileStream stream, long start)
        {
            stream.Position = start;
            return stream;
        }
    }
}
