namespace HardmaxCore.Kernels;

/// <summary>
/// The few vector operations the kernels need, for one width. A kernel is written once, generic over this
/// operator; the JIT specialises it per width. Every width does the same arithmetic per lane (FMA everywhere),
/// so all variants give bitwise-identical results (SPEC §1.4).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TVec">The vector type (T itself for the scalar width).</typeparam>
internal interface ISimd<T, TVec>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TVec Zero { get; }

    /// <summary>All lanes equal to <paramref name="value"/>.</summary>
    static abstract TVec Broadcast(T value);

    /// <summary>Loads <see cref="Count"/> values starting at <c>source[offset]</c>.</summary>
    static abstract TVec Load(ref T source, nuint offset);

    /// <summary>Stores a vector at <c>destination[offset]</c>.</summary>
    static abstract void Store(TVec value, ref T destination, nuint offset);

    /// <summary>Fused <c>left·right + addend</c>, rounded once.</summary>
    static abstract TVec MultiplyAdd(TVec left, TVec right, TVec addend);

    /// <summary>Bit l set iff lane l of <paramref name="value"/> ≥ lane l of <paramref name="threshold"/>.</summary>
    static abstract ulong GreaterThanOrEqualMask(TVec value, TVec threshold);

    /// <summary>Lane-wise <c>x ≥ threshold ? value : 0</c>.</summary>
    static abstract TVec ZeroBelow(TVec value, TVec x, TVec threshold);

    /// <summary>Lane-wise <c>left + right</c>.</summary>
    static abstract TVec Add(TVec left, TVec right);

    /// <summary>Lane-wise <c>left − right</c>.</summary>
    static abstract TVec Subtract(TVec left, TVec right);

    /// <summary>Lane-wise <c>left · right</c> (rounded, not fused with anything).</summary>
    static abstract TVec Multiply(TVec left, TVec right);

    /// <summary>Lane-wise <c>left / right</c>.</summary>
    static abstract TVec Divide(TVec left, TVec right);

    /// <summary>Lane-wise <c>|value|</c>.</summary>
    static abstract TVec Abs(TVec value);

    /// <summary>Lane-wise IEEE maximum.</summary>
    static abstract TVec Max(TVec left, TVec right);

    /// <summary>Lane-wise IEEE minimum.</summary>
    static abstract TVec Min(TVec left, TVec right);

    /// <summary>The maximum over the lanes (exact, so the order of the reduction does not matter).</summary>
    static abstract T MaxAcross(TVec value);
}
