using System.Text.Json;

namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>
/// The join item a state machine's join carries (the instances-table item of the instance a job or task ran on),
/// remembered per container instance with its bytes. Every event of every job on an instance carries that instance's
/// item, byte for byte the same until its registry record changes, and reading it attribute by attribute cost about a
/// twentieth of the functions' thread (docs/performance.md). An item whose bytes are the remembered ones reads as the
/// record shared by every read of those bytes; any other item is read by <see cref="InstanceItemJsonConverter.ReadItem"/>
/// and remembered in its place. The bytes decide, so what an item reads as never depends on what came before it.
/// </summary>
/// <remarks>
/// Sharing one record instead of copying it per event is safe only while no reader changes it (none of the
/// processors does). So the memo keeps a pristine record it never hands out, and before handing the shared one out
/// again checks it against the pristine one: a shared record that was changed (any value, or bookkeeping created)
/// is dropped for a fresh copy, and the change stays with the message that made it.
/// </remarks>
internal static class JoinItemMemo
{
    // Enough for the instances a day keeps busy at once; past it the memo starts over rather than grow.
    internal const int MaxInstances = 1024;

    // Per thread: a read is synchronous, and the functions (or tests) may read on several threads at once.
    [ThreadStatic]
    private static Dictionary<string, Remembered>? t_byArn;

    /// <summary>The item the reader is on, read as <c>ReadItem(ref reader, bookkeeping: false)</c> reads it.</summary>
    /// <param name="reader">On the item's first token, over <paramref name="body"/> from its start; left on its last.</param>
    /// <param name="body">The bytes the reader reads.</param>
    /// <param name="arn">The join's containerInstanceArn when it came before the item (the key; null reads without the memo).</param>
    public static InstanceRecord? Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, string? arn)
    {
        if (arn is null || reader.TokenType != JsonTokenType.StartObject || reader.HasValueSequence)
        {
            return InstanceItemJsonConverter.ReadItem(ref reader, bookkeeping: false);
        }

        var start = checked((int)reader.TokenStartIndex);
        var byArn = t_byArn ??= new Dictionary<string, Remembered>(StringComparer.Ordinal);
        if (byArn.TryGetValue(arn, out var remembered) && body[start..].StartsWith(remembered.Bytes))
        {
            // The same bytes are the same complete object: skipping it (which checks it as reading would) ends
            // where the remembered one ended.
            reader.Skip();
            return remembered.Share();
        }

        var record = InstanceItemJsonConverter.ReadItem(ref reader, bookkeeping: false);
        if (byArn.Count >= MaxInstances && !byArn.ContainsKey(arn))
        {
            byArn.Clear();
        }

        var added = new Remembered(body[start..checked((int)reader.BytesConsumed)].ToArray(), record);
        byArn[arn] = added;
        return added.Share();
    }

    /// <summary>The bytes of an item, what they read as (never handed out) and the copy every read of them shares.</summary>
    private sealed class Remembered(byte[] bytes, InstanceRecord? pristine)
    {
        private InstanceRecord? _shared;

        public byte[] Bytes { get; } = bytes;

        /// <summary>The shared copy, replaced by a fresh one if a reader changed it since it was last handed out.</summary>
        public InstanceRecord? Share()
        {
            if (pristine is null)
            {
                return null;
            }

            if (_shared is null || !_shared.SameValuesWithoutBookkeeping(pristine))
            {
                _shared = pristine.CopyWithoutBookkeeping();
            }

            return _shared;
        }
    }
}
