using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>What a pattern says about one event field: a nested object pattern or a list of value matchers.</summary>
internal abstract class FieldPattern
{
    /// <param name="present">False when the field is absent (JSON null is present, with <paramref name="node"/> null).</param>
    public abstract bool Matches(bool present, JsonNode? node);
}
