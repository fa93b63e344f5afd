using System.Globalization;
using System.Text;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// A line of a CloudWatch Logs export to S3 (CreateExportTask, objects such as 000000.gz): the log event's time in
/// ISO 8601 (2026-12-06T10:00:00.000Z), one space, then the message as it was put. An EventBridge rule whose target
/// is a log group puts each event's JSON as the message, so the event is the rest of the line.
/// </summary>
public static class CloudWatchLogsExportLine
{
    /// <summary>The shortest stamp: yyyy-MM-ddTHH:mm:ssZ.</summary>
    private const int ShortestStamp = 20;

    /// <summary>Stamps longer than this are not CloudWatch's (fraction and offset included it writes 24).</summary>
    private const int LongestStamp = 40;

    /// <summary>
    /// Where the message starts when <paramref name="line"/> begins with an ISO 8601 time followed by a space or a
    /// tab; false for anything else (which is then read as JSON and reported if it is not).
    /// </summary>
    public static bool TryFindMessage(ReadOnlySpan<byte> line, out int messageStart)
    {
        messageStart = 0;
        var separator = line[..Math.Min(line.Length, LongestStamp + 1)].IndexOfAny((byte)' ', (byte)'\t');
        if (separator < ShortestStamp || !char.IsAsciiDigit((char)line[0]) || line[4] != (byte)'-' || line[10] != (byte)'T')
        {
            return false;
        }

        Span<char> stamp = stackalloc char[LongestStamp];
        var length = Encoding.ASCII.GetChars(line[..separator], stamp);
        if (!DateTimeOffset.TryParse(stamp[..length], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return false;
        }

        messageStart = separator + 1;
        return true;
    }
}
