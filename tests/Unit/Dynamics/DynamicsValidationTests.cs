namespace HardmaxCore.UnitTests.Dynamics;

/// <summary>
/// Validation at the Core's public boundary (issue 2): each bad argument throws the documented exception type with a
/// message that says what was wrong.
/// </summary>
public sealed class DynamicsValidationTests
{
    private static readonly DynamicsOptions Valid = DynamicsOptions.Default with { Alpha = 0.5 };

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Dynamics_Constructor_AlphaNotPositiveFinite_Throws(double alpha)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dynamics<double>(3, 2, Valid with { Alpha = alpha }));

        Assert.Equal("Alpha", e.ParamName);
        Assert.StartsWith("DynamicsOptions.Alpha: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("α must be positive and finite", e.Message, StringComparison.Ordinal);
        Assert.Contains($"found {alpha:R}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Dynamics_Constructor_TemperatureNotPositiveFinite_Throws(double temperature)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dynamics<float>(3, 2, Valid with { Temperature = temperature }));

        Assert.Equal("Temperature", e.ParamName);
        Assert.StartsWith("DynamicsOptions.Temperature: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("temperature τ must be positive", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1e-12)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Dynamics_Constructor_NegativeTieTolerance_Throws(double tieTolerance)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dynamics<double>(3, 2, Valid with { TieTolerance = tieTolerance }));

        Assert.Equal("TieTolerance", e.ParamName);
        Assert.StartsWith("DynamicsOptions.TieTolerance: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("tie tolerance must be ≥ 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_Constructor_NoTokens_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dynamics<double>(0, 2, Valid));

        Assert.Equal("tokens", e.ParamName);
        Assert.Contains("tokens must be at least 1 (found 0)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_Constructor_NoDimension_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dynamics<double>(3, 0, Valid));

        Assert.Equal("dimension", e.ParamName);
        Assert.Contains("dimension must be at least 1 (found 0)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_Constructor_KeyQueryNotSquare_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dynamics<double>(3, 2, Valid with { KeyQuery = new double[2, 3] }));

        Assert.Contains("must be square d × d with d = 2 (found 2 × 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_Constructor_KeyQueryOfOtherDimension_Throws()
    {
        double[,] a = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };

        var e = Assert.Throws<ArgumentException>(() => new Dynamics<double>(3, 2, Valid with { KeyQuery = a }));

        Assert.Contains("d = 2 (found 3 × 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_Constructor_KeyQueryNotSymmetric_Throws()
    {
        double[,] a = { { 2, 0.5 }, { 0, 2 } };

        var e = Assert.Throws<ArgumentException>(() => new Dynamics<double>(3, 2, Valid with { KeyQuery = a }));

        Assert.Contains("must be symmetric", e.Message, StringComparison.Ordinal);
        Assert.Contains("A[0,1] = 0.5 but A[1,0] = 0", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<double[,]> NotPositiveDefinite => new()
    {
        { new double[,] { { 1, 2 }, { 2, 1 } } },   // indefinite: eigenvalues 3 and −1
        { new double[,] { { 1, 1 }, { 1, 1 } } },   // semidefinite: eigenvalue 0
        { new double[,] { { -1, 0 }, { 0, -1 } } }, // negative definite
        { new double[,] { { 0, 0 }, { 0, 0 } } },
    };

    [Theory]
    [MemberData(nameof(NotPositiveDefinite))]
    public void Dynamics_Constructor_KeyQueryNotPositiveDefinite_Throws(double[,] a)
    {
        var e = Assert.Throws<ArgumentException>(() => new Dynamics<double>(3, 2, Valid with { KeyQuery = a }));

        Assert.Contains("must be positive definite", e.Message, StringComparison.Ordinal);
        Assert.Contains("Cholesky factorisation fails at pivot", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_Constructor_KeyQueryNotFinite_Throws()
    {
        double[,] a = { { 1, 0 }, { 0, double.NaN } };

        var e = Assert.Throws<ArgumentException>(() => new Dynamics<double>(3, 2, Valid with { KeyQuery = a }));

        Assert.Contains("non-finite entry A[1,1]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7)]   // not a multiple of n·d = 6
    [InlineData(5)]
    [InlineData(0)]   // no configuration at all
    public void Dynamics_Run_BatchNotWholeConfigurations_Throws(int length)
    {
        using var dynamics = new Dynamics<double>(3, 2, Valid);

        var e = Assert.Throws<ArgumentException>(() => dynamics.Run(new double[length], 1));

        Assert.Equal("batch", e.ParamName);
        Assert.Contains($"batch has {length} values, which is not a whole number of configurations of n × d = 3 × 2 = 6 values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_Step_DestinationWrongLength_Throws()
    {
        using var dynamics = new Dynamics<float>(3, 2, Valid);

        var e = Assert.Throws<ArgumentException>(() => dynamics.Step(new float[12], new float[6]));

        Assert.Equal("destination", e.ParamName);
        Assert.Contains("destination has 6 values; 12 are needed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_Run_TrajectoryWrongLength_Throws()
    {
        using var dynamics = new Dynamics<double>(3, 2, Valid);

        var e = Assert.Throws<ArgumentException>(() => dynamics.Run(new double[6], 2, new double[12]));

        Assert.Equal("trajectory", e.ParamName);
        Assert.Contains("trajectory has 12 values; 18 are needed", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Dynamics_Run_NonFiniteToken_ThrowsNamingConfigurationTokenCoordinate(double bad)
    {
        using var dynamics = new Dynamics<double>(3, 2, Valid);
        var batch = new double[12];
        batch[(1 * 6) + (2 * 2) + 1] = bad; // configuration 1, token 2, coordinate 1

        var e = Assert.Throws<ArgumentException>(() => dynamics.Run(batch, 1));

        Assert.Equal("batch", e.ParamName);
        Assert.Contains($"non-finite value {bad:R} at configuration 1, token 2, coordinate 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DynamicsFloat_Leaders_NonFiniteToken_ThrowsNamingTokenCoordinate()
    {
        using var dynamics = new Dynamics<float>(3, 2, Valid);
        float[] configuration = [0, 0, float.NaN, 0, 0, 0];

        var e = Assert.Throws<ArgumentException>(() => dynamics.Leaders(configuration));

        Assert.Contains("at configuration 0, token 1, coordinate 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_Leaders_NotOneConfiguration_Throws()
    {
        using var dynamics = new Dynamics<double>(3, 2, Valid);

        var e = Assert.Throws<ArgumentException>(() => dynamics.Leaders(new double[12]));

        Assert.Equal("configuration", e.ParamName);
        Assert.Contains("configuration has 12 values; 6 are needed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_Run_NegativeSteps_Throws()
    {
        using var dynamics = new Dynamics<double>(3, 2, Valid);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => dynamics.Run(new double[6], -1));

        Assert.Equal("steps", e.ParamName);
        Assert.Contains("steps must be ≥ 0 (found -1)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-12)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Dynamics_RunToConvergence_ToleranceNotPositiveFinite_Throws(double tolerance)
    {
        using var dynamics = new Dynamics<double>(3, 2, Valid);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => dynamics.RunToConvergence(new double[6], tolerance, 10, new Convergence[1]));

        Assert.Equal("tolerance", e.ParamName);
        Assert.Contains("convergence tolerance must be positive and finite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_RunToConvergence_NegativeMaxSteps_Throws()
    {
        using var dynamics = new Dynamics<double>(3, 2, Valid);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => dynamics.RunToConvergence(new double[6], 1e-12, -1, new Convergence[1]));

        Assert.Equal("maxSteps", e.ParamName);
        Assert.Contains("maxSteps must be ≥ 0 (found -1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamics_RunToConvergence_ResultsWrongLength_Throws()
    {
        using var dynamics = new Dynamics<double>(3, 2, Valid);

        var e = Assert.Throws<ArgumentException>(() => dynamics.RunToConvergence(new double[12], 1e-12, 10, new Convergence[1]));

        Assert.Equal("results", e.ParamName);
        Assert.Contains("results has 1 values; 2 are needed", e.Message, StringComparison.Ordinal);
    }
}
