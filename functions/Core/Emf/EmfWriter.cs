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
    // The format's own member names, encoded once: a name given as a string is transcoded and checked for escapes on
    // every write, and every document writes these.
    internal static readonly JsonEncodedText AwsMember = JsonEncodedText.Encode("_aws");
    internal static readonly JsonEncodedText TimestampMember = JsonEncodedText.Encode("Timestamp");
    internal static readonly JsonEncodedText CloudWatchMetricsMember = JsonEncodedText.Encode("CloudWatchMetrics");
    internal static readonly JsonEncodedText NamespaceMember = JsonEncodedText.Encode("Namespace");
    internal static readonly JsonEncodedText DimensionsMember = JsonEncodedText.Encode("Dimensions");
    internal static readonly JsonEncodedText MetricsMember = JsonEncodedText.Encode("Metrics");
    internal static readonly JsonEncodedText NameMember = JsonEncodedText.Encode("Name");
    internal static readonly JsonEncodedText UnitMember = JsonEncodedText.Encode("Unit");

    public static void Write(IBufferWriter<byte> output, EmfDocument document)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        Write(json, document);
    }

    /// <summary>Writes the document as one root object; the caller flushes (a writer reused per line saves one per document).</summary>
    public static void Write(Utf8JsonWriter json, EmfDocument document)
    {
        // Indexed loops: foreach over the IReadOnlyList members would box an enumerator per list, per line.
        json.WriteStartObject();
        json.WriteStartObject(AwsMember);
        json.WriteNumber(TimestampMember, document.TimestampMs);
        json.WritePropertyName(CloudWatchMetricsMember);
        if (json.Options is { Indented: false, Encoder: null } && EmfDirectiveCache.Get(document) is { IsEmpty: false } cached)
        {
            // The same bytes as written below (the cache writes them so, with these options), copied.
            json.WriteRawValue(cached, skipInputValidation: true);
        }
        else
        {
            EmfDirectiveCache.WriteArray(json, document);
        }

        json.WriteEndObject();

        var dimensions = document.Dimensions;
        for (var i = 0; i < dimensions.Count; i++)
        {
            json.WriteString(dimensions[i].Key, dimensions[i].Value);
        }

        var values = document.Values;
        for (var i = 0; i < values.Count; i++)
        {
            WriteValue(json, values[i].Key, values[i].Value);
        }

        var properties = document.Properties;
        for (var i = 0; i < properties.Count; i++)
        {
            var (name, value) = properties[i];
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

    /// <summary>
    /// A metric value; a whole one (every count, and most values are counts) written as an integer: below 1e15 that is
    /// the text the double's shortest round-trip formatting gives (exponent notation starts there), without its search.
    /// </summary>
    private static void WriteValue(Utf8JsonWriter json, string name, double value)
    {
        if (value is > -1e15 and < 1e15 && value == Math.Truncate(value) && !(value == 0 && double.IsNegative(value)))
        {
            json.WriteNumber(name, (long)value);
        }
        else
        {
            json.WriteNumber(name, value);
        }
    }

    public static string ToJson(EmfDocument document)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, document);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
