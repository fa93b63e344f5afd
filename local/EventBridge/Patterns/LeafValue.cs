using System.Text.Json;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// One scalar of the event (string, number, true, false or null) as the matchers see it. A ref struct so the
/// string can live in a stack buffer: matching then allocates nothing for ordinary event values.
/// </summary>
internal readonly ref struct LeafValue
{
    public LeafValue(JsonValueKind kind, ReadOnlySpan<char> text, double number)
    {
        Kind = kind;
        Text = text;
        Number = number;
    }

    public JsonValueKind Kind { get; }

    /// <summary>The string value; empty unless <see cref="Kind"/> is String.</summary>
    public ReadOnlySpan<char> Text { get; }

    /// <summary>The numeric value; meaningful only when <see cref="Kind"/> is Number.</summary>
    public double Number { get; }

    public bool IsString => Kind == JsonValueKind.String;

    public bool IsNumber => Kind == JsonValueKind.Number;
}
