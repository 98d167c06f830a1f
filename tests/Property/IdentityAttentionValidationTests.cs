namespace HardmaxCore.PropertyTests;

/// <summary>Bad input to <see cref="IdentityAttention{T}"/>: one clear exception each, saying what was found and what to do.</summary>
public sealed class IdentityAttentionValidationTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void IdentityAttention_RejectsBeta(double beta)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityAttention<float>(4, 2, IdentityAttentionOptions.Default with { Beta = beta }));
        Assert.Contains("β must be positive and finite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdentityAttention_RejectsBetaBeyondThePrecision()
    {
        // 1/β = 1e-39 is subnormal in float (and 1e-50 rounds to 0); fine in double.
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityAttention<float>(4, 2, IdentityAttentionOptions.Default with { Beta = 1e39 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityAttention<float>(4, 2, IdentityAttentionOptions.Default with { Beta = 1e-39 }));
        using var fine = new IdentityAttention<double>(4, 2, IdentityAttentionOptions.Default with { Beta = 1e39 });
    }

    [Fact]
    public void IdentityAttention_RejectsSizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityAttention<float>(0, 2, IdentityAttentionOptions.Default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityAttention<float>(3, 0, IdentityAttentionOptions.Default));
        var e = Assert.Throws<ArgumentException>(() => new IdentityAttention<float>(100_000, 100_000, IdentityAttentionOptions.Default));
        Assert.Contains("more than one array can hold", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdentityAttention_RejectsNonFiniteAndWrongLength()
    {
        using var attention = new IdentityAttention<double>(2, 2, IdentityAttentionOptions.Default);
        var e = Assert.Throws<ArgumentException>(() => attention.Step(new double[] { 0, 1, double.NaN, 2 }));
        Assert.Contains("token 1, coordinate 0", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => attention.Step(new double[] { 0, 1, double.NegativeInfinity, 2 }));
        Assert.Throws<ArgumentException>(() => attention.Step(new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => attention.Run(new double[4], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => attention.Run(new double[4], 1, double.NaN));
    }

    [Fact]
    public void IdentityAttention_RejectsSquaredNormsThatOverflow()
    {
        // ‖x‖² = 2e40 overflows float: refused, with the fix; the same cloud in double is fine.
        using var single = new IdentityAttention<float>(2, 2, IdentityAttentionOptions.Default);
        var e = Assert.Throws<ArgumentException>(() => single.Step(new float[] { 1e20f, 1e20f, 0, 0 }));
        Assert.Contains("point 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("rescale", e.Message, StringComparison.Ordinal);
        using var twice = new IdentityAttention<double>(2, 2, IdentityAttentionOptions.Default with { Beta = 1e-40 });
        double[] x = [1e20, 1e20, 0, 0];
        twice.Step(x);
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void IdentityAttention_LargeScoresTimesBeta_AreFine()
    {
        // β·‖x‖² = 1e30 is far beyond exp's range, but the row maximum is subtracted first: the layer is hardmax-like and finite.
        using var attention = new IdentityAttention<float>(3, 1, IdentityAttentionOptions.Default with { Beta = 1e30 });
        float[] x = [1, 2, -3];
        attention.Step(x);
        Assert.Equal([2f, 2f, -3f], x);
    }

    [Fact]
    public void IdentityAttention_Disposed_Throws()
    {
        var attention = new IdentityAttention<float>(2, 1, IdentityAttentionOptions.Default);
        attention.Dispose();
        Assert.Throws<ObjectDisposedException>(() => attention.Step(new float[2]));
    }
}
