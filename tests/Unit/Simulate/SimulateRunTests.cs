using System.Globalization;
using System.Text.Json;
using HardmaxCore.Experiments.Simulation;
using HardmaxCore.UnitTests.Cli;

namespace HardmaxCore.UnitTests.Simulate;

/// <summary>
/// <c>hardmax simulate</c> on JSON input: exactly the Core's dynamics (bit for bit), numbers that round-trip,
/// <c>--steps</c>, <c>--trajectory</c>, <c>--precision float</c> and an atomic <c>--out</c>.
/// </summary>
public sealed class SimulateRunTests : IDisposable
{
    /// <summary>A generic configuration (n = 5, d = 3) with an SPD A ≠ I, awkward numbers and −0.</summary>
    private const string Input = """
        {
          // comments and trailing commas are allowed
          "alpha": 0.7,
          "A": [[2, 0.5, 0], [0.5, 1, 0.25], [0, 0.25, 1.5]],
          "tieTolerance": 0,
          "tokens": [
            [0.1, 0.2, 0.30000000000000004],
            [-1.25, 3.3333333333333335, 1e-300],
            [123456.789e-3, -0.0, 2.5],
            [0.7, -0.2, -1.1],
            [-2, -2, 0.5],
          ],
        }
        """;

    private static readonly double[,] KeyQuery = { { 2, 0.5, 0 }, { 0.5, 1, 0.25 }, { 0, 0.25, 1.5 } };

    private static readonly double[] Tokens =
    [
        0.1, 0.2, 0.30000000000000004,
        -1.25, 3.3333333333333335, 1e-300,
        123456.789e-3, -0.0, 2.5,
        0.7, -0.2, -1.1,
        -2, -2, 0.5,
    ];

    private static readonly DynamicsOptions Options = DynamicsOptions.Default with { Alpha = 0.7, KeyQuery = KeyQuery };

    private readonly TempDirectory _directory = new();

    public void Dispose() => this._directory.Dispose();

    [Fact]
    public void Simulate_Input_UntilConverged_IsDynamicsRunToConvergence()
    {
        string path = this._directory.File("in.json", Input);
        double[] expected = (double[])Tokens.Clone();
        var results = new Convergence[1];
        using (var dynamics = new Dynamics<double>(5, 3, Options))
        {
            dynamics.RunToConvergence(expected, 1e-12, 10_000, results);
        }

        CliResult result = CliHarness.Run("simulate", "--input", path);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = result.Json();
        Assert.Equal(results[0].Steps, json.RootElement.GetProperty("steps").GetInt32());
        Assert.Equal(results[0].Converged, json.RootElement.GetProperty("converged").GetBoolean());
        CliHarness.AssertBitwiseEqual(expected, CliHarness.Configuration(json.RootElement.GetProperty("tokens")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void Simulate_Steps_IsDynamicsRunBitForBit(int steps)
    {
        string path = this._directory.File("in.json", Input);
        double[] expected = (double[])Tokens.Clone();
        using (var dynamics = new Dynamics<double>(5, 3, Options))
        {
            dynamics.Run(expected, steps);
        }

        CliResult result = CliHarness.Run("simulate", "--input", path, "--steps", steps.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = result.Json();
        Assert.Equal(steps, json.RootElement.GetProperty("steps").GetInt32());
        CliHarness.AssertBitwiseEqual(expected, CliHarness.Configuration(json.RootElement.GetProperty("tokens")));
    }

    [Fact]
    public void Simulate_StepsZero_OutputsTheInputBitForBit()
    {
        // Every number, −0 and 1e-300 included, is written in a form that reads back to the same double.
        string path = this._directory.File("in.json", Input);

        CliResult result = CliHarness.Run("simulate", "--input", path, "--steps", "0");

        using JsonDocument json = result.Json();
        CliHarness.AssertBitwiseEqual(Tokens, CliHarness.Configuration(json.RootElement.GetProperty("tokens")));
        Assert.False(json.RootElement.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void Simulate_OutputFedBackAsInput_RoundTrips()
    {
        string first = this._directory.File("in.json", Input);
        using JsonDocument once = CliHarness.Run("simulate", "--input", first, "--steps", "3").Json();
        string tokens = once.RootElement.GetProperty("tokens").GetRawText();
        string second = this._directory.File(
            "again.json", $$"""{"alpha": 0.7, "A": [[2, 0.5, 0], [0.5, 1, 0.25], [0, 0.25, 1.5]], "tokens": {{tokens}}}""");

        using JsonDocument twice = CliHarness.Run("simulate", "--input", second, "--steps", "2").Json();
        using JsonDocument direct = CliHarness.Run("simulate", "--input", first, "--steps", "5").Json();

        CliHarness.AssertBitwiseEqual(
            CliHarness.Configuration(direct.RootElement.GetProperty("tokens")),
            CliHarness.Configuration(twice.RootElement.GetProperty("tokens")));
    }

    [Fact]
    public void Simulate_StepsPastConvergence_ReportsConverged()
    {
        string path = this._directory.File("in.json", Input);
        using JsonDocument untilConverged = CliHarness.Run("simulate", "--input", path).Json();
        int needed = untilConverged.RootElement.GetProperty("steps").GetInt32();

        using JsonDocument exactly = CliHarness.Run("simulate", "--input", path, "--steps", needed.ToString(CultureInfo.InvariantCulture)).Json();
        using JsonDocument early = CliHarness.Run("simulate", "--input", path, "--steps", (needed - 1).ToString(CultureInfo.InvariantCulture)).Json();

        // The stopping rule of SPEC §1.5 first holds at layer `needed`, in both modes.
        Assert.True(exactly.RootElement.GetProperty("converged").GetBoolean());
        Assert.False(early.RootElement.GetProperty("converged").GetBoolean());
        CliHarness.AssertBitwiseEqual(
            CliHarness.Configuration(untilConverged.RootElement.GetProperty("tokens")),
            CliHarness.Configuration(exactly.RootElement.GetProperty("tokens")));
    }

    [Fact]
    public void Simulate_UntilConvergedFlag_IsTheDefault()
    {
        CliResult flagged = CliHarness.Run("simulate", "--example", "triangle", "--until-converged");
        CliResult plain = CliHarness.Run("simulate", "--example", "triangle");

        Assert.Equal(0, flagged.ExitCode);
        Assert.Equal(WithoutProvenance(plain.Output), WithoutProvenance(flagged.Output));
    }

    [Fact]
    public void Simulate_Trajectory_HasKPlusOneLayersEqualToDynamicsRun()
    {
        const int Steps = 4;
        string path = this._directory.File("in.json", Input);
        double[] expected = new double[(Steps + 1) * Tokens.Length];
        using (var dynamics = new Dynamics<double>(5, 3, Options))
        {
            dynamics.Run((double[])Tokens.Clone(), Steps, expected);
        }

        CliResult result = CliHarness.Run("simulate", "--input", path, "--steps", "4", "--trajectory");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = result.Json();
        JsonElement[] layers = [.. json.RootElement.GetProperty("trajectory").EnumerateArray()];
        Assert.Equal(Steps + 1, layers.Length);
        CliHarness.AssertBitwiseEqual(Tokens, CliHarness.Configuration(layers[0]));
        for (int k = 0; k <= Steps; k++)
        {
            CliHarness.AssertBitwiseEqual(expected[(k * Tokens.Length)..((k + 1) * Tokens.Length)], CliHarness.Configuration(layers[k]));
        }
        CliHarness.AssertBitwiseEqual(
            CliHarness.Configuration(json.RootElement.GetProperty("tokens")), CliHarness.Configuration(layers[Steps]));
    }

    [Fact]
    public void Simulate_TrajectoryUntilConverged_EndsOnTheFinalTokens()
    {
        CliResult result = CliHarness.Run("simulate", "--example", "emerging", "--trajectory");

        using JsonDocument json = result.Json();
        JsonElement[] layers = [.. json.RootElement.GetProperty("trajectory").EnumerateArray()];
        Assert.Equal(json.RootElement.GetProperty("steps").GetInt32() + 1, layers.Length);
        CliHarness.AssertBitwiseEqual(
            CliHarness.Configuration(json.RootElement.GetProperty("tokens")), CliHarness.Configuration(layers[^1]));
    }

    [Fact]
    public void Simulate_PrecisionFloat_IsDynamicsFloatRunBitForBit()
    {
        string path = this._directory.File("in.json", Input);
        float[] expected = [.. Tokens.Select(x => (float)x)];
        float[] trajectory = new float[4 * Tokens.Length];
        using (var dynamics = new Dynamics<float>(5, 3, Options))
        {
            dynamics.Run(expected, 3, trajectory);
        }

        CliResult result = CliHarness.Run("simulate", "--input", path, "--steps", "3", "--precision", "float", "--trajectory");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = result.Json();
        CliHarness.AssertBitwiseEqual(expected, CliHarness.ConfigurationSingle(json.RootElement.GetProperty("tokens")));
        JsonElement[] layers = [.. json.RootElement.GetProperty("trajectory").EnumerateArray()];
        Assert.Equal(4, layers.Length);
        CliHarness.AssertBitwiseEqual(trajectory[..Tokens.Length], CliHarness.ConfigurationSingle(layers[0]));
        // Float results are written as floats (shortest form), not as widened doubles.
        Assert.DoesNotContain("0.10000000149011612", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_Out_WritesAtomicallyAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(this._directory.Path, "result.json");
        File.WriteAllText(path, "old content");

        CliResult result = CliHarness.Run("simulate", "--example", "square", "--out", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal([path], Directory.GetFiles(this._directory.Path));
        // The same document as on stdout, but for the provenance's times.
        Assert.Equal(WithoutProvenance(CliHarness.Run("simulate", "--example", "square").Output), WithoutProvenance(File.ReadAllText(path)));
        Assert.Contains($"wrote {path}", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_Output_HasExactlyTheSpecifiedProperties()
    {
        using JsonDocument plain = CliHarness.Run("simulate", "--example", "square").Json();
        using JsonDocument traced = CliHarness.Run("simulate", "--example", "square", "--trajectory").Json();

        Assert.Equal(
            ["steps", "converged", "tokens", "leaders", "clusters", "provenance"],
            plain.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["steps", "converged", "tokens", "leaders", "clusters", "trajectory", "provenance"],
            traced.RootElement.EnumerateObject().Select(p => p.Name));
        CommandLinePassTests.AssertProvenance(plain.RootElement.GetProperty("provenance"));
        Assert.All(
            plain.RootElement.GetProperty("clusters").EnumerateArray(),
            c => Assert.Equal(["point", "members"], c.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public void SimulationInput_Parse_DefaultsToIdentityAndExactTies()
    {
        SimulationProblem problem = SimulationInput.Parse("""{"alpha": 2, "tokens": [[1], [2], [3]]}"""u8.ToArray(), "t.json");

        Assert.Equal(2, problem.Alpha);
        Assert.Null(problem.KeyQuery);
        Assert.Equal(0, problem.TieTolerance);
        Assert.Equal((3, 1), (problem.Tokens, problem.Dimension));
        Assert.Equal([1.0, 2, 3], problem.Values);
    }

    [Fact]
    public void SimulationInput_Parse_AcceptsByteOrderMarkAndNullA()
    {
        byte[] utf8 = [0xEF, 0xBB, 0xBF, .. """{"alpha": 0.5, "A": null, "tieTolerance": null, "tokens": [[1, 2]]}"""u8];

        SimulationProblem problem = SimulationInput.Parse(utf8, "bom.json");

        Assert.Null(problem.KeyQuery);
        Assert.Equal([1.0, 2], problem.Values);
    }

    /// <summary>The JSON text with its "provenance" property removed (start and finish times differ between runs).</summary>
    private static string WithoutProvenance(string json)
    {
        System.Text.Json.Nodes.JsonObject root = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(root.Remove("provenance"), "the output has no provenance");
        return root.ToJsonString();
    }
}
