using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// CloudTrail records wrapped as EventBridge "AWS API Call via CloudTrail" events: the record's common fields
/// before and after the call-specific requestParameters and responseElements.
/// </summary>
internal static class CloudTrailEnvelope
{
    public const string DetailType = "AWS API Call via CloudTrail";

    /// <summary>Writes envelope and record fields up to, not including, requestParameters.</summary>
    public static Utf8JsonWriter Begin(EventEmitter emitter, string source, string eventSource, string eventName, long second, CallerIdentity caller)
    {
        var w = emitter.BeginEnvelope(DetailType, source, second);
        w.WriteString("eventVersion", "1.08");
        caller.Write(w, emitter.Account);
        w.WriteString("eventTime", AwsTime.Seconds(second));
        w.WriteString("eventSource", eventSource);
        w.WriteString("eventName", eventName);
        w.WriteString("awsRegion", emitter.Region);
        w.WriteString("sourceIPAddress", caller.SourceIp);
        w.WriteString("userAgent", caller.UserAgent);
        return w;
    }

    /// <summary>Writes the trailing record fields and delivers the event; the kind counted is the eventName.</summary>
    public static void End(EventEmitter emitter, Utf8JsonWriter w, string eventName, long occurrenceMs, bool readOnly = false)
    {
        w.WriteString("requestID", emitter.Ids.Uuid());
        w.WriteString("eventID", emitter.Ids.Uuid());
        w.WriteBoolean("readOnly", readOnly);
        w.WriteString("eventType", "AwsApiCall");
        w.WriteBoolean("managementEvent", true);
        w.WriteString("recipientAccountId", emitter.Account);
        w.WriteString("eventCategory", "Management");
        emitter.EndEnvelope(w, EventFile.CloudTrail, eventName, occurrenceMs);
    }
}
