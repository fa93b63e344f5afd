namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// A file's bytes that end where they can no longer be read instead of throwing: a truncated or corrupt gzip
/// download, or a disk error, ends the file there, and <see cref="Damage"/> says why, so the reader reports it and
/// goes on with the events before it and the other files, where an exception ended the whole replay.
/// </summary>
public sealed class DamageTolerantStream(Stream inner) : ForwardReadStream(inner)
{
    /// <summary>Why reading stopped early, or null while the bytes read are all there is.</summary>
    public Exception? Damage { get; private set; }

    /// <summary>How many bytes were read before <see cref="Damage"/> (the decompressed bytes, for gzip).</summary>
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        if (Damage is not null)
        {
            return 0;
        }

        try
        {
            var read = Inner.Read(buffer);
            BytesRead += read;
            return read;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            Damage = ex;
            return 0;
        }
    }
}
