using System.Text.Json;
using HardmaxCore.Train;

namespace HardmaxCore.UnitTests.Cli;

/// <summary>What one in-process run of the <c>hardmax</c> tool returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The non-empty lines written to stderr.</summary>
    public string[] ErrorLines => this.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>stdout parsed as JSON (the caller disposes it).</summary>
    public JsonDocument Json() => JsonDocument.Parse(this.Output);
}

/// <summary>Runs the tool in process, as <c>Main</c> does, with stdout and stderr captured.</summary>
public static class CliHarness
{
    public static CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Program.Run(args, output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>The tokens of a JSON array of arrays of numbers (a configuration), row-major.</summary>
    public static double[] Configuration(JsonElement tokens)
        => [.. tokens.EnumerateArray().SelectMany(token => token.EnumerateArray().Select(x => x.GetDouble()))];

    /// <summary>As <see cref="Configuration"/>, each number read directly as a float.</summary>
    public static float[] ConfigurationSingle(JsonElement tokens)
        => [.. tokens.EnumerateArray().SelectMany(token => token.EnumerateArray().Select(x => x.GetSingle()))];

    public static int[] Indices(JsonElement array) => [.. array.EnumerateArray().Select(x => x.GetInt32())];

    /// <summary>Asserts two arrays are equal bit for bit (so 0 and −0 differ, as they would in a file).</summary>
    public static void AssertBitwiseEqual(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int index = 0; index < expected.Length; index++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected[index]) == BitConverter.DoubleToInt64Bits(actual[index]),
                $"value {index}: expected {expected[index]:R}, got {actual[index]:R}");
        }
    }

    public static void AssertBitwiseEqual(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int index = 0; index < expected.Length; index++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[index]) == BitConverter.SingleToInt32Bits(actual[index]),
                $"value {index}: expected {expected[index]:R}, got {actual[index]:R}");
        }
    }
}

/// <summary>A fresh directory under the system temp path, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        this.Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hardmax-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(this.Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> to a file in the directory and returns its path.</summary>
    public string File(string name, string text)
    {
        string path = System.IO.Path.Combine(this.Path, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(this.Path, recursive: true);
}
