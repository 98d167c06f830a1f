using System.Text;

namespace HardmaxCore.Experiments.Text;

/// <summary>
/// The lines of a review list (<c>predict --file</c>): split at LF only, with the CR of a CRLF ending removed, so a bare
/// CR inside a review stays in it and output line k is always input line k (<see cref="TextReader.ReadLine"/> would also
/// split at a bare CR and shift every later line).
/// </summary>
internal static class ReviewLines
{
    /// <summary>Reads every line of <paramref name="reader"/>; a last line without LF counts, an empty input has none.</summary>
    public static IEnumerable<string> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var line = new StringBuilder();
        char[] buffer = new char[1 << 14];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            int start = 0;
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    line.Append(buffer, start, i - start);
                    yield return Finish(line);
                    start = i + 1;
                }
            }
            line.Append(buffer, start, read - start);
        }
        if (line.Length > 0)
        {
            yield return Finish(line);
        }
    }

    private static string Finish(StringBuilder line)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
        }
        string text = line.ToString();
        line.Clear();
        return text;
    }
}
