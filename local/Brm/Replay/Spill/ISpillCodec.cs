using System.Buffers;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>How a record type is written to the spill file and read back: a read must give back an equal record.</summary>
public interface ISpillCodec<TRecord> : ISpillReader<TRecord>
{
    void Write(TRecord record, IBufferWriter<byte> payload);
}

/// <summary>How spilled records are read: in full by a codec, or only for what one pass needs (see <see cref="JobRecordSpillCodec.ForLedgerLines"/>).</summary>
public interface ISpillReader<TRecord>
{
    TRecord Read(string key, ReadOnlySpan<byte> payload);
}
