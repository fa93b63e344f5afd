using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// One event read from an input file, with where it came from for error messages, its "time" (null when absent or
/// invalid) and its size in UTF-8 bytes: both read once, by the reader, for the merge and for the runner's checks.
/// </summary>
/// <param name="Utf8">The exact UTF-8 bytes the event was parsed from when it is one JSON Lines line (its own copy,
/// never a reused buffer); empty otherwise (events from JSON arrays, CloudTrail log files, wrapped records).</param>
public readonly record struct InputEvent(JsonObject Event, string File, long Line, DateTimeOffset? Time, int Size, ReadOnlyMemory<byte> Utf8 = default)
{
    public static InputEvent Of(JsonObject @event, string file, long line, int? knownSize, ReadOnlyMemory<byte> utf8 = default) => new(
        @event,
        file,
        line,
        @event["time"] is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null,
        knownSize ?? System.Text.Encoding.UTF8.GetByteCount(@event.ToJsonString()),
        utf8);
}

/// <summary>A line or record that could not be read as an event: reported with file:line, counted, skipped.</summary>
public readonly record struct MalformedInput(string File, long Line, string Reason, string? Text = null);
