using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A Parameters field already turned into the text a task resource sends (an SQS MessageBody), kept as the UTF-8
/// bytes the template was written to: the body then reaches the queue, and a local consumer, without a round trip
/// through a UTF-16 string. In the Parameters tree it is a JSON string value (<see cref="ToNode"/>): printed or
/// read with <see cref="JsonValues.TryGetString"/> it is the same text as before.
/// </summary>
/// <remarks>The converter is also named by attribute: a node printed with any options (JsonValues.Compact for a trace or
/// an error) must still print as the JSON string, never as this object's properties.</remarks>
[JsonConverter(typeof(Converter))]
internal sealed class MessageText(ReadOnlyMemory<byte> utf8)
{
    private static readonly JsonTypeInfo<MessageText> TypeInfo =
        JsonMetadataServices.CreateValueInfo<MessageText>(new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() }, new Converter());

    private string? _text;

    /// <summary>The text's UTF-8 bytes (never changed once made; a <see cref="PooledMessageBody"/> when written for this message).</summary>
    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;

    public string Text => _text ??= Encoding.UTF8.GetString(Utf8.Span);

    public JsonValue ToNode() => JsonValue.Create(this, TypeInfo)!;

    public static bool TryGet(JsonNode? node, out MessageText text)
    {
        if (node is JsonValue value && value.TryGetValue<MessageText>(out var found))
        {
            text = found;
            return true;
        }

        text = null!;
        return false;
    }

    private sealed class Converter : JsonConverter<MessageText>
    {
        public override MessageText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("message text is only ever written");

        public override void Write(Utf8JsonWriter writer, MessageText value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Utf8.Span);
    }
}
