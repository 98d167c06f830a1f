namespace HardmaxCore.UnitTests.Cli;

/// <summary>
/// Every kind of bad input to <c>hardmax simulate</c> ends with exit code 2 and exactly one line on stderr that says what
/// was wrong, with no stack trace and nothing on stdout.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => this._directory.Dispose();

    /// <summary>Input files: (name, JSON, a fragment the error line must contain).</summary>
    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "invalid-json", """{"alpha": 0.5, "tokens": [[1, 0],""", "is not valid JSON" },
        { "not-json", "alpha = 0.5", "is not valid JSON" },
        { "empty-file", "", "is not valid JSON" },
        { "top-level-array", "[[1, 0], [0, 1]]", "the top level must be an object" },
        { "ragged-tokens", """{"alpha": 0.5, "tokens": [[1, 0], [0, 1, 2]]}""", "tokens[1] has 3 coordinates but tokens[0] has 2" },
        { "empty-tokens", """{"alpha": 0.5, "tokens": []}""", "\"tokens\" is empty" },
        { "empty-token", """{"alpha": 0.5, "tokens": [[]]}""", "tokens[0] is empty" },
        { "tokens-not-array", """{"alpha": 0.5, "tokens": {"x": 1}}""", "\"tokens\" must be an array" },
        { "token-not-array", """{"alpha": 0.5, "tokens": [1, 2]}""", "tokens[0] must be an array of numbers" },
        { "coordinate-string", """{"alpha": 0.5, "tokens": [[1, "a"]]}""", "tokens[0][1] must be a number (found a string \"a\")" },
        { "coordinate-null", """{"alpha": 0.5, "tokens": [[1, null]]}""", "tokens[0][1] must be a number (found null)" },
        { "coordinate-overflow", """{"alpha": 0.5, "tokens": [[1e999, 0]]}""", "tokens[0][0] = 1e999 is outside the range of a double" },
        { "tokens-missing", """{"alpha": 0.5}""", "\"tokens\" is missing" },
        { "alpha-missing", """{"tokens": [[1, 0]]}""", "\"alpha\" is missing" },
        { "alpha-string", """{"alpha": "0.5", "tokens": [[1, 0]]}""", "alpha must be a number" },
        { "alpha-zero", """{"alpha": 0, "tokens": [[1, 0]]}""", "α must be positive and finite (found 0)" },
        { "alpha-negative", """{"alpha": -1, "tokens": [[1, 0]]}""", "α must be positive and finite (found -1)" },
        { "tie-negative", """{"alpha": 0.5, "tieTolerance": -1, "tokens": [[1, 0]]}""", "tie tolerance must be ≥ 0" },
        { "a-not-square", """{"alpha": 0.5, "A": [[1, 0, 0], [0, 1, 0]], "tokens": [[1, 0]]}""", "must be square d × d with d = 2 (found 2 × 3)" },
        { "a-wrong-dimension", """{"alpha": 0.5, "A": [[1]], "tokens": [[1, 0]]}""", "d = 2 (found 1 × 1)" },
        { "a-ragged", """{"alpha": 0.5, "A": [[1, 0], [0]], "tokens": [[1, 0]]}""", "A[1] has 1 entries but A[0] has 2" },
        { "a-not-symmetric", """{"alpha": 0.5, "A": [[1, 0.5], [0, 1]], "tokens": [[1, 0]]}""", "must be symmetric" },
        { "a-not-positive-definite", """{"alpha": 0.5, "A": [[1, 2], [2, 1]], "tokens": [[1, 0]]}""", "must be positive definite" },
        { "a-not-array", """{"alpha": 0.5, "A": 1, "tokens": [[1, 0]]}""", "\"A\" must be a d × d array of rows" },
        { "unknown-property", """{"alpha": 0.5, "tieTolerence": 0, "tokens": [[1, 0]]}""", "unknown property \"tieTolerence\"" },
        { "repeated-property", """{"alpha": 0.5, "alpha": 1, "tokens": [[1, 0]]}""", "the property \"alpha\" appears twice" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Simulate_BadInputFile_ExitsTwoWithOneLine(string name, string json, string expected)
    {
        string path = this._directory.File($"{name}.json", json);

        CliResult result = CliHarness.Run("simulate", "--input", path);

        AssertOneLineError(result, expected);
    }

    [Fact]
    public void Simulate_MissingInputFile_ExitsTwoWithOneLine()
    {
        string path = Path.Combine(this._directory.Path, "absent.json");

        CliResult result = CliHarness.Run("simulate", "--input", path);

        AssertOneLineError(result, $"the input file '{path}' does not exist");
    }

    [Fact]
    public void Simulate_InputIsDirectory_ExitsTwoWithOneLine()
    {
        CliResult result = CliHarness.Run("simulate", "--input", this._directory.Path);

        AssertOneLineError(result, "cannot read the input file");
    }

    [Fact]
    public void Simulate_FloatOverflow_ExitsTwoWithOneLine()
    {
        string path = this._directory.File("big.json", """{"alpha": 0.5, "tokens": [[1e39, 0], [0, 1]]}""");

        CliResult result = CliHarness.Run("simulate", "--input", path, "--precision", "float");

        AssertOneLineError(result, "tokens[0][0] = 1E+39 does not fit in Single; use --precision double");
    }

    /// <summary>Command lines: (arguments, a fragment the error line must contain).</summary>
    public static TheoryData<string[], string> BadCommandLines => new()
    {
        { ["simulate", "--example", "square", "--steps", "3", "--until-converged"], "--steps and --until-converged exclude each other" },
        { ["simulate", "--example", "square", "--steps", "3", "--max-steps", "10"], "--max-steps applies only when running until converged" },
        { ["simulate", "--example", "square", "--input", "x.json"], "--input and --example exclude each other" },
        { ["simulate"], "give the configuration with --input FILE.json or --example" },
        { ["simulate", "--example", "hexagon"], "Argument 'hexagon' not recognized" },
        { ["simulate", "--example", "square", "--steps", "-1"], "--steps expects a whole number ≥ 0 (found '-1')" },
        { ["simulate", "--example", "square", "--steps", "many"], "--steps expects a whole number ≥ 0 (found 'many')" },
        { ["simulate", "--example", "square", "--steps"], "Required argument missing for option: '--steps'" },
        { ["simulate", "--example", "square", "--max-steps", "-5"], "--max-steps expects a whole number ≥ 0" },
        { ["simulate", "--example", "square", "--tol", "0"], "--tol expects a finite number > 0 (found '0')" },
        { ["simulate", "--example", "square", "--tol", "NaN"], "--tol expects a finite number > 0" },
        { ["simulate", "--example", "square", "--precision", "half"], "Argument 'half' not recognized" },
        { ["simulate", "--example", "square", "--plot"], "Required argument missing for option: '--plot'" },
        { ["simulate", "--example", "square", "--bogus"], "Unrecognized command or argument '--bogus'" },
        { ["simulate", "--input", "/nonexistent/c.json", "--figure2", "--out", "/tmp/f.png"], "--figure2 draws the four built-in examples" },
        { ["simulate", "--example", "square", "extra"], "Unrecognized command or argument 'extra'" },
        { ["simulate", "--example", "square", "--out", "/nonexistent-hardmax-dir/out.json"], "the directory '/nonexistent-hardmax-dir' does not exist" },
        { [], "Required command was not provided" },
        { ["frobnicate"], "Unrecognized command or argument 'frobnicate'" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void Simulate_BadCommandLine_ExitsTwoWithOneLine(string[] args, string expected)
    {
        CliResult result = CliHarness.Run(args);

        AssertOneLineError(result, expected);
    }

    [Fact]
    public void Simulate_OutIsDirectory_ExitsTwoAndLeavesNoTemporaryFile()
    {
        CliResult result = CliHarness.Run("simulate", "--example", "square", "--out", this._directory.Path);

        AssertOneLineError(result, "it is a directory");
        Assert.Empty(Directory.GetFiles(this._directory.Path));
    }

    private static void AssertOneLineError(CliResult result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("hardmax", line, StringComparison.Ordinal);
        Assert.Contains("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", line, StringComparison.Ordinal);
    }
}
