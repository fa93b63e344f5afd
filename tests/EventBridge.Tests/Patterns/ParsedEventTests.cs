using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using static BatchRuntimeMonitor.Tests.EventBridge.Patterns.PatternAssert;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

/// <summary>
/// Patterns read the parsed event in place (JsonElement); an event held as a JsonNode is written out and parsed for
/// it (<see cref="EventElement"/>). What only the parsed form has: raw names and strings, escapes, repeated names.
/// </summary>
public class ParsedEventTests
{
    [Theory]
    [InlineData("{'source':['aws.batch']}", "{'\\u0073ource':'aws.batch'}", true)]
    [InlineData("{'detail':{'state':['running']}}", "{'detail':{'st\\u0061te':'running'}}", true)]
    [InlineData("{'source':['aws.batch']}", "{'\\u0073ourc':'aws.batch'}", false)]
    public void Escaped_member_names_are_compared_decoded(string pattern, string @event, bool expected) =>
        Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'s':['b']}", "{'s':'a','s':'b'}", true)]
    [InlineData("{'s':['a']}", "{'s':'a','s':'b'}", false)]
    [InlineData("{'detail':{'s':[{'exists':false}]}}", "{'detail':{'s':1},'detail':{}}", true)]
    public void A_repeated_member_name_reads_its_last_value_as_the_state_machines_paths_do(string pattern, string @event, bool expected) =>
        Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("[{'source':'aws.batch'}]")]
    [InlineData("'aws.batch'")]
    [InlineData("null")]
    public void A_parsed_value_that_is_not_an_object_never_matches(string value) =>
        EventPattern.Parse("{}").Matches(JsonDocument.Parse(Json(value)).RootElement).Should().BeFalse();

    [Fact]
    public void No_event_at_all_never_matches() => EventPattern.Parse("{}").Matches(default(JsonElement)).Should().BeFalse();

    [Fact]
    public void An_event_built_in_code_is_matched_as_its_JSON_text_reads()
    {
        var @event = new JsonObject
        {
            ["detail"] = new JsonObject { ["n"] = 2.5, ["big"] = long.MaxValue, ["m"] = 1.10m, ["s"] = "a\"b\u00e9", ["list"] = new JsonArray(1, "x", null) },
        };

        var parsed = EventElement.Of(@event);

        parsed.GetRawText().Should().Be(@event.ToJsonString());
        EventPattern.Parse(Json("{'detail':{'n':[2.5],'big':[{'numeric':['>',9e18]}],'m':[1.1],'s':['a\\\"b\u00e9'],'list':[null]}}"))
            .Matches(@event).Should().BeTrue();
    }

    [Fact]
    public void Matching_leaves_the_event_unchanged_and_reads_it_again_the_same_way()
    {
        var document = JsonDocument.Parse(Json("{'source':'aws.ecs','detail':{'clusterArn':'arn:aws:ecs:us-east-1:1:cluster/AWSBatch-ce-1','lastStatus':'RUNNING'}}"));
        var pattern = EventPattern.Parse(Json("{'source':['aws.ecs'],'detail':{'clusterArn':[{'wildcard':'*/AWSBatch-*'}],'lastStatus':['PENDING','RUNNING']}}"));

        pattern.Matches(document.RootElement).Should().BeTrue();
        pattern.Matches(document.RootElement).Should().BeTrue();
        JsonObject.Create(document.RootElement)!.ToJsonString().Should().Be(document.RootElement.GetRawText());
    }
}
