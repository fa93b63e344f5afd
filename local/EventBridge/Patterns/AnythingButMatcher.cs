namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// {"anything-but": ...}: matches any value present in the event that none of the excluded matchers match.
/// A missing field never matches (only {"exists": false} does), as in EventBridge.
/// </summary>
internal sealed class AnythingButMatcher(IReadOnlyList<ValueMatcher> excluded) : ValueMatcher
{
    private readonly ValueMatcher[] _excluded = [.. excluded];

    public override bool Matches(LeafValue value)
    {
        foreach (var matcher in _excluded)
        {
            if (matcher.Matches(value))
            {
                return false;
            }
        }

        return true;
    }
}
