using System.Text.Json;

namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>
/// The join item a state machine's join carries (the instances-table item of the instance a job or task ran on),
/// remembered per container instance with its bytes. Every event of every job on an instance carries that instance's
/// item, byte for byte the same until its registry record changes, and reading it attribute by attribute cost about a
/// twentieth of the functions' thread (docs/performance.md). An item whose bytes are the remembered ones reads as a
/// copy of the remembered record; any other item is read by <see cref="InstanceItemJsonConverter.ReadItem"/> and
/// remembered in its place. The bytes decide, so what an item reads as never depends on what came before it.
/// </summary>
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
            return remembered.Record?.CopyWithoutBookkeeping();
        }

        var record = InstanceItemJsonConverter.ReadItem(ref reader, bookkeeping: false);
        if (byArn.Count >= MaxInstances && !byArn.ContainsKey(arn))
        {
            byArn.Clear();
        }

        byArn[arn] = new Remembered(body[start..checked((int)reader.BytesConsumed)].ToArray(), record);
        return record?.CopyWithoutBookkeeping();
    }

    /// <summary>The bytes of an item and what they read as (kept unshared: each read gets a copy).</summary>
    private sealed record Remembered(byte[] Bytes, InstanceRecord? Record);
}
