namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>{"prefix": "x"} and {"prefix": {"equals-ignore-case": "x"}}; strings only.</summary>
internal sealed class PrefixMatcher(string prefix, bool ignoreCase) : ValueMatcher
{
    private readonly PatternText _prefix = new(prefix);

    public override bool Matches(LeafValue value) =>
        ignoreCase ? value.TextStartsWithIgnoreCase(_prefix) : value.TextStartsWith(_prefix);
}

/// <summary>{"suffix": "x"} and {"suffix": {"equals-ignore-case": "x"}}; strings only.</summary>
internal sealed class SuffixMatcher(string suffix, bool ignoreCase) : ValueMatcher
{
    private readonly PatternText _suffix = new(suffix);

    public override bool Matches(LeafValue value) =>
        ignoreCase ? value.TextEndsWithIgnoreCase(_suffix) : value.TextEndsWith(_suffix);
}

/// <summary>{"equals-ignore-case": "x"}; strings only.</summary>
internal sealed class EqualsIgnoreCaseMatcher(string expected) : ValueMatcher
{
    private readonly PatternText _expected = new(expected);

    public override bool Matches(LeafValue value) => value.TextEqualsIgnoreCase(_expected);
}
