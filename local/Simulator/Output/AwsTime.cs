using System.Globalization;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>The time formats AWS uses: whole-second envelope/CloudTrail times and millisecond ECS times.</summary>
internal static class AwsTime
{
    public static string Seconds(long epochSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(epochSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Milliseconds(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
