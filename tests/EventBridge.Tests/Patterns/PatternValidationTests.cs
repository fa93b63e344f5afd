using BatchRuntimeMonitor.Local.EventBridge.Patterns;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

public class PatternValidationTests
{
    [Theory]
    [InlineData("[]")]
    [InlineData("{\"source\":\"aws.batch\"}")]
    [InlineData("{\"source\":[]}")]
    [InlineData("{\"source\":[[\"a\"]]}")]
    [InlineData("{\"source\":[{\"unknown\":\"a\"}]}")]
    [InlineData("{\"source\":[{\"prefix\":\"a\",\"suffix\":\"b\"}]}")]
    [InlineData("{\"source\":[{\"prefix\":5}]}")]
    [InlineData("{\"source\":[{\"prefix\":{\"other\":\"a\"}}]}")]
    [InlineData("{\"v\":[{\"wildcard\":\"a**b\"}]}")]
    [InlineData("{\"v\":[{\"wildcard\":\"a\\\\b\"}]}")]
    [InlineData("{\"v\":[{\"numeric\":[\">\",\"5\"]}]}")]
    [InlineData("{\"v\":[{\"numeric\":[\"~\",5]}]}")]
    [InlineData("{\"v\":[{\"numeric\":[\">\",5,\">\",6]}]}")]
    [InlineData("{\"v\":[{\"numeric\":[\"=\",5,\"<\",6]}]}")]
    [InlineData("{\"v\":[{\"numeric\":[\">\",6,\"<\",5]}]}")]
    [InlineData("{\"v\":[{\"cidr\":\"10.0.0.0/33\"}]}")]
    [InlineData("{\"v\":[{\"cidr\":\"nope\"}]}")]
    [InlineData("{\"v\":[{\"exists\":\"yes\"}]}")]
    [InlineData("{\"v\":[{\"anything-but\":[\"a\",1]}]}")]
    [InlineData("{\"v\":[{\"anything-but\":true}]}")]
    [InlineData("{\"v\":[{\"anything-but\":{\"numeric\":[\">\",1]}}]}")]
    [InlineData("not json")]
    public void Patterns_EventBridge_rejects_are_rejected(string pattern) =>
        FluentActions.Invoking(() => EventPattern.Parse(pattern)).Should().Throw<EventPatternException>();

    [Fact]
    public void The_error_names_the_field() =>
        FluentActions.Invoking(() => EventPattern.Parse("{\"detail\":{\"state\":\"x\"}}"))
            .Should().Throw<EventPatternException>().WithMessage("*detail.state*");

    [Fact]
    public void The_compiled_pattern_keeps_a_private_copy_of_its_source()
    {
        var source = new System.Text.Json.Nodes.JsonObject { ["source"] = new System.Text.Json.Nodes.JsonArray("aws.batch") };
        var pattern = EventPattern.Parse(source);
        source["source"]![0] = "changed";
        pattern.Source.ToJsonString().Should().Be("{\"source\":[\"aws.batch\"]}");
    }
}
