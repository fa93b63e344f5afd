using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Small helpers over JsonNode that the interpreter uses everywhere (JSON null is a null JsonNode).</summary>
internal static class JsonValues
{
    /// <summary>Step Functions serialises JSON compactly and without escaping non-ASCII or HTML characters.</summary>
    /// <remarks>
    /// The resolver is given, not left to be filled in on first use: a value node of a custom type (a
    /// <see cref="MessageText"/>) makes these options read-only itself when written, which fails without one, so printing
    /// a Parameters tree holding a message text threw when that was the options' first use in the process.
    /// </remarks>
    public static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static string ToCompactJson(JsonNode? node) => node is null ? "null" : node.ToJsonString(Compact);

    /// <summary>
    /// A node can have only one parent, so a node that already sits in a tree is cloned before it is placed in
    /// another; a detached node (fresh from a template or a task) is used as is, which avoids needless copies.
    /// </summary>
    public static JsonNode? Detach(JsonNode? node) => node is null || node.Parent is null ? node : Clone(node);

    /// <summary>
    /// A copy that an execution may change without changing <paramref name="node"/> (nor the other way round). A node
    /// still over its parsed element (<see cref="JsonBackingElement"/>: an input event, or what a path selected from
    /// it) is copied as a new node over that same element, which never changes: nothing is copied until the copy is
    /// first changed, and then only its own level is materialised. DeepClone would copy the element's JSON text and
    /// metadata whenever its document is disposable (the replay parses each line into one), on every copy-on-write of
    /// the input. Such a copy reads the same document as the input, as everything a path selects from the input
    /// already does: a service that keeps what it is given beyond the execution takes a DeepClone of its own.
    /// </summary>
    public static JsonNode? Clone(JsonNode? node)
    {
        if (JsonBackingElement.TryGet(node, out var element))
        {
            return JsonBackingElement.ToNode(element, node!.Options);
        }

        if (node is JsonValue value && value.TryGetValue<JsonElement>(out var scalar)
            && scalar.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            return JsonValue.Create(scalar, node.Options);
        }

        return node?.DeepClone();
    }

    public static JsonValueKind Kind(JsonNode? node) => node is null ? JsonValueKind.Null : node.GetValueKind();

    public static bool TryGetString(JsonNode? node, out string value)
    {
        if (MessageText.TryGet(node, out var text))
        {
            value = text.Text;
            return true;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>
    /// Whether a node is the JSON string <paramref name="expected"/>; a value still over its parsed element is compared
    /// there, without making a string of it first (the Choice states' StringEquals on every event).
    /// </summary>
    public static bool StringEquals(JsonNode? node, string expected) => StringEquals(node, expected, null);

    /// <summary>
    /// As <see cref="StringEquals(JsonNode?, string)"/>, given <paramref name="expected"/> as UTF-8 too
    /// (<see cref="Utf8OrNull"/>, encoded once): a parsed string is then compared without transcoding it each time.
    /// </summary>
    public static bool StringEquals(JsonNode? node, string expected, byte[]? expectedUtf8)
    {
        if (node is JsonValue value && value.TryGetValue<JsonElement>(out var element))
        {
            return element.ValueKind == JsonValueKind.String
                && (expectedUtf8 is null ? element.ValueEquals(expected) : element.ValueEquals(expectedUtf8));
        }

        return TryGetString(node, out var text) && string.Equals(text, expected, StringComparison.Ordinal);
    }

    /// <summary>Text as UTF-8, or null when it is not valid UTF-16 (a lone surrogate): such text keeps its string form.</summary>
    public static byte[]? Utf8OrNull(string text)
    {
        var utf8 = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        return Utf8.FromUtf16(text, utf8, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            ? utf8[..written]
            : null;
    }

    /// <summary>
    /// A definition's literal, as the interpreter keeps it to hand out copies: a string becomes a value holding the
    /// .NET string, so a copy and every read of it (a queue URL, a table name, a Result) skip decoding it from the
    /// definition's JSON each time; any other value is kept as parsed (a number keeps its text), and so is a string
    /// that does not decode (a lone surrogate escape), which fails where it is read, as before.
    /// </summary>
    public static JsonNode? Literal(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String || MessageText.TryGet(node, out _))
        {
            return node;
        }

        try
        {
            return JsonValue.Create(value.GetValue<string>());
        }
        catch (InvalidOperationException)
        {
            return node;
        }
    }

    public static bool TryGetNumber(JsonNode? node, out double value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            // Values built in code (JsonValue.Create(int)) may not convert directly, so fall back to the JSON text.
            if (!v.TryGetValue(out value))
            {
                value = double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
            }

            return true;
        }

        value = 0;
        return false;
    }

    public static bool TryGetBoolean(JsonNode? node, out bool value)
    {
        var kind = Kind(node);
        if (kind is JsonValueKind.True or JsonValueKind.False)
        {
            value = kind == JsonValueKind.True;
            return true;
        }

        value = false;
        return false;
    }

    public static bool DeepEquals(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    /// <summary>Parses JSON text that may be a scalar or null; JSON null comes back as a null node.</summary>
    public static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
}
