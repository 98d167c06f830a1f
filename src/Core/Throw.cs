using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HardmaxCore;

/// <summary>Throw helpers for validation at the public boundary; messages say what was found, what was expected and what to do.</summary>
[StackTraceHidden]
internal static class Throw
{
    [DoesNotReturn]
    public static void ArgumentOutOfRange_Alpha(double alpha) => throw new ArgumentOutOfRangeException(
        nameof(DynamicsOptions.Alpha), alpha, $"DynamicsOptions.Alpha: α must be positive and finite (found {Format(alpha)}); the layer is z⁺ = (z + α·mean)/(1+α), try α = 0.5.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_AlphaRange(double alpha) => throw new ArgumentOutOfRangeException(
        nameof(DynamicsOptions.Alpha), alpha, $"DynamicsOptions.Alpha: α must be in [{Format(DynamicsOptions.MinAlpha)}, {Format(DynamicsOptions.MaxAlpha)}] (found {Format(alpha)}): the layer moves a token by α/(1+α) of its distance to the mean, and outside that range the step (or the token's own weight 1/(1+α)) is lost in rounding; try α = 0.5.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Temperature(double temperature) => throw new ArgumentOutOfRangeException(
        nameof(DynamicsOptions.Temperature), temperature, $"DynamicsOptions.Temperature: the softmax temperature τ must be positive and finite (found {Format(temperature)}); [AFZ] uses τ = 1e-3.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_TieTolerance(double tieTolerance) => throw new ArgumentOutOfRangeException(
        nameof(DynamicsOptions.TieTolerance), tieTolerance, $"DynamicsOptions.TieTolerance: the tie tolerance must be ≥ 0 and finite (found {Format(tieTolerance)}); 0 means exact ties.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Size(string name, int value) => throw new ArgumentOutOfRangeException(
        name, value, $"{name} must be at least 1 (found {value}).");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Row(string name, int value, int rows) => throw new ArgumentOutOfRangeException(
        name, value, $"{name} must be a recorded row, 0 ≤ {name} < {rows} (found {value}).");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Count(string name, int value, int capacity) => throw new ArgumentOutOfRangeException(
        name, value, $"{name} must be between 0 and the capacity {capacity} (found {value}).");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_StepAlpha(double alpha) => throw new ArgumentOutOfRangeException(
        "alpha", alpha, $"α must be ≥ 0 and finite (found {Format(alpha)}); α = 0 leaves the points where they are.");

    [DoesNotReturn]
    public static void NotSupported_Precision(Type type) => throw new NotSupportedException(
        $"The Core runs in float or double, not {type.Name}: its kernels use float and double vector instructions. " +
        "Convert the tokens to float (speed) or double (to compare with the Reference).");

    [DoesNotReturn]
    public static void InvalidOperation_KernelVariable(string value) => throw new InvalidOperationException(
        $"HARDMAX_KERNEL='{value}' is not a kernel; use Scalar, Vector256 or Vector512, or unset it.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Steps(string name, int value) => throw new ArgumentOutOfRangeException(
        name, value, $"{name} must be ≥ 0 (found {value}).");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Tolerance(double value) => throw new ArgumentOutOfRangeException(
        "tolerance", value, $"The convergence tolerance must be positive and finite (found {Format(value)}); try 1e-12 in double, 1e-6 in float.");

    [DoesNotReturn]
    public static void Argument_KeyQueryNotSquare(int rows, int columns, int d) => throw new ArgumentException(
        $"The key–query matrix A must be square d × d with d = {d} (found {rows} × {columns}).", "keyQuery");

    [DoesNotReturn]
    public static void Argument_KeyQueryNotFinite(int row, int column, double value) => throw new ArgumentException(
        $"The key–query matrix A has a non-finite entry A[{row},{column}] = {Format(value)}.", "keyQuery");

    [DoesNotReturn]
    public static void Argument_KeyQueryNotSymmetric(int row, int column, double upper, double lower) => throw new ArgumentException(
        $"The key–query matrix A must be symmetric: A[{row},{column}] = {Format(upper)} but A[{column},{row}] = {Format(lower)}. " +
        "Use (A + Aᵀ)/2 if A was meant to be symmetric.", "keyQuery");

    [DoesNotReturn]
    public static void Argument_KeyQueryNotPositiveDefinite(int pivot, double value) => throw new ArgumentException(
        $"The key–query matrix A must be positive definite: the Cholesky factorisation fails at pivot {pivot} (value {Format(value)} ≤ 0). " +
        "The clustering theorems need A symmetric positive definite; try A = I.", "keyQuery");

    [DoesNotReturn]
    public static void Argument_Shape(string name, int length, int n, int d) => throw new ArgumentException(
        $"{name} has {length} values, which is not a whole number of configurations of n × d = {n} × {d} = {(long)n * d} values.", name);

    [DoesNotReturn]
    public static void Argument_DestinationLength(string name, int length, long expected) => throw new ArgumentException(
        $"{name} has {length} values; {expected} are needed.", name);

    [DoesNotReturn]
    public static void Argument_NotFinite(string name, int index, int n, int d, double value)
    {
        long perConfiguration = (long)n * d;
        long b = index / perConfiguration;
        long i = index % perConfiguration / d;
        long k = index % d;
        throw new ArgumentException(
            $"{name} has a non-finite value {Format(value)} at configuration {b}, token {i}, coordinate {k}; tokens must be finite numbers.", name);
    }

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Beta(double beta) => throw new ArgumentOutOfRangeException(
        nameof(IdentityAttentionOptions.Beta), beta, $"IdentityAttentionOptions.Beta: the inverse temperature β must be positive and finite (found {Format(beta)}); the layer weighs x_j by exp(β·k(x_i, x_j)), try β = 1 for unit-scale points.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_BetaPrecision(double beta, string precision) => throw new ArgumentOutOfRangeException(
        nameof(IdentityAttentionOptions.Beta), beta, $"IdentityAttentionOptions.Beta = {Format(beta)} has a temperature 1/β that is zero, subnormal or infinite in {precision}; keep 1/β a normal {precision} number (or use double).");

    [DoesNotReturn]
    public static void Argument_TooLarge(string what, long values) => throw new ArgumentException(
        $"{what} needs {values} values, more than one array can hold ({int.MaxValue}); use fewer points or a smaller dimension.");

    [DoesNotReturn]
    public static void Argument_OutOfMemory(string what, long bytes, long available) => throw new ArgumentException(
        $"{what} needs about {bytes / (1 << 20)} MiB of scratch memory but only {available / (1 << 20)} MiB are available; use fewer points, float instead of double, or fewer threads.");

    [DoesNotReturn]
    public static void Argument_NormOverflow(string name, int point, double squaredNorm, string precision) => throw new ArgumentException(
        $"{name} has point {point} with ‖x‖² = {Format(squaredNorm)}, too large for the scores in {precision} (they would overflow); " +
        "rescale the points (e.g. standardise each coordinate) or use double.", name);

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Undefined<TEnum>(string record, string property, TEnum value)
        where TEnum : struct, Enum => throw new ArgumentOutOfRangeException(
        property, value, $"{record}.{property} must be one of {string.Join(", ", Enum.GetNames<TEnum>())} (found {value}).");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Radius(double radius) => throw new ArgumentOutOfRangeException(
        "radius", radius, $"The grouping radius δ must be ≥ 0 and finite (found {Format(radius)}); 0 groups only identical points.");

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
