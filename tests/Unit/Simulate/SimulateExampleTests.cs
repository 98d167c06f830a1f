using System.Text.Json;
using HardmaxCore.Experiments.Simulation;
using HardmaxCore.UnitTests.Cli;
using HardmaxCore.UnitTests.Dynamics;

namespace HardmaxCore.UnitTests.Simulate;

/// <summary>
/// <c>hardmax simulate --example NAME</c> runs the [AFZ] Figure 2 configurations of the Dynamics tests and reports their
/// exact limits as clusters, in double and in float.
/// </summary>
public sealed class SimulateExampleTests
{
    public static TheoryData<string> Names => [.. Figure2.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void BuiltInExamples_Get_IsTheFigure2Configuration(string name)
    {
        SimulationProblem problem = BuiltInExamples.Get(name);

        Assert.Equal(Figure2.Alpha, problem.Alpha);
        Assert.Null(problem.KeyQuery);
        Assert.Equal(0, problem.TieTolerance);
        Assert.Equal(2, problem.Dimension);
        CliHarness.AssertBitwiseEqual(Figure2.Flatten(Figure2.Configuration(name)), problem.Values);
    }

    [Fact]
    public void BuiltInExamples_Names_AreTheFigure2Names()
        => Assert.Equal(Figure2.Names, BuiltInExamples.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Simulate_Example_ConvergesToTheExactClusters(string name)
    {
        CliResult result = CliHarness.Run("simulate", "--example", name);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = result.Json();
        AssertExactClusters(name, json.RootElement, Figure2LimitTests.LimitTolerance(1e-12, 2.220446049250313e-16));
        string summary = Assert.Single(result.ErrorLines);
        Assert.Contains($"example {name}", summary, StringComparison.Ordinal);
        Assert.Contains("converged after", summary, StringComparison.Ordinal);
        Assert.Contains($"{Figure2.LimitLeaders(name).Length + (name == "square-nonleader" ? 2 : 0)} clusters", summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Simulate_ExampleInFloat_ConvergesToTheExactClusters(string name)
    {
        CliResult result = CliHarness.Run("simulate", "--example", name, "--precision", "float");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = result.Json();
        // The default float tolerance is 1e-6 (SimulationSettings.DefaultTolerance).
        AssertExactClusters(name, json.RootElement, Figure2LimitTests.LimitTolerance(1e-6, 1.1920929e-7));
        Assert.Contains("float", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_Example_LeadersAreThoseOfTheFinalConfiguration()
    {
        CliResult result = CliHarness.Run("simulate", "--example", "emerging");

        using JsonDocument json = result.Json();
        double[] final = CliHarness.Configuration(json.RootElement.GetProperty("tokens"));
        using var dynamics = new Dynamics<double>(8, 2, DynamicsOptions.Default with { Alpha = Figure2.Alpha });
        Assert.Equal(dynamics.Leaders(final), CliHarness.Indices(json.RootElement.GetProperty("leaders")));
    }

    [Fact]
    public void Simulate_MaxStepsReached_ReportsNotConverged()
    {
        CliResult result = CliHarness.Run("simulate", "--example", "square", "--max-steps", "3");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = result.Json();
        Assert.Equal(3, json.RootElement.GetProperty("steps").GetInt32());
        Assert.False(json.RootElement.GetProperty("converged").GetBoolean());
        Assert.Contains("NOT converged after 3 steps", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    /// <summary>
    /// The clusters are exactly the groups of tokens with the same limit, in order of their first member, each point
    /// within the limit tolerance of Figure2LimitTests of that limit; the leaders include the limit's vertices.
    /// </summary>
    private static void AssertExactClusters(string name, JsonElement root, double tolerance)
    {
        Assert.True(root.GetProperty("converged").GetBoolean());
        Assert.InRange(root.GetProperty("steps").GetInt32(), 1, 10_000);
        Assert.False(root.TryGetProperty("trajectory", out _));

        double[][] limits = Figure2.Limits(name);
        var expected = limits
            .Select((limit, i) => (limit, i))
            .GroupBy(p => (p.limit[0], p.limit[1]))
            .Select(g => (Point: g.Key, Members: g.Select(p => p.i).ToArray()))
            .OrderBy(c => c.Members[0])
            .ToArray();
        JsonElement[] clusters = [.. root.GetProperty("clusters").EnumerateArray()];
        Assert.Equal(expected.Length, clusters.Length);
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c].Members, CliHarness.Indices(clusters[c].GetProperty("members")));
            double[] point = [.. clusters[c].GetProperty("point").EnumerateArray().Select(x => x.GetDouble())];
            Assert.True(
                Math.Abs(point[0] - expected[c].Point.Item1) <= tolerance && Math.Abs(point[1] - expected[c].Point.Item2) <= tolerance,
                $"{name}: cluster {c} at ({point[0]:R}, {point[1]:R}), expected ({expected[c].Point.Item1:R}, {expected[c].Point.Item2:R}) within {tolerance:E2}");
        }

        double[] tokens = CliHarness.Configuration(root.GetProperty("tokens"));
        for (int i = 0; i < limits.Length; i++)
        {
            Assert.True(Math.Abs(tokens[2 * i] - limits[i][0]) <= tolerance && Math.Abs(tokens[(2 * i) + 1] - limits[i][1]) <= tolerance, $"{name}: token {i}");
        }
        Assert.Subset(CliHarness.Indices(root.GetProperty("leaders")).ToHashSet(), Figure2.LimitLeaders(name).ToHashSet());
    }
}
