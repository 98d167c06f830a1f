using System.Globalization;
using System.Text.Json;
using HardmaxCore.Classifier;

namespace HardmaxCore.Experiments.Simulation;

/// <summary>
/// Reads the input of <c>hardmax simulate --input FILE.json</c>:
/// <code>
/// {"alpha": 0.5, "A": [[1, 0], [0, 1]], "tieTolerance": 0, "tokens": [[1, 1], [-1, 1], [0.3, 0.7]]}
/// </code>
/// <c>alpha</c> and <c>tokens</c> are required; <c>A</c> (default I) and <c>tieTolerance</c> (default 0) are optional.
/// </summary>
/// <remarks>
/// This checks the shape of the JSON (names, types, a non-empty rectangular list of tokens, rectangular rows of A) and
/// says where it is wrong; the values of α, A and the tie tolerance are checked by the Core, whose messages say what is
/// expected. Comments and trailing commas are allowed; unknown or repeated properties are errors, so that a misspelt
/// <c>tieTolerence</c> is not silently ignored.
/// </remarks>
internal static class SimulationInput
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The property names an input may have.</summary>
    private static readonly string[] KnownProperties = ["alpha", "A", "tieTolerance", "tokens"];

    /// <summary>Reads and checks an input file.</summary>
    /// <exception cref="ExperimentException">The file is missing, unreadable, not JSON, or not of the expected shape.</exception>
    public static SimulationProblem Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = UserFile.ReadAllBytes(path, "simulation input", UserFile.TextFileCap);
        }
        catch (UnreadableFileException e)
        {
            throw new ExperimentException($"cannot read the input file: {e.Message}", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ExperimentException($"the input file '{path}' does not exist.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExperimentException($"cannot read the input file '{path}': {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses and checks UTF-8 JSON text (a leading byte-order mark is allowed).</summary>
    /// <param name="utf8">The JSON.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <exception cref="ExperimentException">The text is not JSON or not of the expected shape.</exception>
    public static SimulationProblem Parse(ReadOnlyMemory<byte> utf8, string source)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ExperimentException($"{source} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            return Read(document.RootElement, source);
        }
    }

    private static SimulationProblem Read(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, $"the top level must be an object like {{\"alpha\": 0.5, \"tokens\": [[1, 0], [0, 1]]}} (found {Describe(root)}).");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (Array.IndexOf(KnownProperties, property.Name) < 0)
            {
                throw Error(source, $"unknown property \"{property.Name}\"; the properties are {string.Join(", ", KnownProperties.Select(p => $"\"{p}\""))}.");
            }
            if (!seen.Add(property.Name))
            {
                throw Error(source, $"the property \"{property.Name}\" appears twice.");
            }
        }

        if (!root.TryGetProperty("alpha", out JsonElement alphaElement))
        {
            throw Error(source, "\"alpha\" is missing; give the attention parameter α > 0, e.g. \"alpha\": 0.5.");
        }
        double alpha = Number(alphaElement, "alpha", source);

        double tieTolerance = 0;
        if (root.TryGetProperty("tieTolerance", out JsonElement tieElement) && tieElement.ValueKind != JsonValueKind.Null)
        {
            tieTolerance = Number(tieElement, "tieTolerance", source);
        }

        double[,]? keyQuery = null;
        if (root.TryGetProperty("A", out JsonElement keyQueryElement) && keyQueryElement.ValueKind != JsonValueKind.Null)
        {
            keyQuery = Matrix(keyQueryElement, source);
        }

        if (!root.TryGetProperty("tokens", out JsonElement tokensElement))
        {
            throw Error(source, "\"tokens\" is missing; give the configuration as a list of tokens, e.g. \"tokens\": [[1, 0], [0, 1]].");
        }
        double[][] tokens = Tokens(tokensElement, source);
        return SimulationProblem.FromRows(source, alpha, keyQuery, tieTolerance, tokens);
    }

    /// <summary>The tokens: a non-empty array of non-empty arrays of numbers, all of the same length d.</summary>
    private static double[][] Tokens(JsonElement element, string source)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Error(source, $"\"tokens\" must be an array of tokens, each an array of d numbers (found {Describe(element)}).");
        }
        int n = element.GetArrayLength();
        if (n == 0)
        {
            throw Error(source, "\"tokens\" is empty; give at least one token.");
        }
        var rows = new double[n][];
        int i = 0;
        foreach (JsonElement token in element.EnumerateArray())
        {
            string path = $"tokens[{i}]";
            rows[i] = Vector(token, path, source);
            if (rows[i].Length == 0)
            {
                throw Error(source, $"{path} is empty; a token needs at least one coordinate.");
            }
            if (rows[i].Length != rows[0].Length)
            {
                throw Error(source, $"{path} has {rows[i].Length} coordinates but tokens[0] has {rows[0].Length}; every token must have the same dimension d.");
            }
            i++;
        }
        return rows;
    }

    /// <summary>A: an array of rows of equal length (whether it is d × d, symmetric and positive definite is the Core's check).</summary>
    private static double[,] Matrix(JsonElement element, string source)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Error(source, $"\"A\" must be a d × d array of rows, e.g. [[1, 0], [0, 1]], or null for the identity (found {Describe(element)}).");
        }
        var rows = new List<double[]>();
        foreach (JsonElement row in element.EnumerateArray())
        {
            string path = $"A[{rows.Count}]";
            rows.Add(Vector(row, path, source));
            if (rows[^1].Length != rows[0].Length)
            {
                throw Error(source, $"{path} has {rows[^1].Length} entries but A[0] has {rows[0].Length}; A must be a d × d matrix.");
            }
        }
        int columns = rows.Count == 0 ? 0 : rows[0].Length;
        var a = new double[rows.Count, columns];
        for (int k = 0; k < rows.Count; k++)
        {
            for (int l = 0; l < columns; l++)
            {
                a[k, l] = rows[k][l];
            }
        }
        return a;
    }

    /// <summary>An array of finite numbers.</summary>
    private static double[] Vector(JsonElement element, string path, string source)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Error(source, $"{path} must be an array of numbers (found {Describe(element)}).");
        }
        var values = new double[element.GetArrayLength()];
        int k = 0;
        foreach (JsonElement value in element.EnumerateArray())
        {
            values[k] = Number(value, $"{path}[{k}]", source);
            k++;
        }
        return values;
    }

    /// <summary>A finite number.</summary>
    private static double Number(JsonElement element, string path, string source)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw Error(source, $"{path} must be a number (found {Describe(element)}).");
        }
        if (!element.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw Error(source, $"{path} = {element.GetRawText()} is outside the range of a double.");
        }
        return value;
    }

    /// <summary>What a JSON value is, for messages: its kind and a short excerpt.</summary>
    private static string Describe(JsonElement element)
    {
        string text = element.GetRawText();
        if (text.Length > 40)
        {
            text = string.Concat(text.AsSpan(0, 37), "...");
        }
        string kind = element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => element.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
        };
        return element.ValueKind == JsonValueKind.Null ? kind : $"{kind} {text}";
    }

    private static ExperimentException Error(string source, string message) => new($"{source}: {message}");
}
