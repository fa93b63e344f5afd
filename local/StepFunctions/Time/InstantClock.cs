namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>A clock for single runs: every wait completes at once and moves this clock's own Now forward.</summary>
public sealed class InstantClock(DateTimeOffset start) : IVirtualClock
{
    public InstantClock()
        : this(DateTimeOffset.UtcNow)
    {
    }

    public DateTimeOffset Now { get; private set; } = start;

    public ValueTask WaitUntilAsync(DateTimeOffset wakeAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (wakeAt > Now)
        {
            Now = wakeAt;
        }

        return ValueTask.CompletedTask;
    }
}
