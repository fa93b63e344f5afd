using System.Buffers;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>How a record type is written to the spill file and read back: a read must give back an equal record.</summary>
public interface ISpillCodec<TRecord>
{
    void Write(TRecord record, IBufferWriter<byte> payload);

    TRecord Read(string key, ReadOnlySpan<byte> payload);
}
