using System.Buffers;
using System.Buffers.Binary;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>A dedupe marker spilled as its expiry alone (the key is in the record header): 9 bytes, a flag and the time.</summary>
public sealed class EventMarkerSpillCodec : ISpillCodec<EventMarker>
{
    public void Write(EventMarker record, IBufferWriter<byte> payload)
    {
        var span = payload.GetSpan(9);
        span[0] = record.ExpiresAt is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], record.ExpiresAt ?? 0);
        payload.Advance(9);
    }

    public EventMarker Read(string key, ReadOnlySpan<byte> payload) =>
        new() { Key = key, ExpiresAt = payload[0] == 0 ? null : BinaryPrimitives.ReadInt64LittleEndian(payload[1..]) };
}
