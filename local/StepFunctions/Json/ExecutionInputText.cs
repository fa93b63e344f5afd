namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// What an execution needs to know of its input's JSON text (<see cref="ExecutionContextOptions.InputText"/>) before a
/// message body may copy it, for a caller that can work it out ahead, on another thread: a replay's reader does it
/// beside the parse, so the state machines' thread does not scan every event's text again.
/// </summary>
public static class ExecutionInputText
{
    /// <summary>
    /// An upper bound of the text's nesting depth when it is byte for byte what the interpreter's writer would write
    /// for the value it holds, or -1 when it is not (or might not be): the value to give as
    /// <see cref="ExecutionContextOptions.InputTextDepthBound"/>. <paramref name="utf8"/> must be one JSON value
    /// parsed with comments disallowed; empty text gives -1.
    /// </summary>
    public static int DepthBound(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? -1 : WriterFormJson.DepthBound(utf8);
}
