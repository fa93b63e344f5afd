namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// The time an execution sees. Wait states and Retry intervals wait on this clock instead of sleeping, so replays
/// run at event speed and stay deterministic.
/// </summary>
public interface IVirtualClock
{
    DateTimeOffset Now { get; }

    /// <summary>Completes once the clock has reached <paramref name="wakeAt"/>.</summary>
    ValueTask WaitUntilAsync(DateTimeOffset wakeAt, CancellationToken cancellationToken);
}
