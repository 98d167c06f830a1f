using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace HardmaxCore.Clustering;

/// <summary>Reading and writing point clouds as CSV (Sep).</summary>
public sealed partial class PointCloud
{
    /// <summary>The largest CSV file <see cref="ReadCsv"/> accepts: 1 GiB.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>The name of the optional label column (any case).</summary>
    public const string LabelColumn = "label";

    /// <summary>
    /// Reads a CSV file with a header: every column is a coordinate except an optional integer <c>label</c> column.
    /// </summary>
    /// <param name="path">A regular file of at most <see cref="MaxFileBytes"/> bytes.</param>
    /// <returns>The points, in file order, with the labels when the file has a label column.</returns>
    /// <exception cref="ClusteringDataException">The file is missing, not a regular file, too large or empty; a row has
    /// the wrong number of cells; a cell is not a number, or is NaN or infinite; a label is not an integer. The message
    /// names the line and the column.</exception>
    public static PointCloud ReadCsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using FileStream stream = ClusteringFile.OpenRead(path, "a CSV file of points with a header line", "subsample the points");
            using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Read(text, path);
        }
        catch (ClusteringDataException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusteringDataException($"Cannot read '{path}': {e.Message}", e);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidDataException)
        {
            throw new ClusteringDataException($"'{path}' is not a CSV file of points: {e.Message}", e);
        }
    }

    /// <summary>Reads CSV text (see <see cref="ReadCsv"/>); <paramref name="source"/> names it in messages.</summary>
    internal static PointCloud Read(TextReader text, string source)
    {
        using SepReader reader = Sep.New(',')
            .Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true, Trim = SepTrim.All })
            .From(text);
        IReadOnlyList<string> header = reader.Header.ColNames;
        if (header.Count == 0 || (header.Count == 1 && header[0].Length == 0))
        {
            throw new ClusteringDataException($"'{source}' is empty; it needs a header line (e.g. x,y,label) and at least one row.");
        }
        int labelIndex = -1;
        var names = new List<string>();
        for (int c = 0; c < header.Count; c++)
        {
            string name = header[c].Trim().Trim('\uFEFF');
            if (name.Equals(LabelColumn, StringComparison.OrdinalIgnoreCase))
            {
                if (labelIndex >= 0)
                {
                    throw new ClusteringDataException($"'{source}' has two label columns (columns {labelIndex + 1} and {c + 1}); keep one.");
                }
                labelIndex = c;
            }
            else
            {
                names.Add(name);
            }
        }
        if (names.Count == 0)
        {
            throw new ClusteringDataException($"'{source}' has no coordinate column (only '{header[0]}'); add at least one numeric column.");
        }
        int d = names.Count;
        var points = new List<double>();
        var labels = labelIndex >= 0 ? new List<int>() : null;
        foreach (SepReader.Row row in reader)
        {
            int line = row.LineNumberFrom;
            if (row.ColCount != header.Count)
            {
                throw new ClusteringDataException($"'{source}' line {line} has {row.ColCount} cells; the header has {header.Count}. Every row needs one value per column.");
            }
            if ((long)points.Count + d > MaxValues)
            {
                throw new ClusteringDataException($"'{source}' has more than {MaxValues} coordinates (line {line}); subsample the points.");
            }
            for (int c = 0; c < header.Count; c++)
            {
                ReadOnlySpan<char> cell = row[c].Span;
                if (c == labelIndex)
                {
                    if (!int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out int label))
                    {
                        throw new ClusteringDataException($"'{source}' line {line}, column '{header[c]}': '{Shorten(cell)}' is not an integer label.");
                    }
                    labels!.Add(label);
                    continue;
                }
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                {
                    throw new ClusteringDataException($"'{source}' line {line}, column '{header[c]}': '{Shorten(cell)}' is not a number. Every column except 'label' must be numeric.");
                }
                if (!double.IsFinite(value))
                {
                    throw new ClusteringDataException($"'{source}' line {line}, column '{header[c]}': {Shorten(cell)} is not finite; remove or impute the point.");
                }
                points.Add(value);
            }
        }
        if (points.Count == 0)
        {
            throw new ClusteringDataException($"'{source}' has a header but no rows; add at least one point.");
        }
        return new PointCloud(points.ToArray(), d, labels?.ToArray(), null, names);
    }

    /// <summary>
    /// Writes rows of <paramref name="values"/> (n × d, row-major) as CSV under <paramref name="columnNames"/>, numbers in
    /// round-trip format so <see cref="ReadCsv"/> gives the same doubles back.
    /// </summary>
    /// <param name="values">n × d values, row-major.</param>
    /// <param name="columnNames">d names for the header.</param>
    /// <param name="labels">Optional label per row, written as a last column <c>label</c>.</param>
    /// <returns>The CSV text as UTF-8 bytes.</returns>
    public static byte[] ToCsv(ReadOnlySpan<double> values, IReadOnlyList<string> columnNames, int[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        int d = columnNames.Count;
        var builder = new StringBuilder();
        builder.Append(string.Join(',', columnNames.Select(Quote)));
        if (labels is not null)
        {
            builder.Append(',').Append(LabelColumn);
        }
        builder.Append('\n');
        int n = values.Length / d;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < d; c++)
            {
                if (c > 0)
                {
                    builder.Append(',');
                }
                builder.Append(values[i * d + c].ToString("R", CultureInfo.InvariantCulture));
            }
            if (labels is not null)
            {
                builder.Append(',').Append(labels[i].ToString(CultureInfo.InvariantCulture));
            }
            builder.Append('\n');
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>A header name, quoted when it holds a comma, a quote or a line break.</summary>
    private static string Quote(string name)
        => name.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : name;

    /// <summary>A cell shortened for a message.</summary>
    private static string Shorten(ReadOnlySpan<char> cell) => cell.Length <= 24 ? cell.ToString() : string.Concat(cell[..24], "…");
}
