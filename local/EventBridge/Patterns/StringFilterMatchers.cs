namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>{"prefix": "x"} and {"prefix": {"equals-ignore-case": "x"}}; strings only.</summary>
internal sealed class PrefixMatcher(string prefix, StringComparison comparison) : ValueMatcher
{
    public override bool Matches(LeafValue value) => value.IsString && value.Text.StartsWith(prefix, comparison);
}

/// <summary>{"suffix": "x"} and {"suffix": {"equals-ignore-case": "x"}}; strings only.</summary>
internal sealed class SuffixMatcher(string suffix, StringComparison comparison) : ValueMatcher
{
    public override bool Matches(LeafValue value) => value.IsString && value.Text.EndsWith(suffix, comparison);
}

/// <summary>{"equals-ignore-case": "x"}; strings only.</summary>
internal sealed class EqualsIgnoreCaseMatcher(string expected) : ValueMatcher
{
    public override bool Matches(LeafValue value) =>
        value.IsString && value.Text.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
