using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>One event read from an input file, with where it came from for error messages.</summary>
public readonly record struct InputEvent(JsonObject Event, string File, long Line);

/// <summary>A line or record that could not be read as an event: reported with file:line, counted, skipped.</summary>
public readonly record struct MalformedInput(string File, long Line, string Reason, string? Text = null);
