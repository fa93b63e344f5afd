using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// One event read from an input file, with where it came from for error messages, its "time" (null when absent or
/// invalid) and its size in UTF-8 bytes: both read once, by the reader, for the merge and for the runner's checks.
/// </summary>
/// <remarks>
/// An event read from a JSON Lines line is parsed from an array of its own (<see cref="Utf8"/>), and
/// <see cref="Event"/> is a JsonObject over that parse (<see cref="Parsed"/>) that nothing has materialised: the
/// reader and the rules read <see cref="Parsed"/>, and the state machines' paths read through the element too, so
/// no member dictionary is built unless something writes to the event or reads it through the JsonNode API.
/// </remarks>
public readonly record struct InputEvent(JsonObject Event, string File, long Line, DateTimeOffset? Time, int Size)
{
    /// <summary>
    /// The exact UTF-8 bytes of the event when it was one JSON Lines line (without the white space around it): the very
    /// bytes <see cref="Parsed"/> reads. Unpooled, an array owned by this event and never reused; pooled, valid until
    /// <see cref="Pooled"/> is released for the last time (then reading it throws).
    /// Empty for events from JSON arrays, CloudTrail log files and wrapped CloudTrail records, which are built in code.
    /// </summary>
    public ReadOnlyMemory<byte> Utf8 { get; init; }

    /// <summary>
    /// When the reader pools lines: the rented bytes and document this event lives in, held once for whoever takes
    /// the event (the replay), who holds it again for each execution it starts and releases each hold when done with
    /// it. Null when the event is not pooled (then nothing needs releasing).
    /// </summary>
    public PooledLine? Pooled { get; init; }

    /// <summary>
    /// <see cref="ExecutionInputText.DepthBound"/> of <see cref="Utf8"/>, worked out by the reader beside the parse so
    /// that the state machines' thread does not scan the text again (<see cref="WithDepthBound"/>); null when not
    /// worked out (the execution then does it).
    /// </summary>
    public int? Utf8DepthBound { get; init; }

    /// <summary>The parsed object <see cref="Event"/> was created over; default (Undefined) for an event built in code.</summary>
    public JsonElement Parsed { get; init; }

    /// <summary>
    /// <see cref="Parsed"/>'s "source", "detail-type" and "detail", found by the reader's pass over its members
    /// (<see cref="EventEnvelope.TopLevel"/>) for matching the rules; default (looked up) for an event built in code.
    /// </summary>
    public TopLevelMembers TopLevel { get; init; }

    /// <summary>An event parsed from one line: <paramref name="root"/> is an object parsed from <paramref name="utf8"/>.</summary>
    /// <param name="lineSize">The line's length in bytes, the event's size for EventBridge's limit.</param>
    /// <param name="pooled">The pooled line <paramref name="utf8"/> is the text of, or null.</param>
    public static InputEvent FromLine(JsonElement root, ReadOnlyMemory<byte> utf8, EventEnvelope envelope, string file, long line, int lineSize, PooledLine? pooled = null) =>
        new(JsonObject.Create(root)!, file, line, EventTime.Read(envelope.Time), lineSize) { Utf8 = utf8, Parsed = root, Pooled = pooled, TopLevel = envelope.TopLevel };

    /// <summary>This event with <see cref="Utf8DepthBound"/> worked out (for an event a rule routes: only those run an execution).</summary>
    public InputEvent WithDepthBound() => Utf8.IsEmpty ? this : this with { Utf8DepthBound = ExecutionInputText.DepthBound(Utf8.Span) };

    /// <summary>An event parsed from a JSON array or a whole-document file: its size is that of its JSON written out.</summary>
    public static InputEvent FromElement(JsonElement root, EventEnvelope envelope, string file, long line)
    {
        var @event = JsonObject.Create(root)!;
        return new(@event, file, line, EventTime.Read(envelope.Time), System.Text.Encoding.UTF8.GetByteCount(@event.ToJsonString())) { Parsed = root, TopLevel = envelope.TopLevel };
    }

    /// <summary>An event built in code (a wrapped CloudTrail record).</summary>
    public static InputEvent Of(JsonObject @event, string file, long line, int? knownSize) => new(
        @event,
        file,
        line,
        @event["time"] is JsonValue value && value.TryGetValue<string>(out var text) ? EventTime.Parse(text) : null,
        knownSize ?? System.Text.Encoding.UTF8.GetByteCount(@event.ToJsonString()));
}

/// <summary>
/// A line or record that could not be read as an event: reported with file:line, counted, skipped. Or, with
/// <see cref="Line"/> 0 (<see cref="IsFileNotRead"/>), a file of a folder that holds no events: reported and listed,
/// but not counted as a rejected event.
/// </summary>
public readonly record struct MalformedInput(string File, long Line, string Reason, string? Text = null)
{
    /// <summary>Whether this is a whole file of a folder left unread (<see cref="FileNotRead"/>).</summary>
    public bool IsFileNotRead => Line == 0;

    /// <summary>A file found in a folder whose name is not an event file's and whose content does not start like events.</summary>
    public static MalformedInput FileNotRead(string file, string reason) => new(file, 0, reason);
}
