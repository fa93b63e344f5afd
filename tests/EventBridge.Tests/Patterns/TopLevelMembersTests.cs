using System.Text.Json;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using static BatchRuntimeMonitor.Tests.EventBridge.Patterns.PatternAssert;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

/// <summary>
/// The replay matches rules with the event's "source", "detail-type" and "detail" taken from the reader's one pass
/// over its members (<see cref="TopLevelMembers"/>) instead of looked up: every operator must give the answer the
/// lookup gives, whatever the event holds there (nothing, null, a string, a number, an array, an object, the name
/// twice, the name escaped).
/// </summary>
public class TopLevelMembersTests
{
    private static readonly string[] TopLevelNames = ["source", "detail-type", "detail"];

    /// <summary>A value list of each operator the template (and EventBridge) has.</summary>
    private static readonly string[] LeafPatterns =
    [
        "['aws.batch']",
        "['aws.ecs','aws.batch']",
        "['Batch Job State Change']",
        "[5]",
        "[null]",
        "[true]",
        "[{'prefix':'aws.'}]",
        "[{'suffix':'.batch'}]",
        "[{'equals-ignore-case':'AWS.BATCH'}]",
        "[{'wildcard':'*_Batch_*'},{'wildcard':'*/AWSBatch-*'}]",
        "[{'anything-but':'aws.batch'}]",
        "[{'anything-but':['aws.batch','aws.ecs']}]",
        "[{'anything-but':{'prefix':'aws.'}}]",
        "[{'numeric':['>',1,'<=',10]}]",
        "[{'cidr':'10.0.0.0/24'}]",
        "[{'exists':true}]",
        "[{'exists':false}]",
        "['aws.batch',{'exists':false}]",
    ];

    /// <summary>What an event may hold under a name ("" for nothing at all).</summary>
    private static readonly string[] Values =
    [
        "",
        "null",
        "'aws.batch'",
        "'aws.ecs'",
        "'AWS.Batch'",
        "'Batch Job State Change'",
        "'arn:aws:ecs:us-east-1:1:cluster/AWSBatch-ce-1'",
        "'10.0.0.7'",
        "'aws.b\\u0061tch'",
        "5",
        "11",
        "true",
        "[]",
        "['aws.ecs','aws.batch']",
        "[5,[null]]",
        "[{'a':1}]",
        "{}",
        "{'state':'running'}",
        "[{'state':'running'},{'state':'stopped'}]",
    ];

    public static TheoryData<string, string> LeafCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var name in TopLevelNames)
        {
            foreach (var leaf in LeafPatterns)
            {
                cases.Add($"{{'{name}':{leaf}}}", name);
            }
        }

        return cases;
    }

    public static TheoryData<string> NestedAndOrPatterns() =>
    [
        "{'detail':{'state':['running']}}",
        "{'detail':{'state':[{'exists':false}]}}",
        "{'detail':{'source':['aws.batch']}}",
        "{'source':['aws.batch'],'detail-type':['Batch Job State Change'],'detail':{'state':['running']}}",
        "{'$or':[{'source':['aws.batch']},{'detail-type':['Batch Job State Change']}]}",
        "{'source':[{'prefix':'aws.'}],'$or':[{'detail':{'state':['running']}},{'detail-type':[{'exists':false}]}]}",
        "{'id':['1'],'detail':{'state':['stopped']}}",
    ];

    [Theory]
    [MemberData(nameof(LeafCases))]
    public void Every_operator_on_a_top_level_name_answers_as_the_lookup_does(string pattern, string name)
    {
        foreach (var @event in EventsWith(name))
        {
            Matches(pattern, @event); // asserts the one-pass answer equals the looked-up one
        }
    }

    [Theory]
    [MemberData(nameof(NestedAndOrPatterns))]
    public void Nested_patterns_and_alternatives_answer_as_the_lookup_does(string pattern)
    {
        foreach (var name in TopLevelNames)
        {
            foreach (var @event in EventsWith(name))
            {
                Matches(pattern, @event);
            }
        }
    }

    [Theory]
    [InlineData("{'source':['aws.batch']}", "{'source':'aws.ecs','id':'1','source':'aws.batch'}", true)]
    [InlineData("{'source':['aws.ecs']}", "{'source':'aws.ecs','id':'1','source':'aws.batch'}", false)]
    [InlineData("{'detail':{'state':['running']}}", "{'detail':{'state':'running'},'detail':null}", false)]
    [InlineData("{'detail-type':[null]}", "{'detail-type':null}", true)]
    [InlineData("{'detail-type':[{'exists':false}]}", "{'detail-type':null}", false)]
    [InlineData("{'source':[{'exists':false}]}", "{'detail':{'source':'aws.batch'}}", true)]
    [InlineData("{'source':['aws.batch']}", "{'\\u0073ource':'aws.batch'}", true)]
    [InlineData("{'source':['aws.batch']}", "{'source':'aws.ecs','\\u0073ource':'aws.batch'}", true)]
    public void The_members_read_in_one_pass_are_those_a_lookup_finds(string pattern, string @event, bool expected) =>
        Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'source':'a','source':'b'}", "\"b\"")]
    [InlineData("{'source':null}", "null")]
    [InlineData("{'source':['x']}", "[\"x\"]")]
    public void A_pass_holds_the_last_value_of_a_name(string @event, string source)
    {
        var element = JsonDocument.Parse(Json(@event)).RootElement;

        var members = TopLevelMembers.Read(element);

        members.IsComplete.Should().BeTrue();
        members.Source.GetRawText().Should().Be(source);
        members.Detail.ValueKind.Should().Be(JsonValueKind.Undefined);
        members.DetailType.ValueKind.Should().Be(JsonValueKind.Undefined);
    }

    [Theory]
    [InlineData("{'\\u0073ource':'aws.batch'}")]
    [InlineData("{'source':'aws.batch','x\\ny':1}")]
    public void A_pass_over_an_escaped_name_is_not_complete_and_the_rules_look_names_up(string @event)
    {
        var element = JsonDocument.Parse(Json(@event)).RootElement;

        TopLevelMembers.Read(element).IsComplete.Should().BeFalse();
        EventPattern.Parse(Json("{'source':['aws.batch']}")).Matches(element, TopLevelMembers.Read(element)).Should().BeTrue();
    }

    [Fact]
    public void No_pass_at_all_looks_every_name_up()
    {
        var element = JsonDocument.Parse(Json("{'source':'aws.batch'}")).RootElement;

        default(TopLevelMembers).IsComplete.Should().BeFalse();
        EventPattern.Parse(Json("{'source':['aws.batch']}")).Matches(element, default).Should().BeTrue();
    }

    /// <summary>Events holding each value under the name, alone, beside the other names, and twice (both orders).</summary>
    private static IEnumerable<string> EventsWith(string name)
    {
        var others = TopLevelNames.Where(other => other != name).Select(other => $"'{other}':'aws.ecs'").ToList();
        foreach (var value in Values)
        {
            var member = value.Length == 0 ? null : $"'{name}':{value}";
            yield return $"{{{member}}}";
            string?[] beside = ["'id':'1'", member, .. others];
            yield return "{" + string.Join(",", beside.Where(m => m is not null)) + "}";
            foreach (var second in new[] { "'aws.batch'", "null", "{'state':'running'}" })
            {
                if (member is not null)
                {
                    yield return $"{{{member},'{name}':{second}}}";
                    yield return $"{{'{name}':{second},{member}}}";
                }
            }
        }
    }
}
