namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>One entry of a pattern's value array (an exact value or a content filter), compiled.</summary>
internal abstract class ValueMatcher
{
    public abstract bool Matches(LeafValue value);
}
