using System.Runtime.InteropServices;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// An event's "source", "detail-type" and "detail", found in a pass over its top-level members that a caller makes
/// anyway (the replay's reader checks every member name once): the rules then read them from here instead of
/// searching the parsed object for each of them again, once per rule.
/// </summary>
/// <remarks>
/// A value is what <see cref="JsonElement.TryGetProperty(ReadOnlySpan{byte}, out JsonElement)"/> would find: the last
/// of a repeated name, Undefined when absent. Names are compared as written; an escaped name anywhere
/// ("\u0073ource" is "source" decoded) makes the pass unusable (<see cref="IsComplete"/> false), and the rules then
/// look the names up as they always did. default: no pass made.
/// </remarks>
public struct TopLevelMembers
{
    private bool _started;

    // Set by a member whose name is escaped, or when the pass read no object: the values below then stand for nothing.
    private bool _unusable;

    public JsonElement Source { readonly get; private set; }

    public JsonElement DetailType { readonly get; private set; }

    public JsonElement Detail { readonly get; private set; }

    /// <summary>Whether every member was offered and none had an escaped name: only then do the values above stand for a lookup.</summary>
    public readonly bool IsComplete => _started && !_unusable;

    /// <summary>A pass about to offer every member of one object, in order.</summary>
    public static TopLevelMembers Start() => new() { _started = true };

    /// <summary>The members of a parsed object, in a pass of their own (for a caller that makes none).</summary>
    public static TopLevelMembers Read(JsonElement @event)
    {
        var members = Start();
        if (@event.ValueKind != JsonValueKind.Object)
        {
            members._unusable = true; // nothing to stand for: the rules look up (and find an object's absence) themselves
            return members;
        }

        foreach (var member in @event.EnumerateObject())
        {
            members.Offer(JsonMarshal.GetRawUtf8PropertyName(member), member.Value);
        }

        return members;
    }

    /// <summary>One member of the pass: its name as written (escapes and all) and its value.</summary>
    public void Offer(ReadOnlySpan<byte> rawName, JsonElement value)
    {
        switch (rawName.Length)
        {
            case 6 when rawName.SequenceEqual("source"u8):
                Source = value;
                return;
            case 6 when rawName.SequenceEqual("detail"u8):
                Detail = value;
                return;
            case 11 when rawName.SequenceEqual("detail-type"u8):
                DetailType = value;
                return;
        }

        _unusable |= rawName.IndexOf((byte)'\\') >= 0;
    }

    /// <summary>The value of a top-level name this pass holds: 1 "source", 2 "detail-type", 3 "detail" (<see cref="SlotOf"/>).</summary>
    internal readonly JsonElement this[int slot] => slot switch
    {
        1 => Source,
        2 => DetailType,
        3 => Detail,
        _ => throw new ArgumentOutOfRangeException(nameof(slot)),
    };

    /// <summary>The slot of a pattern's top-level field name; 0 for a name this pass does not hold.</summary>
    internal static int SlotOf(string name) => name switch
    {
        "source" => 1,
        "detail-type" => 2,
        "detail" => 3,
        _ => 0,
    };
}
