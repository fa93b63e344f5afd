namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>An event pattern that EventBridge would reject; the message names the offending path.</summary>
public sealed class EventPatternException : FormatException
{
    public EventPatternException(string message)
        : base(message)
    {
    }

    public EventPatternException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
