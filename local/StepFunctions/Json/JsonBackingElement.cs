using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// The parsed <see cref="JsonElement"/> behind a JsonObject or JsonArray that System.Text.Json has not materialised
/// yet (one from JsonNode.Parse, a DeepClone or JsonObject.Create whose members nobody has read), so that a path can
/// step through it without materialising it.
/// </summary>
/// <remarks>
/// Reading one member of such a node through the JsonNode API builds a node and a name string for every member of
/// the object, at every step of the path: on the replay's events that was most of what the interpreter allocated.
/// System.Text.Json keeps the element in a private field and has no public accessor, so it is read with
/// <see cref="UnsafeAccessorAttribute"/>. Should a runtime rename those fields, the accessors throw once and the
/// interpreter falls back to the JsonNode API (<see cref="IsAvailable"/>): slower, with the same results.
/// </remarks>
internal static class JsonBackingElement
{
    private static bool s_available = true;

    /// <summary>False once the private fields turned out not to exist in this runtime.</summary>
    public static bool IsAvailable => s_available;

    /// <summary>The element behind an object or array not materialised yet; false for anything else.</summary>
    public static bool TryGet(JsonNode? node, out JsonElement element)
    {
        if (s_available && node is JsonObject or JsonArray)
        {
            try
            {
                return TryRead(node, out element);
            }
            catch (MissingMemberException)
            {
                s_available = false;
            }
        }

        element = default;
        return false;
    }

    /// <summary>A new node for an element, as materialising its parent would have created it (JSON null is null).</summary>
    public static JsonNode? ToNode(JsonElement element, JsonNodeOptions? options = null) => element.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(element, options),
        JsonValueKind.Array => JsonArray.Create(element, options),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(element, options),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryRead(JsonNode node, out JsonElement element)
    {
        // A materialised node may still hold its element, so the collection is checked first.
        JsonElement? backing = node is JsonObject obj
            ? ObjectDictionary(obj) is null ? ObjectElement(obj) : null
            : ArrayList((JsonArray)node) is null ? ArrayElement((JsonArray)node) : null;
        element = backing.GetValueOrDefault();
        return backing.HasValue;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_jsonElement")]
    private static extern ref JsonElement? ObjectElement(JsonObject node);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_dictionary")]
    private static extern ref OrderedDictionary<string, JsonNode?>? ObjectDictionary(JsonObject node);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_jsonElement")]
    private static extern ref JsonElement? ArrayElement(JsonArray node);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_list")]
    private static extern ref List<JsonNode?>? ArrayList(JsonArray node);
}
