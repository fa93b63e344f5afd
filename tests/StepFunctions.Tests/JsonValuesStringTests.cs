using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// StringEquals compares a value still over its parsed JSON without decoding it first, and literals are kept as .NET
/// strings: both must answer exactly as reading the string would.
/// </summary>
public class JsonValuesStringTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "\"beta\"", "beta" },
        { "\"beta\"", "Beta" },
        { "\"\\u0041\\/\\\"é\"", "A/\"é" },
        { "\"é😀\"", "é😀" },
        { "\"\"", "" },
        { "5", "5" },
        { "true", "true" },
        { "null", "null" },
        { "{\"a\":1}", "{\"a\":1}" },
        { "[\"x\"]", "x" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StringEquals_answers_as_reading_the_string_would(string json, string expected)
    {
        var parsed = JsonNode.Parse($$"""{"v":{{json}}}""")!.AsObject();
        var overElement = JsonValues.Clone(parsed["v"]);
        var decoded = JsonValues.TryGetString(overElement, out var text);

        JsonValues.StringEquals(overElement, expected).Should().Be(decoded && text == expected);
        JsonValues.StringEquals(JsonValues.Literal(overElement), expected).Should().Be(decoded && text == expected, "the same value as a literal");
        JsonValues.ToCompactJson(JsonValues.Literal(overElement)).Should().Be(JsonValues.ToCompactJson(overElement), "a literal is the same JSON");
    }

    [Fact]
    public void A_literal_string_holds_a_net_string_and_other_literals_stay_as_parsed()
    {
        var parsed = JsonNode.Parse("""{"s":"q","n":1.50,"o":{"a":1}}""")!.AsObject();

        JsonValues.Literal(JsonValues.Clone(parsed["s"]))!.AsValue().TryGetValue<string>(out _).Should().BeTrue();
        JsonValues.ToCompactJson(JsonValues.Literal(JsonValues.Clone(parsed["n"]))).Should().Be("1.50", "a number keeps its text");
        JsonValues.Literal(parsed["o"]).Should().BeSameAs(parsed["o"]);
        JsonValues.Literal(null).Should().BeNull();

        var undecodable = JsonNode.Parse("""{"s":"\ud800x"}""")!["s"];
        JsonValues.Literal(undecodable).Should().BeSameAs(undecodable, "a string that does not decode fails where it is read, as before");
    }
}
