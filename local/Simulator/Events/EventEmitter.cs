using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// Writes EventBridge envelopes around the detail the event builders write, hands the line to delivery and
/// counts it by kind. One instance per run; not thread-safe (the engine is single-threaded by design, for determinism).
/// </summary>
internal sealed class EventEmitter(SimulationOptions options, IdFactory ids, DeliveryBuffer delivery)
{
    private readonly JsonLineBuilder _line = new();
    private readonly Dictionary<string, long> _byKind = new(StringComparer.Ordinal);
    private long _firstSecond = long.MaxValue;
    private long _lastSecond = long.MinValue;

    public string Account => options.Account;

    public string Region => options.Region;

    public IdFactory Ids => ids;

    public IReadOnlyDictionary<string, long> ByKind => _byKind;

    public long Generated { get; private set; }

    public long FirstSecond => _firstSecond;

    public long LastSecond => _lastSecond;

    /// <summary>Writes the envelope up to the open "detail" object and returns the writer positioned inside it.</summary>
    public Utf8JsonWriter BeginEnvelope(string detailType, string source, long second, string? resource1 = null, string? resource2 = null)
    {
        var w = _line.Begin();
        w.WriteStartObject();
        w.WriteString("version", "0");
        w.WriteString("id", ids.Uuid());
        w.WriteString("detail-type", detailType);
        w.WriteString("source", source);
        w.WriteString("account", options.Account);
        w.WriteString("time", AwsTime.Seconds(second));
        w.WriteString("region", options.Region);
        w.WriteStartArray("resources");
        if (resource1 is not null)
        {
            w.WriteStringValue(resource1);
        }

        if (resource2 is not null)
        {
            w.WriteStringValue(resource2);
        }

        w.WriteEndArray();
        w.WriteStartObject("detail");
        return w;
    }

    /// <summary>Closes detail and envelope and delivers the line; <paramref name="occurrenceMs"/> is when it happened.</summary>
    public void EndEnvelope(Utf8JsonWriter w, EventFile file, string kind, long occurrenceMs)
    {
        w.WriteEndObject();
        w.WriteEndObject();
        var line = _line.Finish();
        delivery.Deliver(file, occurrenceMs, line);
        Generated++;
        _byKind[kind] = _byKind.GetValueOrDefault(kind) + 1;
        var second = occurrenceMs / 1000;
        _firstSecond = Math.Min(_firstSecond, second);
        _lastSecond = Math.Max(_lastSecond, second);
    }
}
