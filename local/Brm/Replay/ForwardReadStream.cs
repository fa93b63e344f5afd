namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// A stream read once from start to end over another that it owns and disposes: what the input's wrappers
/// (<see cref="PrefixedStream"/>, <see cref="DamageTolerantStream"/>, <see cref="CheckedGzipStream"/>) have in common.
/// </summary>
public abstract class ForwardReadStream(Stream inner) : Stream
{
    protected Stream Inner => inner;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
