using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HardmaxCore.Kernels;

/// <summary>
/// A buffer whose first element sits on a 64-byte boundary (a cache line, and the size of a 512-bit vector), so that a
/// kernel's whole-vector loads at multiples of 64 bytes never straddle two cache lines. The array is pinned (allocated on the
/// pinned object heap), so the boundary holds for the buffer's life; zeroed when made.
/// </summary>
internal sealed class AlignedBuffer<T> : IDisposable
    where T : unmanaged
{
    /// <summary>The boundary, in bytes.</summary>
    public const int Alignment = 64;

    private T[] _array;
    private readonly int _offset;
    private readonly int _length;

    /// <summary>A zeroed buffer of <paramref name="length"/> elements (≥ 0).</summary>
    public unsafe AlignedBuffer(int length)
    {
        int spare = Alignment / Unsafe.SizeOf<T>();
        this._array = GC.AllocateArray<T>(length + spare, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(this._array));
        this._offset = (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1)) / Unsafe.SizeOf<T>();
        this._length = length;
    }

    /// <summary>The elements (empty once disposed).</summary>
    public Span<T> Span => this._array.AsSpan(Math.Min(this._offset, this._array.Length), Math.Min(this._length, this._array.Length));

    /// <inheritdoc/>
    public void Dispose() => this._array = [];
}
