using System.Text;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>A string still in its parsed document is read as its UTF-8 in place only when that is its value.</summary>
public class ParsedStringsTests
{
    [Fact]
    public void A_parsed_string_without_escapes_is_its_utf8_as_written()
    {
        var node = JsonNode.Parse("""{"arn":"arn:aws:ecs:eu-west-1:1:container-instance/é"}""")!["arn"];

        ParsedStrings.TryGetUnescapedUtf8(node, out var utf8).Should().BeTrue();
        Encoding.UTF8.GetString(utf8).Should().Be("arn:aws:ecs:eu-west-1:1:container-instance/é");
    }

    [Theory]
    [InlineData("""{"v":"a\\nb"}""")] // an escape: the bytes are not the value
    [InlineData("""{"v":"\u0041"}""")]
    [InlineData("""{"v":42}""")] // not a string
    [InlineData("""{"v":true}""")]
    public void Anything_but_an_unescaped_parsed_string_is_left_to_the_ordinary_read(string json)
    {
        ParsedStrings.TryGetUnescapedUtf8(JsonNode.Parse(json)!["v"], out _).Should().BeFalse();
    }

    [Fact]
    public void A_string_built_in_code_or_no_value_is_left_to_the_ordinary_read()
    {
        ParsedStrings.TryGetUnescapedUtf8(JsonValue.Create("built"), out _).Should().BeFalse();
        ParsedStrings.TryGetUnescapedUtf8(null, out _).Should().BeFalse();
    }
}
