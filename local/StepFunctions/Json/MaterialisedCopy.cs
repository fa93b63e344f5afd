using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A copy of a parsed object that a ResultPath is about to write into, with its own level built at once: the members
/// the write's materialisation would have built (JsonObject.Create's nodes over the same elements), but with their
/// names taken from a small cache of decoded names instead of decoded from UTF-8 again for every event, and the
/// dictionary sized for them up front instead of grown.
/// </summary>
/// <remarks>
/// The replay's executions write a few members ("kind", "containerInstanceArn", "lookup") into each event's top level,
/// which made every event's members and names be built one by one (1.8% of a replay's samples). An object with
/// two members of the same name is left to the general path (<see cref="JsonValues.Clone"/>), which keeps its
/// behaviour for it.
/// </remarks>
internal static class MaterialisedCopy
{
    // Slots of decoded names, picked by a hash of the UTF-8 bytes; a slot holds one immutable entry, replaced on a
    // miss, so threads only ever see a whole entry. Member names of one kind of input are few.
    private const int Slots = 256;
    private static readonly Name?[] s_names = new Name?[Slots];

    /// <summary>
    /// The copy of <paramref name="node"/> when it is an object still over its parsed element (with no two members of
    /// the same name); else false, and the caller copies as it would have.
    /// </summary>
    public static bool TryCreate(JsonNode? node, out JsonObject copy)
    {
        copy = null!;
        if (node is not JsonObject || !JsonBackingElement.TryGet(node, out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var members = new KeyValuePair<string, JsonNode?>[element.GetPropertyCount()];
        var i = 0;
        foreach (var property in element.EnumerateObject())
        {
            members[i++] = new(NameOf(property), JsonBackingElement.ToNode(property.Value, node.Options));
        }

        try
        {
            copy = new JsonObject(members, node.Options);
            return true;
        }
        catch (ArgumentException)
        {
            // Two members of the same name.
            return false;
        }
    }

    private static string NameOf(JsonProperty property)
    {
        var utf8 = JsonMarshal.GetRawUtf8PropertyName(property);
        if (utf8.IndexOf((byte)'\\') >= 0)
        {
            return property.Name;
        }

        var slot = (int)((uint)HashCode.Combine(utf8.Length, utf8.Length > 0 ? utf8[0] : 0, utf8.Length > 0 ? utf8[^1] : 0, utf8.Length > 2 ? utf8[utf8.Length / 2] : 0) % Slots);
        if (s_names[slot] is { } known && utf8.SequenceEqual(known.Utf8))
        {
            return known.Text;
        }

        var text = property.Name;
        s_names[slot] = new Name(utf8.ToArray(), text);
        return text;
    }

    private sealed record Name(byte[] Utf8, string Text);
}
