using System.Text.Json;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>"value": ["text"]: an exact, case-sensitive string.</summary>
internal sealed class ExactStringMatcher(string expected) : ValueMatcher
{
    private readonly PatternText _expected = new(expected);

    public string Expected => _expected.Text;

    public override bool Matches(LeafValue value) => value.TextEquals(_expected);
}

/// <summary>"value": [5]: numbers compare by value, so 5, 5.0 and 5e0 are equal (a string "5" is not).</summary>
internal sealed class ExactNumberMatcher(double expected) : ValueMatcher
{
    public override bool Matches(LeafValue value) => value.IsNumber && value.Number == expected;
}

/// <summary>"value": [true] / [false] / [null]: the JSON literal itself.</summary>
internal sealed class ExactLiteralMatcher(JsonValueKind kind) : ValueMatcher
{
    public override bool Matches(LeafValue value) => value.Kind == kind;
}
