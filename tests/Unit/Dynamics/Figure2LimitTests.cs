using HardmaxCore.Reference;

namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>
/// [AFZ] Figure 2: each configuration, run to convergence by the Reference and by the Core (double and float, every
/// kernel variant), ends on its exact limit (SPEC §2 P4).
/// </summary>
/// <remarks>
/// Tolerance, derived (not tuned). The run stops after a layer whose change c satisfies c ≤ tol·(1 + size). Once the
/// attention sets are fixed a token moves towards its limit L as z⁺ − L = (z − L)/(1+α) (SPEC §2 P5), so
/// c = α/(1+α)·|z − L| before the step and |z⁺ − L| = c/α after it: every token is within tol·(1 + size)/α of its limit.
/// Rounding adds, per layer, about ε·scale to a contraction of factor 1/(1+α), which sums to ε·scale·(1+α)/α; we allow
/// 4 such units, for the limit itself (e.g. −1/18) not being representable and the mean's own rounding. Hence
/// |z_i − L_i|_∞ ≤ (1 + scale)·(tol/α + 4ε(1+α)/α), scale = 1 here. In double with tol = 1e-12 that is ≈ 4e-12; in
/// float, where tol must be ≥ a few ε to be reachable, tol = 8ε ≈ 9.5e-7 gives ≈ 7e-6.
/// </remarks>
public sealed class Figure2LimitTests
{
    private const int MaxSteps = 10_000;
    private const double DoubleTolerance = 1e-12;
    private const double FloatTolerance = 8 * FloatEpsilon;
    private const double DoubleEpsilon = 2.220446049250313e-16;
    private const double FloatEpsilon = 1.1920929e-7;

    public static TheoryData<string> Names => [.. Figure2.Names];

    public static TheoryData<string, KernelVariant> NamesAndKernels()
    {
        var data = new TheoryData<string, KernelVariant>();
        foreach (string name in Figure2.Names)
        {
            foreach (KernelVariant kernel in new[] { KernelVariant.Scalar, KernelVariant.Vector256, KernelVariant.Vector512 })
            {
                data.Add(name, kernel);
            }
        }
        return data;
    }

    /// <summary>The bound of the remarks: (1 + scale)·(tol/α + 4ε(1+α)/α), scale = max ‖L_i‖_∞ = 1.</summary>
    internal static double LimitTolerance(double tolerance, double epsilon)
        => (1 + 1) * ((tolerance / Figure2.Alpha) + (4 * epsilon * (1 + Figure2.Alpha) / Figure2.Alpha));

    [Theory]
    [MemberData(nameof(Names))]
    public void ReferenceDynamics_RunToConvergence_EndsOnExactLimits(string name)
    {
        double[][] z = Figure2.Configuration(name);

        ReferenceEquilibrium end = ReferenceDynamics.RunToConvergence(z, null, Figure2.Alpha, DoubleTolerance, MaxSteps);

        Assert.True(end.Converged, $"{name}: not converged after {end.Steps} steps");
        AssertLimits(name, end.Tokens, LimitTolerance(DoubleTolerance, DoubleEpsilon));
        AssertLimitLeaders(name, end.Tokens, ReferenceDynamics.StrictLeaders(end.Tokens, null), ReferenceDynamics.Leaders(end.Tokens, null));
    }

    [Theory]
    [MemberData(nameof(NamesAndKernels))]
    public void DynamicsDouble_RunToConvergence_EndsOnExactLimits(string name, KernelVariant kernel)
        => RunCore<double>(name, kernel, DoubleTolerance, LimitTolerance(DoubleTolerance, DoubleEpsilon));

    [Theory]
    [MemberData(nameof(NamesAndKernels))]
    public void DynamicsFloat_RunToConvergence_EndsOnExactLimits(string name, KernelVariant kernel)
        => RunCore<float>(name, kernel, FloatTolerance, LimitTolerance(FloatTolerance, FloatEpsilon));

    private static void RunCore<T>(string name, KernelVariant kernel, double tolerance, double limitTolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        double[][] z = Figure2.Configuration(name);
        T[] batch = [.. Figure2.Flatten(z).Select(T.CreateTruncating)];
        var results = new Convergence[1];
        using var dynamics = new Dynamics<T>(z.Length, 2, DynamicsOptions.Default with { Alpha = Figure2.Alpha, Variant = kernel });

        dynamics.RunToConvergence(batch, tolerance, MaxSteps, results);

        Assert.True(results[0].Converged, $"{name}: not converged after {results[0].Steps} steps");
        double[][] end = Figure2.Rows<T>(batch, 2);
        AssertLimits(name, end, limitTolerance);
        AssertLimitLeaders(name, end, dynamics.StrictLeaders(batch), dynamics.Leaders(batch));
    }

    private static void AssertLimits(string name, double[][] end, double tolerance)
    {
        double[][] limits = Figure2.Limits(name);
        for (int i = 0; i < limits.Length; i++)
        {
            double error = Math.Max(Math.Abs(end[i][0] - limits[i][0]), Math.Abs(end[i][1] - limits[i][1]));
            Assert.True(
                error <= tolerance,
                $"{name}: token {i} ended at ({end[i][0]:R}, {end[i][1]:R}), {error:E2} from its limit ({limits[i][0]:R}, {limits[i][1]:R}); allowed {tolerance:E2}");
        }
    }

    /// <summary>
    /// The vertices are strict leaders at the end (SPEC §2 P2–P4). A token a few ulps from a vertex may tie with it
    /// numerically and so count as a leader too; every leader must therefore sit on a vertex, not necessarily be one.
    /// </summary>
    private static void AssertLimitLeaders(string name, double[][] end, int[] strictLeaders, int[] leaders)
    {
        int[] vertices = Figure2.LimitLeaders(name);
        Assert.Subset(strictLeaders.ToHashSet(), vertices.ToHashSet());
        double[][] limits = Figure2.Limits(name);
        foreach (int i in leaders)
        {
            Assert.Contains(vertices, v => limits[v].SequenceEqual(limits[i]));
        }
    }
}
