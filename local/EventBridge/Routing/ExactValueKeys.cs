using System.Text;
using System.Text.Json;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;

namespace BatchRuntimeMonitor.Local.EventBridge.Routing;

/// <summary>
/// The exact strings the rules list for one top-level field ({"source": ["aws.batch"]}), numbered, so that an event's
/// value for that field is told by a small number (<see cref="KeyOf"/>) the rule index is laid out by.
/// </summary>
internal sealed class ExactValueKeys
{
    private readonly string[] _values;
    private readonly byte[][] _utf8;

    /// <param name="exactByRule">Per rule: the strings its pattern lists for the field, or null when it lists anything else (or nothing).</param>
    public ExactValueKeys(IEnumerable<IReadOnlyList<string>?> exactByRule)
    {
        _values = [.. exactByRule.OfType<IReadOnlyList<string>>().SelectMany(values => values).Distinct(StringComparer.Ordinal)];
        _utf8 = [.. _values.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>How many keys there are: one per listed string, then <see cref="Unlisted"/>, then <see cref="NotAString"/>.</summary>
    public int Count => _values.Length + 2;

    /// <summary>A string no rule lists.</summary>
    public int Unlisted => _values.Length;

    /// <summary>Absent, null, a number, an array, an object: no key tells which rules it could match.</summary>
    public int NotAString => _values.Length + 1;

    /// <summary>Whether a rule that lists <paramref name="exact"/> (null: not only exact strings) can match an event with this key.</summary>
    public bool Admits(IReadOnlyList<string>? exact, int key) =>
        exact is null || key == NotAString || (key < _values.Length && exact.Contains(_values[key], StringComparer.Ordinal));

    /// <summary>The key of an event's value for the field (Undefined when absent).</summary>
    public int KeyOf(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return NotAString;
        }

        var escaped = !LeafReader.TryGetUnescapedUtf8(value, out var unquoted);
        for (var i = 0; i < _utf8.Length; i++)
        {
            // Compared decoded, as the pattern's exact match compares it: the raw bytes are the text when nothing is escaped.
            if (escaped ? value.ValueEquals(_utf8[i]) : unquoted.SequenceEqual(_utf8[i]))
            {
                return i;
            }
        }

        return Unlisted;
    }
}
