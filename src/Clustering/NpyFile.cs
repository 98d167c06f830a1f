using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HardmaxCore.Clustering;

/// <summary>
/// NumPy's <c>.npy</c> format (version 1.0 written; 1.0, 2.0 and 3.0 read): the magic <c>\x93NUMPY</c>, the version, the
/// header length, a Python dict literal <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (n, d), }</c> padded
/// with spaces to a multiple of 64 bytes and ending in a line break, then the values in C order.
/// </summary>
/// <remarks>
/// <code>
/// PointCloud cloud = NpyFile.ReadPoints("points.npy");             // float32 or float64, 2-D, C order
/// File.WriteAllBytes("outputs.npy", NpyFile.Write(outputs, rows: n, columns: d));
/// </code>
/// </remarks>
public static partial class NpyFile
{
    /// <summary>The first six bytes of every .npy file.</summary>
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a 2-D float32 or float64 array (little-endian, C order) as a cloud: n rows of d coordinates named x0, x1, ….</summary>
    /// <param name="path">A regular file of at most <see cref="PointCloud.MaxFileBytes"/> bytes.</param>
    /// <exception cref="ClusteringDataException">The file is missing or too large, is not .npy, or holds another dtype,
    /// order or number of dimensions; or a value is NaN or infinite. The message says which and what to do.</exception>
    public static PointCloud ReadPoints(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = ClusteringFile.ReadAllBytes(path, "a .npy file of points", "subsample the points");
        (string descr, bool fortran, long[] shape, int offset) = Header(bytes, path);
        int size = descr switch
        {
            "<f8" => 8,
            "<f4" => 4,
            _ => throw new ClusteringDataException($"'{path}' holds dtype '{descr}'; points must be float32 or float64, little-endian ('<f4' or '<f8'): convert with X.astype(np.float64)."),
        };
        if (fortran)
        {
            throw new ClusteringDataException($"'{path}' is in Fortran order; save it in C order (np.save(path, np.ascontiguousarray(X))).");
        }
        if (shape.Length != 2 || shape[0] < 1 || shape[1] < 1)
        {
            throw new ClusteringDataException($"'{path}' has shape ({string.Join(", ", shape)}); points must be a 2-D array (n, d) with n, d ≥ 1.");
        }
        long values = shape[0] * shape[1];
        if (values > PointCloud.MaxValues)
        {
            throw new ClusteringDataException($"'{path}' has {values} values, more than the limit of {PointCloud.MaxValues}; subsample the points.");
        }
        if (bytes.Length - offset != values * size)
        {
            throw new ClusteringDataException($"'{path}' is truncated or padded: shape ({shape[0]}, {shape[1]}) needs {values * size} bytes of data, the file has {bytes.Length - offset}.");
        }
        double[] points = new double[values];
        ReadOnlySpan<byte> data = bytes.AsSpan(offset);
        for (long p = 0; p < values; p++)
        {
            points[p] = size == 8
                ? BinaryPrimitives.ReadDoubleLittleEndian(data.Slice((int)(p * 8), 8))
                : BinaryPrimitives.ReadSingleLittleEndian(data.Slice((int)(p * 4), 4));
        }
        return new PointCloud(points, (int)shape[1]);
    }

    /// <summary>A float64 array of rows × columns as .npy bytes.</summary>
    /// <param name="values">rows × columns, row-major.</param>
    /// <param name="rows">The first dimension.</param>
    /// <param name="columns">The second dimension.</param>
    public static byte[] Write(ReadOnlySpan<double> values, int rows, int columns)
        => Write(values, rows, columns, "<f8", 8, static (span, x) => BinaryPrimitives.WriteDoubleLittleEndian(span, x));

    /// <summary>A float32 array of rows × columns as .npy bytes (e.g. word vectors).</summary>
    /// <param name="values">rows × columns, row-major.</param>
    /// <param name="rows">The first dimension.</param>
    /// <param name="columns">The second dimension.</param>
    public static byte[] Write(ReadOnlySpan<float> values, int rows, int columns)
        => Write(values, rows, columns, "<f4", 4, static (span, x) => BinaryPrimitives.WriteSingleLittleEndian(span, x));

    /// <summary>An int32 array of rows × columns as .npy bytes.</summary>
    /// <param name="values">rows × columns, row-major.</param>
    /// <param name="rows">The first dimension.</param>
    /// <param name="columns">The second dimension.</param>
    public static byte[] Write(ReadOnlySpan<int> values, int rows, int columns)
        => Write(values, rows, columns, "<i4", 4, static (span, x) => BinaryPrimitives.WriteInt32LittleEndian(span, x));

    /// <summary>The header for <paramref name="descr"/>, then every value little-endian in <paramref name="size"/> bytes.</summary>
    private static byte[] Write<T>(ReadOnlySpan<T> values, int rows, int columns, string descr, int size, SpanAction<byte, T> write)
    {
        Require(values.Length, rows, columns);
        byte[] header = HeaderBytes(descr, rows, columns);
        byte[] file = new byte[header.Length + (long)values.Length * size];
        header.CopyTo(file, 0);
        for (int p = 0; p < values.Length; p++)
        {
            write(file.AsSpan(header.Length + p * size, size), values[p]);
        }
        return file;
    }

    /// <summary>Refuses a length that is not rows × columns.</summary>
    private static void Require(int length, int rows, int columns)
    {
        if (rows < 0 || columns < 0 || (long)rows * columns != length)
        {
            throw new ArgumentException($"{length} values are not {rows} × {columns}.", nameof(rows));
        }
    }

    /// <summary>The magic, version 1.0, the header length and the padded header dict.</summary>
    private static byte[] HeaderBytes(string descr, int rows, int columns)
    {
        string dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        int unpadded = 10 + dict.Length + 1;
        int total = (unpadded + 63) / 64 * 64;
        string text = dict + new string(' ', total - unpadded) + "\n";
        byte[] header = new byte[total];
        Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8, 2), (ushort)text.Length);
        Encoding.ASCII.GetBytes(text).CopyTo(header, 10);
        return header;
    }

    /// <summary>Parses the header: dtype, order, shape and the offset of the data.</summary>
    private static (string Descr, bool Fortran, long[] Shape, int Offset) Header(byte[] bytes, string path)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new ClusteringDataException($"'{path}' is not a .npy file (no \\x93NUMPY magic); save the array with numpy.save.");
        }
        int major = bytes[6];
        int headerLength;
        int start;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
            start = 10;
        }
        else if (major is 2 or 3 && bytes.Length >= 12)
        {
            headerLength = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8, 4)));
            start = 12;
        }
        else
        {
            throw new ClusteringDataException($"'{path}' is .npy version {major}, which is not read; save it with numpy.save (version 1.0).");
        }
        if ((long)start + headerLength > bytes.Length)
        {
            throw new ClusteringDataException($"'{path}' is truncated inside its header.");
        }
        string header = Encoding.Latin1.GetString(bytes, start, headerLength);
        Match descr = DescrPattern().Match(header);
        Match order = OrderPattern().Match(header);
        Match shape = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shape.Success)
        {
            throw new ClusteringDataException($"'{path}' has a .npy header that is not understood: {header.Trim()}");
        }
        long[] dimensions = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long x) ? x : -1)
            .ToArray();
        string type = descr.Groups[1].Value;
        // '=' and '|' mean native order, little-endian on every machine .NET runs on here.
        if (type.Length == 3 && type[0] is '=' or '|')
        {
            type = "<" + type[1..];
        }
        return (type, order.Groups[1].Value == "True", dimensions, start + headerLength);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
