using System.Buffers;
using System.Text.Json;

namespace BatchRuntimeMonitor.Core.Emf;

/// <summary>
/// Writes an <see cref="EmfDocument"/> as one compact JSON line in the Embedded Metric Format:
/// {"_aws":{"Timestamp":..,"CloudWatchMetrics":[{"Namespace":..,"Dimensions":[[..]],"Metrics":[{"Name":..,"Unit":..}]}]}, members...}.
/// Written with Utf8JsonWriter directly: no reflection, and one buffer reused per line.
/// </summary>
public static class EmfWriter
{
    public static void Write(IBufferWriter<byte> output, EmfDocument document)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        Write(json, document);
    }

    /// <summary>Writes the document as one root object; the caller flushes (a writer reused per line saves one per document).</summary>
    public static void Write(Utf8JsonWriter json, EmfDocument document)
    {
        json.WriteStartObject();
        json.WriteStartObject("_aws");
        json.WriteNumber("Timestamp", document.TimestampMs);
        json.WriteStartArray("CloudWatchMetrics");
        foreach (var directive in document.Directives)
        {
            json.WriteStartObject();
            json.WriteString("Namespace", document.Namespace);
            json.WriteStartArray("Dimensions");
            foreach (var set in directive.DimensionSets)
            {
                json.WriteStartArray();
                foreach (var name in set)
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var metric in directive.Metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", metric.Name);
                json.WriteString("Unit", metric.Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        foreach (var (name, value) in document.Dimensions)
        {
            json.WriteString(name, value);
        }

        foreach (var (name, value) in document.Values)
        {
            json.WriteNumber(name, value);
        }

        foreach (var (name, value) in document.Properties)
        {
            switch (value)
            {
                case string text: json.WriteString(name, text); break;
                case int number: json.WriteNumber(name, number); break;
                case long number: json.WriteNumber(name, number); break;
                case double number: json.WriteNumber(name, number); break;
                case bool flag: json.WriteBoolean(name, flag); break;
                default: json.WriteString(name, value.ToString()); break;
            }
        }

        json.WriteEndObject();
    }

    public static string ToJson(EmfDocument document)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, document);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
