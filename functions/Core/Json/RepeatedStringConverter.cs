using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Json;

/// <summary>
/// Reads strings through a small shared table of recently read ASCII strings, so a value seen before is returned as
/// the same instance instead of a new one. Events repeat most of their strings: within an event (a task ARN, log
/// stream and instance ARN appear in the job, its attempts and its containers), and across events (queue, job
/// definition, region, account, status, the instance a job ran on). Unique values (ids) still cost one string.
/// </summary>
/// <remarks>
/// The table is direct-mapped by a hash of the UTF-8 bytes and verified by comparing them with the cached string,
/// so a collision only costs a miss. Races between threads are benign: an entry is one reference, written whole,
/// and always verified before use.
/// </remarks>
public sealed class RepeatedStringConverter : JsonConverter<string>
{
    // A power of two; ~4,096 distinct hot strings, a few hundred KB at most. A 32,768-slot table kept more of each
    // job's own strings (a fifth fewer allocated in a replay), but every read then probed a table larger than the
    // core's cache and reading a body took about a tenth longer (docs/performance.md, round nine).
    private const int TableSize = 4096;
    private const int MaxCachedLength = 256; // longer values (status reasons, commands) are rarely repeated verbatim

    private static readonly string?[] Table = new string?[TableSize];

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            // Numbers are not strings here either, as with the built-in converter.
            throw new JsonException($"expected a string, found {reader.TokenType}");
        }

        return ReadString(ref reader);
    }

    /// <summary>The string the reader is on (a String token), shared with earlier reads of the same value.</summary>
    public static string ReadString(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxCachedLength)
        {
            return reader.GetString()!;
        }

        var bytes = reader.ValueSpan;
        var slot = Slot(bytes);
        if (Table[slot] is { } cached && cached.Length == bytes.Length && Ascii.Equals(bytes, cached))
        {
            return cached;
        }

        var value = reader.GetString()!;
        if (Ascii.IsValid(bytes))
        {
            Table[slot] = value;
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    /// <summary>
    /// Cheap rather than thorough (every string an event carries comes through here): the length and the first, middle
    /// and last eight bytes, which tell apart the values that share long prefixes (ARNs differ at their ends, ids
    /// everywhere). Values alike in all of those share a slot, which only costs misses.
    /// </summary>
    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        var hash = (ulong)bytes.Length;
        if (bytes.Length >= sizeof(ulong))
        {
            hash = Mix(hash, MemoryMarshal.Read<ulong>(bytes));
            hash = Mix(hash, MemoryMarshal.Read<ulong>(bytes[((bytes.Length - sizeof(ulong)) / 2)..]));
            hash = Mix(hash, MemoryMarshal.Read<ulong>(bytes[^sizeof(ulong)..]));
        }
        else
        {
            foreach (var b in bytes)
            {
                hash = Mix(hash, b);
            }
        }

        return (int)(hash ^ (hash >> 32)) & (TableSize - 1);
    }

    private static ulong Mix(ulong hash, ulong value)
    {
        hash = (hash ^ value) * 0x9E3779B97F4A7C15;
        return hash ^ (hash >> 29);
    }
}
