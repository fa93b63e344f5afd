using System.Globalization;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

/// <summary>One log event as Logs Insights sees it: its discovered JSON fields plus @timestamp, @message, @log.</summary>
public sealed class LogRecord
{
    private static readonly string[] TimeFieldFallbacks = ["@timestamp", "timestamp", "Timestamp", "time", "StoppedAt", "CreatedAt"];

    private readonly Dictionary<string, object?> _fields;

    public LogRecord(Dictionary<string, object?> fields, string message, string logGroup)
    {
        _fields = fields;
        Message = message;
        LogGroup = logGroup;
        TimestampMs = TimeFieldFallbacks.Select(f => fields.TryGetValue(f, out var v) ? ToEpochMs(v) : null).FirstOrDefault(t => t is not null);
    }

    public static LogRecord Empty { get; } = new(new Dictionary<string, object?>(), "", "");

    public string Message { get; }

    public string LogGroup { get; }

    public long? TimestampMs { get; }

    public IReadOnlyDictionary<string, object?> Fields => _fields;

    public object? Get(string name) => name switch
    {
        "@timestamp" => TimestampMs is { } t ? (double)t : null,
        "@message" => Message,
        "@log" => LogGroup,
        _ => _fields.TryGetValue(name, out var value) ? value : null,
    };

    /// <summary>Adds a computed field (fields x as y); the original record stays unchanged for other queries.</summary>
    public LogRecord With(string name, object? value)
    {
        var copy = new Dictionary<string, object?>(_fields) { [name] = value };
        return new LogRecord(copy, Message, LogGroup);
    }

    /// <summary>A line that is not a JSON object: Logs Insights keeps it with @message and discovers no field.</summary>
    public static LogRecord Unstructured(string line, string logGroup) => new(new Dictionary<string, object?>(StringComparer.Ordinal), line, logGroup);

    public static LogRecord Parse(string jsonLine, string logGroup)
    {
        using var document = JsonDocument.Parse(jsonLine);
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        Flatten(document.RootElement, "", fields);
        return new LogRecord(fields, jsonLine, logGroup);
    }

    /// <summary>Nested JSON objects become dotted field names, as Logs Insights discovers them.</summary>
    private static void Flatten(JsonElement element, string prefix, Dictionary<string, object?> fields)
    {
        foreach (var property in element.EnumerateObject())
        {
            var name = prefix + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object: Flatten(property.Value, name + ".", fields); break;
                case JsonValueKind.Number: fields[name] = property.Value.GetDouble(); break;
                case JsonValueKind.String: fields[name] = property.Value.GetString(); break;
                case JsonValueKind.True: fields[name] = true; break;
                case JsonValueKind.False: fields[name] = false; break;
                case JsonValueKind.Null: break;
                default: fields[name] = property.Value.GetRawText(); break;
            }
        }
    }

    /// <summary>Numbers below 1e11 are epoch seconds, larger ones epoch milliseconds; text is an ISO-8601 time.</summary>
    private static long? ToEpochMs(object? value) => value switch
    {
        double d when d < 1e11 => (long)(d * 1000),
        double d => (long)d,
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time.ToUnixTimeMilliseconds(),
        _ => null,
    };
}
