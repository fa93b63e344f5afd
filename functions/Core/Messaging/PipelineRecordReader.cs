using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// Checks an SQS body's envelope without materialising it: one forward scan reads "schema" and "kind" and skips
/// everything else, so the body is then deserialized exactly once, by the processor, into the kind's typed event.
/// Every failure says what was wrong.
/// </summary>
/// <remarks>
/// <see cref="Parse(ReadOnlyMemory{byte})"/> checks the whole envelope in a pass of its own. <see cref="Open"/>, what
/// the functions use, reads only as far as the two members every state machine writes first ("schema", "kind")
/// and leaves the rest to the kind's reader, which reads the whole body anyway: the one pass then does both.
/// </remarks>
public static class PipelineRecordReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>
    /// The body's kind, when it starts as the state machines write it: <c>{"schema":1,"kind":"&lt;known kind&gt;",</c>.
    /// The message then has <see cref="PipelineMessage.RestUnchecked"/>: its reader checks what <see cref="Parse(ReadOnlyMemory{byte})"/>
    /// would have checked after that (the event is an object, no second schema or kind, nothing but whitespace or
    /// comments after the record, valid JSON throughout) before it returns, and <see cref="Sqs.SqsBatchProcessor"/> gives a
    /// failure the reason <see cref="Parse(ReadOnlyMemory{byte})"/> gives when it has one. Any other start, valid or not,
    /// is <see cref="Parse(ReadOnlyMemory{byte})"/>'s to check and explain.
    /// </summary>
    public static PipelineMessage Open(ReadOnlyMemory<byte> utf8Body)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Body.Span, ReaderOptions);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("schema"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var schema) && schema == PipelineSchema.Current
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("kind"u8)
                && reader.Read() && reader.TokenType == JsonTokenType.String && KnownKind(ref reader) is { } kind)
            {
                return new PipelineMessage(kind, utf8Body) { RestUnchecked = true };
            }
        }
        catch (JsonException)
        {
            // Malformed within the first members: the full check below says how.
        }

        return Parse(utf8Body);
    }

    /// <summary>
    /// After a message <see cref="Open"/> returned with <see cref="PipelineMessage.RestUnchecked"/> failed to read or
    /// process: the record as it is to be processed instead, decided as if the whole envelope had been checked first.
    /// A bad envelope is the reason (<see cref="Parse(ReadOnlyMemory{byte})"/> throws it), whatever failed after it; one
    /// naming the same kind last rethrows <paramref name="failure"/>; one naming another kind last is a record of
    /// that kind (nothing was applied of the first: the reader found the second kind before returning).
    /// </summary>
    public static PipelineMessage AfterFailure(ReadOnlyMemory<byte> utf8Body, PipelineMessage opened, ExceptionDispatchInfo failure)
    {
        var parsed = Parse(utf8Body);
        if (parsed.Kind == opened.Kind)
        {
            failure.Throw();
        }

        return parsed;
    }

    /// <summary>
    /// What <paramref name="read"/> gives for the body when the functions process it (<see cref="Sqs.SqsBatchProcessor"/>):
    /// one pass from <see cref="Open"/>, the whole envelope deciding when that pass fails (<see cref="AfterFailure"/>).
    /// For a caller that must know in advance what a function will make of a record (the local runner's registration fence).
    /// </summary>
    public static T ReadAsProcessed<T>(ReadOnlyMemory<byte> utf8Body, Func<PipelineMessage, T> read)
    {
        var opened = Open(utf8Body);
        if (!opened.RestUnchecked)
        {
            return read(opened);
        }

        ExceptionDispatchInfo failure;
        try
        {
            return read(opened);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        return read(AfterFailure(utf8Body, opened, failure));
    }

    /// <summary>Convenience for callers holding text (tests, tools); the functions pass UTF-8 bytes.</summary>
    public static PipelineMessage Parse(string body) => Parse(Encoding.UTF8.GetBytes(body));

    public static PipelineMessage Parse(ReadOnlyMemory<byte> utf8Body)
    {
        int? schema = null;
        string? kind = null;
        string? unknownKind = null;
        var eventKind = JsonTokenType.None;
        try
        {
            var reader = new Utf8JsonReader(utf8Body.Span, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new RecordRejectedException(reader.TokenType == JsonTokenType.Null
                    ? "body is JSON null, not a pipeline record"
                    : $"body is not a PipelineRecord: it starts with {reader.TokenType}, not an object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("schema"u8))
                {
                    reader.Read();
                    schema = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) ? number : int.MinValue;
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    reader.Read();
                    kind = reader.TokenType == JsonTokenType.String ? KnownKind(ref reader) : null;
                    unknownKind = kind is null ? KindText(ref reader) : null;
                }
                else
                {
                    var isEvent = reader.ValueTextEquals("event"u8);
                    reader.Read();
                    if (isEvent)
                    {
                        eventKind = reader.TokenType;
                    }
                }

                reader.Skip();
            }

            // Anything after the record's closing brace is malformed input too; the reader throws on it.
            reader.Read();
        }
        catch (JsonException ex)
        {
            throw new RecordRejectedException($"body is not a PipelineRecord: {ex.Message}", ex);
        }

        if (schema != PipelineSchema.Current)
        {
            throw new RecordRejectedException($"schema {(schema is int.MinValue ? "(not an integer)" : schema?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(missing)")} is not supported (expected {PipelineSchema.Current})");
        }

        if (kind is null)
        {
            throw new RecordRejectedException($"unknown kind '{unknownKind}'");
        }

        if (eventKind != JsonTokenType.StartObject)
        {
            throw new RecordRejectedException($"kind {kind} has no event object");
        }

        return new PipelineMessage(kind, utf8Body);
    }

    /// <summary>
    /// The kinds with their UTF-8 text: every message's kind is compared with them, and comparing with a string
    /// transcoded it anew for each kind tried (and the interface's foreach boxed an enumerator per message).
    /// </summary>
    private static readonly (byte[] Utf8, string Kind)[] KnownKinds = RecordKind.All.Select(kind => (Encoding.UTF8.GetBytes(kind), kind)).ToArray();

    /// <summary>The constant for a known kind, compared in place so a valid record allocates no kind string.</summary>
    private static string? KnownKind(ref Utf8JsonReader reader)
    {
        foreach (var (utf8, kind) in KnownKinds)
        {
            if (reader.ValueTextEquals(utf8))
            {
                return kind;
            }
        }

        return null;
    }

    private static string KindText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString() ?? "",
        JsonTokenType.Null => "",
        _ => reader.TokenType.ToString(),
    };
}
