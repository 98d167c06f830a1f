namespace HardmaxCore.Classifier;

/// <summary>
/// A read-only pass-through stream that remembers how many zero bytes ended what has been read so far.
/// </summary>
/// <remarks>
/// Over a seekable stream, <c>TarReader</c> returns no more entries both at the end-of-archive marker (a zero
/// block) and when the stream simply ends at an entry boundary, so a truncated archive would load silently with
/// reviews missing (over a non-seekable one, as here, it throws today; this check does not rely on that).
/// A proper end shows as at least one 512-byte zero block just read; entry data is text and never ends in
/// 512 zero bytes.
/// </remarks>
internal sealed class TarEndTrackingStream(Stream inner) : Stream
{
    /// <summary>Size of a tar block.</summary>
    private const int BlockSize = 512;

    /// <summary>Number of consecutive zero bytes at the end of everything read so far.</summary>
    private long _trailingZeros;

    /// <summary>All bytes read through this stream.</summary>
    public long BytesRead { get; private set; }

    /// <summary>True when the last bytes read were a whole zero block: the archive ended properly.</summary>
    public bool EndsWithZeroBlock => this._trailingZeros >= BlockSize;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        BytesRead += read;
        Track(buffer[..read]);
        return read;
    }

    /// <inheritdoc/>
    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Updates the count of trailing zero bytes with a chunk just read.</summary>
    private void Track(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        int lastNonZero = chunk.LastIndexOfAnyExcept((byte)0);
        this._trailingZeros = lastNonZero < 0 ? this._trailingZeros + chunk.Length : chunk.Length - 1 - lastNonZero;
    }
}
