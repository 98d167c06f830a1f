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
        "alpha", alpha, $"α must be positive and finite (found {Format(alpha)}); the layer is z⁺ = (z + α·mean)/(1+α), try α = 0.5.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_Temperature(double temperature) => throw new ArgumentOutOfRangeException(
        "temperature", temperature, $"The softmax temperature τ must be positive and finite (found {Format(temperature)}); [AFZ] uses τ = 1e-3.");

    [DoesNotReturn]
    public static void ArgumentOutOfRange_TieTolerance(double tieTolerance) => throw new ArgumentOutOfRangeException(
        "tieTolerance", tieTolerance, $"The tie tolerance must be ≥ 0 and finite (found {Format(tieTolerance)}); 0 means exact ties.");

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

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
