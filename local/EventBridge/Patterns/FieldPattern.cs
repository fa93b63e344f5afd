using System.Text.Json;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>What a pattern says about one event field: a nested object pattern or a list of value matchers.</summary>
internal abstract class FieldPattern
{
    /// <param name="present">False when the field is absent (JSON null is present, with a Null <paramref name="value"/>).</param>
    /// <param name="value">The field's value as parsed; default (Undefined) when absent.</param>
    public abstract bool Matches(bool present, JsonElement value);
}
