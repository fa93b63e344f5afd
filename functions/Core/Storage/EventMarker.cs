namespace BatchRuntimeMonitor.Core.Storage;

/// <summary>
/// "This event was already counted": the dedupe record for metrics that are counted per event rather than per
/// job or instance (RunTask calls, ASG creations). Written with a condition that it does not exist yet.
/// </summary>
public sealed class EventMarker
{
    public required string Key { get; init; }
    public long? ExpiresAt { get; init; }

    /// <summary>True the first time <paramref name="key"/> is marked; false for every duplicate.</summary>
    public static async ValueTask<bool> FirstTimeAsync(IRecordStore<EventMarker> markers, string key, long? expiresAt, CancellationToken cancellationToken) =>
        await markers.TryWriteAsync(key, new EventMarker { Key = key, ExpiresAt = expiresAt }, 0, cancellationToken).ConfigureAwait(false);
}
