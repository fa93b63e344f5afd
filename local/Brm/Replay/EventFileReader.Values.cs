using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// The values a file holds beyond one JSON Lines event a line: several values on a line or in a document (Firehose),
/// arrays, CloudTrail log files and records, CloudWatch Logs JSON, SQS messages and pipeline dead letters, each
/// unpacked to the events it holds.
/// </summary>
public sealed partial class EventFileReader
{
    /// <summary>
    /// The values of a line that holds several (a Firehose object), each read as a line of its own would be; a value
    /// that breaks the line is reported with where it starts, and what follows it cannot be read.
    /// </summary>
    private IEnumerable<InputEvent> ReadConcatenated(ReadOnlyMemory<byte> line, Range[] values, ConcatenationBreak? broken, string file, long lineNumber)
    {
        foreach (var range in values)
        {
            foreach (var input in ReadWholeValue(line[range], file, lineNumber))
            {
                yield return input;
            }
        }

        if (broken is { } at)
        {
            _onMalformed(ConcatenationBroken(file, lineNumber, at, line.Span));
        }
    }

    /// <summary>
    /// One value a reader has already read whole (one of a line's values, a Firehose record), read as a JSON Lines
    /// line is: parsed from its own copy, an event at once, anything else unpacked.
    /// </summary>
    private IEnumerable<InputEvent> ReadWholeValue(ReadOnlyMemory<byte> value, string file, long number)
    {
        if (!TryParse(value, out var document, out var utf8, out var pooled, out var error))
        {
            // Not expected: the value was read whole before.
            _onMalformed(new MalformedInput(file, number, $"not JSON: {error.Message}", ReplayRunner.Truncated(value.Span)));
            yield break;
        }

        if (TryLineEvent(document, utf8, pooled, file, number, value.Length, out var input))
        {
            yield return input;
            yield break;
        }

        foreach (var unpacked in Unpack(document.RootElement, file, number))
        {
            yield return unpacked;
        }
    }

    private static MalformedInput ConcatenationBroken(string file, long line, ConcatenationBreak at, ReadOnlySpan<byte> text) => new(
        file,
        line,
        $"not JSON: value {at.Value} of the values written one after the other, at byte {at.Offset + 1}: {at.Message} (the {text.Length - at.Offset} bytes from there are not read)",
        ReplayRunner.Truncated(text[at.Offset..]));

    private IEnumerable<InputEvent> ReadWholeDocument(byte[] utf8, string file)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(utf8, DocumentOptions).RootElement;
        }
        catch (JsonException ex)
        {
            return ConcatenatedJson.TrySplit(utf8, _values, out var broken)
                ? ReadConcatenatedDocument(utf8, [.. _values], broken, file)
                : NotJson(new MalformedInput(file, (ex.LineNumber ?? 0) + 1, $"not JSON: {ex.Message}"));
        }

        return Unpack(root, file, 1);
    }

    private IEnumerable<InputEvent> NotJson(MalformedInput malformed)
    {
        _onMalformed(malformed);
        return [];
    }

    /// <summary>
    /// A .json file of values one after the other (a Firehose object given a .json extension, or JSON Lines named
    /// .json): each value unpacked as a document of its own, numbered by the line it starts on.
    /// </summary>
    private IEnumerable<InputEvent> ReadConcatenatedDocument(byte[] utf8, Range[] values, ConcatenationBreak? broken, string file)
    {
        var line = 1L;
        var counted = 0;
        foreach (var range in values)
        {
            var start = range.Start.GetOffset(utf8.Length);
            line += utf8.AsSpan(counted, start - counted).Count((byte)'\n');
            counted = start;
            var root = JsonDocument.Parse(utf8.AsMemory(range), DocumentOptions).RootElement;
            foreach (var input in Unpack(root, file, line))
            {
                yield return input;
            }
        }

        if (broken is { } at)
        {
            line += utf8.AsSpan(counted, at.Offset - counted).Count((byte)'\n');
            _onMalformed(ConcatenationBroken(file, line, at, utf8));
        }
    }

    /// <summary>
    /// The events in a parsed value: each element of an array, the records of a CloudTrail log file (wrapped), an
    /// event, a CloudTrail record (wrapped), the events that CloudWatch Logs JSON or SQS messages hold as strings, or
    /// a pipeline dead letter's event. Their sizes are measured as they are written out; only a JSON Lines event has
    /// its line's.
    /// </summary>
    private IEnumerable<InputEvent> Unpack(JsonElement value, string file, long line)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    index++;
                    foreach (var input in Unpack(item, file, count == 1 ? line : index))
                    {
                        yield return input;
                    }
                }

                yield break;
            case JsonValueKind.Object:
                var envelope = EventEnvelope.Read(value);
                if (envelope.DuplicateName is { } duplicate)
                {
                    _onMalformed(Duplicated(file, line, duplicate, value));
                }
                else if (envelope.Records.ValueKind == JsonValueKind.Array)
                {
                    var recordIndex = 0;
                    foreach (var record in envelope.Records.EnumerateArray())
                    {
                        recordIndex++;
                        if (record.ValueKind != JsonValueKind.Object)
                        {
                            _onMalformed(new MalformedInput(file, recordIndex, "CloudTrail Records entry is not an object"));
                        }
                        else if (EventEnvelope.Read(record).DuplicateName is { } duplicateInRecord)
                        {
                            _onMalformed(Duplicated(file, recordIndex, duplicateInRecord, record));
                        }
                        else
                        {
                            yield return InputEvent.Of(CloudTrailEnvelope.Wrap(JsonObject.Create(record)!), file, recordIndex, null);
                        }
                    }
                }
                else if (envelope.IsEventBridgeEvent)
                {
                    yield return InputEvent.FromElement(value, envelope, file, line);
                }
                else if (IsSet(value, "eventSource"u8) && IsSet(value, "eventName"u8))
                {
                    yield return InputEvent.Of(CloudTrailEnvelope.Wrap(JsonObject.Create(value)!), file, line, null);
                }
                else if (CloudWatchLogsJson.IsControlMessage(value))
                {
                    // A subscription's check that its destination is reachable: it carries no log event.
                }
                else if (PipelineDeadLetterEvent(value) is { } failed)
                {
                    foreach (var input in Unpack(failed, file, line))
                    {
                        yield return input;
                    }
                }
                else if ((CloudWatchLogsJson.Messages(value, file, line) ?? SqsMessagesJson.Bodies(value, file)) is { } embedded)
                {
                    foreach (var text in embedded)
                    {
                        foreach (var input in UnpackEmbedded(text))
                        {
                            yield return input;
                        }
                    }
                }
                else
                {
                    _onMalformed(NotAnEvent(file, line, value));
                }

                yield break;
            default:
                _onMalformed(NotAnEvent(file, line, value));
                yield break;
        }
    }

    /// <summary>The event a log event's message or an SQS message's body holds (its JSON as a string).</summary>
    private IEnumerable<InputEvent> UnpackEmbedded(EmbeddedEvent embedded)
    {
        if (embedded.Text is not { } element)
        {
            _onMalformed(new MalformedInput(embedded.File, embedded.Line, $"{embedded.Holder} without a \"{embedded.Member}\" string"));
            return [];
        }

        string text;
        try
        {
            text = element.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // A JSON Lines event may hold bytes that are not UTF-8 (read as they are); a string must be decoded.
            _onMalformed(new MalformedInput(embedded.File, embedded.Line, $"{embedded.Holder} whose {embedded.Member} is not UTF-8 text: {ex.Message}", ReplayRunner.Truncated(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element))));
            return [];
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text, DocumentOptions).RootElement;
        }
        catch (JsonException ex)
        {
            _onMalformed(new MalformedInput(embedded.File, embedded.Line, $"{embedded.Holder} whose {embedded.Member} is not JSON: {ex.Message}", ReplayRunner.Truncated(text)));
            return [];
        }

        return Unpack(root, embedded.File, embedded.Line);
    }

    /// <summary>
    /// The event of one of the stack's own pipeline dead letters ({"error", "cause", "stateMachine", "event"}, what a
    /// state machine sends to PipelineDeadLetterQueue when it cannot send its record), so that a dump of that queue
    /// replays the events it holds; null for anything else.
    /// </summary>
    private static JsonElement? PipelineDeadLetterEvent(JsonElement value) =>
        value.TryGetProperty("stateMachine"u8, out var name) && name.ValueKind == JsonValueKind.String
        && value.TryGetProperty("event"u8, out var @event) && @event.ValueKind == JsonValueKind.Object
            ? @event
            : null;

    private static bool IsSet(JsonElement obj, ReadOnlySpan<byte> name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static MalformedInput NotAnEvent(string file, long line, JsonElement value) =>
        new(file, line, "not an EventBridge event (no detail-type/detail), a CloudTrail record or log file, CloudWatch Logs log events or SQS messages", value.ValueKind == JsonValueKind.Null ? null : ReplayRunner.Truncated(ToNode(value)!.ToJsonString()));

    private static MalformedInput Duplicated(string file, long line, string name, JsonElement value) =>
        new(file, line, $"the property \"{name}\" appears more than once in one object (JSON leaves its value undefined)", ReplayRunner.Truncated(ToNode(value)!.ToJsonString()));

    /// <summary>The node JsonNode.Parse would give for a parsed value (JSON null is null).</summary>
    private static JsonNode? ToNode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(value),
        JsonValueKind.Array => JsonArray.Create(value),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(value),
    };
}
