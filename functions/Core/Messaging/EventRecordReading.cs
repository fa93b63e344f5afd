using System.Buffers.Text;
using System.Text.Json;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// What the hand-written event readers (<see cref="BatchJobEventReader"/>, <see cref="EcsTaskEventReader"/>) share:
/// the record's envelope (event time, detail, join) read in one forward pass of a <see cref="Utf8JsonReader"/>, and
/// the typed member reads that reject a wrong type by its path. One place, so the readers keep one contract:
/// the one of <see cref="PipelineMessage.Read{TDetail}"/> with <see cref="PipelineJsonContext"/> for what they read.
/// </summary>
internal static class EventRecordReading
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads the detail the reader is on (an object or null; anything else is rejected).</summary>
    public delegate T? DetailReader<T>(ref Utf8JsonReader reader)
        where T : class;

    /// <summary>Reads one list item; <paramref name="path"/> is the list's, named only in an error.</summary>
    public delegate T ItemReader<T>(ref Utf8JsonReader reader, string path);

    /// <summary>
    /// The event's time and detail and the join. The envelope's other members, the join's attempts, the join item's
    /// bookkeeping (counted sets, waiting list) and metricsCollection are skipped unread: nothing downstream of these
    /// readers uses them.
    /// </summary>
    /// <remarks>
    /// A message with <see cref="PipelineMessage.RestUnchecked"/> (its first members were schema and kind, checked
    /// by <see cref="PipelineRecordReader.Open"/>) gets the rest of the envelope check here, in the same pass: the
    /// last "event" must be an object, a later "schema" or "kind" would override the checked ones, and nothing may
    /// follow the record. Every token is read or skipped (skipping validates), so the JSON is checked to its end.
    /// When one of these does not hold, <see cref="PipelineMessage.CheckRest"/> decides with the full check, so the
    /// message is rejected exactly when, and why, <see cref="PipelineRecordReader.Parse(ReadOnlyMemory{byte})"/> would reject it.
    /// </remarks>
    /// <param name="readId">Also read the event's id (a string per event: only for a reader that needs it).</param>
    public static (DateTimeOffset? Time, string? Id, TDetail Detail, JoinResult? Join) Read<TDetail>(PipelineMessage message, DetailReader<TDetail> readDetail, bool readId = false)
        where TDetail : class
    {
        var read = Read(message, readDetail, readId ? EventMembers.Id : EventMembers.None);
        return (read.Time, read.Id, read.Detail, read.Join);
    }

    /// <summary>The same read, with the event's other members named by <paramref name="members"/> (each typed as the envelope's model types it).</summary>
    public static EventRead<TDetail> Read<TDetail>(PipelineMessage message, DetailReader<TDetail> readDetail, EventMembers members)
        where TDetail : class
    {
        EventRead<TDetail> read = default;
        TDetail? detail = null;
        JoinResult? join = null;
        try
        {
            var reader = new Utf8JsonReader(message.Utf8Body.Span, ReaderOptions);
            reader.Read();
            var memberCount = 0;
            var eventToken = JsonTokenType.None;
            var envelopeRepeated = false;
            Span<byte> scratch = stackalloc byte[MemberNameScratch];
            while (NextProperty(ref reader))
            {
                memberCount++;
                var name = MemberName(in reader, scratch);
                switch (name.Length)
                {
                    case 5 when name.SequenceEqual("event"u8):
                        reader.Read();
                        eventToken = reader.TokenType;
                        read = default; // a later "event" replaces an earlier one whole
                        detail = ReadEvent(ref reader, readDetail, members, ref read);
                        break;
                    case 4 when name.SequenceEqual("join"u8):
                        reader.Read();
                        join = ReadJoin(ref reader, message.Utf8Body.Span);
                        break;
                    default:
                        // Members one and two are the schema and kind Open checked; another of either replaces them.
                        envelopeRepeated |= memberCount > 2 && (name.SequenceEqual("schema"u8) || name.SequenceEqual("kind"u8));
                        SkipValue(ref reader);
                        break;
                }
            }

            if (message.RestUnchecked)
            {
                // Anything after the record's closing brace but whitespace and comments: the reader throws on it.
                reader.Read();
                if (eventToken != JsonTokenType.StartObject || envelopeRepeated)
                {
                    message.CheckRest();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new RecordRejectedException($"{message.Kind} event does not read as {typeof(TDetail).Name}: {ex.Message}", ex);
        }
        catch (WrongType wrong)
        {
            throw new RecordRejectedException($"{message.Kind} event does not read as {typeof(TDetail).Name}: {wrong.Message}");
        }

        if (detail is null)
        {
            throw new RecordRejectedException($"{message.Kind} event has no detail");
        }

        return read with { Detail = detail, Join = join };
    }

    /// <summary>The event's members but its detail go to <paramref name="read"/>; returns the detail.</summary>
    private static TDetail? ReadEvent<TDetail>(ref Utf8JsonReader reader, DetailReader<TDetail> readDetail, EventMembers members, ref EventRead<TDetail> read)
        where TDetail : class
    {
        TDetail? detail = null;
        if (!StartObject(ref reader, "event"))
        {
            return detail;
        }

        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 4 when name.SequenceEqual("time"u8):
                    read = read with { Time = DateValue(ref reader, "event", ".time") };
                    break;
                case 2 when (members & EventMembers.Id) != 0 && name.SequenceEqual("id"u8):
                    read = read with { Id = StringValue(ref reader, "event", ".id") };
                    break;
                case 6 when (members & EventMembers.Origin) != 0 && name.SequenceEqual("region"u8):
                    read = read with { Region = StringValue(ref reader, "event", ".region") };
                    break;
                case 7 when (members & EventMembers.Origin) != 0 && name.SequenceEqual("account"u8):
                    read = read with { Account = StringValue(ref reader, "event", ".account") };
                    break;
                case 6 when name.SequenceEqual("detail"u8):
                    reader.Read();
                    detail = readDetail(ref reader);
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return detail;
    }

    private static JoinResult? ReadJoin(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        if (!StartObject(ref reader, "join"))
        {
            return null;
        }

        var join = new JoinResult();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 20 when name.SequenceEqual("containerInstanceArn"u8):
                    join.ContainerInstanceArn = StringValue(ref reader, "join", ".containerInstanceArn");
                    break;
                case 5 when name.SequenceEqual("found"u8):
                    reader.Read();
                    join.Found = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw new WrongType("join.found", "true or false", reader.TokenType),
                    };
                    break;
                case 4 when name.SequenceEqual("item"u8):
                    reader.Read();
                    // The same instance's item comes with every event on it: read once per change (JoinItemMemo).
                    join.Item = reader.TokenType == JsonTokenType.Null ? null : JoinItemMemo.Read(ref reader, body, join.ContainerInstanceArn);
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return join;
    }

    /// <summary>
    /// The array after the member name the reader is on, each item read by <paramref name="read"/>; null for null.
    /// The items are collected in a per-thread list and returned as an array of their exact number (<see cref="ItemScratch{T}"/>).
    /// </summary>
    public static IReadOnlyList<T>? Items<T>(ref Utf8JsonReader reader, string path, ItemReader<T> read, string suffix = "")
    {
        reader.Read();
        if (!StartArray(ref reader, path, suffix))
        {
            return null;
        }

        var items = ItemScratch<T>.List;
        var start = items.Count;
        try
        {
            while (NextItem(ref reader))
            {
                items.Add(read(ref reader, path));
            }

            return ItemScratch<T>.ToArray(items, start);
        }
        finally
        {
            ItemScratch<T>.Release(items, start);
        }
    }

    // Paths name the member in a rejection: a constant prefix plus parts joined only when the member is wrong.

    /// <summary>True when on an object (the reader then reads its members); false for null; rejects anything else.</summary>
    public static bool StartObject(ref Utf8JsonReader reader, string path, string suffix = "", string member = "") => reader.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw new WrongType(path + suffix + member, "an object", reader.TokenType),
    };

    /// <summary>
    /// On a list item that must be an object: a null item is rejected by name too (the typed read kept it, and the
    /// observation then failed with a NullReferenceException that did not say why).
    /// </summary>
    /// <param name="suffix">After the constant <paramref name="path"/>, for a list nested in list items (joined only in an error).</param>
    public static void StartItemObject(ref Utf8JsonReader reader, string path, string suffix = "")
    {
        if (!StartObject(ref reader, path, suffix, "[]"))
        {
            throw new WrongType(path + suffix + "[]", "an object", JsonTokenType.Null);
        }
    }

    public static bool StartArray(ref Utf8JsonReader reader, string path, string suffix = "") => reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw new WrongType(path + suffix, "an array", reader.TokenType),
    };

    /// <summary>Room for the unescaped name of any member a reader looks for (the longest is 21 bytes, 126 if every character is escaped).</summary>
    public const int MemberNameScratch = 128;

    /// <summary>
    /// The name of the member the reader is on, unescaped, for a switch on its length and then its bytes: a reader
    /// compares every member with the names it knows, and a chain of ValueTextEquals cost each skipped member one
    /// call per known name (a tenth of a job event's read). Empty for a name too long to be one of them.
    /// </summary>
    /// <param name="scratch">At least <see cref="MemberNameScratch"/> bytes: where an escaped name is unescaped.</param>
    public static ReadOnlySpan<byte> MemberName(in Utf8JsonReader reader, Span<byte> scratch)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan;
        }

        // Unescaping only shortens a name, so one that fits unescaped into the scratch is never cut.
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        return length <= scratch.Length ? scratch[..reader.CopyString(scratch)] : default;
    }

    /// <summary>Moves to the next member name of the current object; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Moves to the next item of the current array; false at its end.</summary>
    public static bool NextItem(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    /// <summary>Skips the value of the member name the reader is on, whole (an object or array with everything in it).</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>The member value after the name the reader is on: a string (shared), or null.</summary>
    public static string? StringValue(ref Utf8JsonReader reader, string path, string member) => StringValue(ref reader, path, "", member);

    public static string? StringValue(ref Utf8JsonReader reader, string path, string suffix, string member)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => RepeatedStringConverter.ReadString(ref reader),
            JsonTokenType.Null => null,
            _ => throw new WrongType(path + suffix + member, "a string", reader.TokenType),
        };
    }

    /// <summary>
    /// The member value after the name the reader is on when it is a string, else null whatever it is (skipped whole):
    /// how CloudTrail's free-form request and response are read (<see cref="JsonReading"/>), since CloudTrail may
    /// redact or reshape them.
    /// </summary>
    public static string? LooseString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return RepeatedStringConverter.ReadString(ref reader);
        }

        reader.Skip();
        return null;
    }

    /// <summary>
    /// Moves to the member value after the name the reader is on: true when it opens <paramref name="start"/> (an
    /// object or an array, left open to be read), else the value is skipped and false, so a loose read takes it as
    /// absent, as <see cref="LooseString"/> does for a string.
    /// </summary>
    public static bool LooseStart(ref Utf8JsonReader reader, JsonTokenType start)
    {
        reader.Read();
        if (reader.TokenType == start)
        {
            return true;
        }

        reader.Skip();
        return false;
    }

    /// <summary>The member value after the name the reader is on: an ISO 8601 date (as the typed read parses it), or null.</summary>
    public static DateTimeOffset? DateValue(ref Utf8JsonReader reader, string path, string member)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String when reader.TryGetDateTimeOffset(out var at) => at,
            _ => throw new WrongType(path + member, "an ISO 8601 date", reader.TokenType),
        };
    }

    public static long? Int64Value(ref Utf8JsonReader reader, string path, string member) => Int64Value(ref reader, path, "", member);

    public static long? Int64Value(ref Utf8JsonReader reader, string path, string suffix, string member)
    {
        reader.Read();
        return Int64Token(ref reader, out var value) ? value : throw new WrongType(path + suffix + member, "an integer", reader.TokenType);
    }

    /// <summary>The integer (or null) the reader is on, as the typed read takes it; false for anything else.</summary>
    public static bool Int64Token(ref Utf8JsonReader reader, out long? value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                value = null;
                return true;
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                value = number;
                return true;
            case JsonTokenType.String when !reader.ValueIsEscaped && !reader.HasValueSequence
                && Utf8Parser.TryParse(reader.ValueSpan, out long quoted, out var consumed) && consumed == reader.ValueSpan.Length:
                value = quoted; // quoted numbers are accepted, as the typed read's AllowReadingFromString does
                return true;
            default:
                value = null;
                return false;
        }
    }

    public static int? Int32Value(ref Utf8JsonReader reader, string path, string member) => Int32Value(ref reader, path, "", member);

    public static int? Int32Value(ref Utf8JsonReader reader, string path, string suffix, string member)
    {
        var value = Int64Value(ref reader, path, suffix, member);
        return value is null or (>= int.MinValue and <= int.MaxValue) ? (int?)value : throw new WrongType(path + suffix + member, "a 32-bit integer", JsonTokenType.Number);
    }

    /// <summary>The event members a reader asks for besides its time and detail.</summary>
    [Flags]
    public enum EventMembers
    {
        None = 0,

        /// <summary>The event's id.</summary>
        Id = 1,

        /// <summary>The event's region and account.</summary>
        Origin = 2,
    }

    /// <summary>What <see cref="Read{TDetail}(PipelineMessage, DetailReader{TDetail}, EventMembers)"/> read: members not asked for are null.</summary>
    public readonly record struct EventRead<TDetail>(DateTimeOffset? Time, string? Id, string? Region, string? Account, TDetail Detail, JoinResult? Join)
        where TDetail : class;

    /// <summary>A read member of another type than the model's: becomes the record's rejection.</summary>
    public sealed class WrongType(string path, string expected, JsonTokenType found)
        : Exception($"{path} is {found}, expected {expected}");
}
