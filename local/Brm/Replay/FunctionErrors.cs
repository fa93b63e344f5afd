namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// The functions' stderr in a local run: cleared before each batch, so a message the function reports as failed
/// can be dead-lettered with the reason the function wrote for it.
/// </summary>
public sealed class FunctionErrors : StringWriter
{
    public void Clear() => GetStringBuilder().Clear();

    public string ReasonFor(string messageId) =>
        ToString().Split('\n').LastOrDefault(l => l.Contains(messageId, StringComparison.Ordinal))?.Trim() ?? "the function reported the message as failed";
}
