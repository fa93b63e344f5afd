using static BatchRuntimeMonitor.Tests.EventBridge.Patterns.PatternAssert;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

public class ExactMatchingTests
{
    [Theory]
    [InlineData("{'source':['aws.batch']}", "{'source':'aws.batch'}", true)]
    [InlineData("{'source':['aws.batch']}", "{'source':'aws.ecs'}", false)]
    [InlineData("{'source':['aws.batch']}", "{'source':'AWS.BATCH'}", false)]
    [InlineData("{'source':['aws.ecs','aws.batch']}", "{'source':'aws.batch'}", true)]
    [InlineData("{'source':['aws.batch']}", "{'other':'aws.batch'}", false)]
    [InlineData("{'LastName':['']}", "{'LastName':''}", true)]
    [InlineData("{'LastName':['']}", "{'LastName':'x'}", false)]
    public void Strings_match_exactly_and_any_listed_value_matches(string pattern, string @event, bool expected) =>
        Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'n':[5]}", "{'n':5}", true)]
    [InlineData("{'n':[5]}", "{'n':5.0}", true)]
    [InlineData("{'n':[301.8]}", "{'n':3.018e2}", true)]
    [InlineData("{'n':[5]}", "{'n':'5'}", false)]
    [InlineData("{'n':['5']}", "{'n':5}", false)]
    [InlineData("{'n':[5]}", "{'n':6}", false)]
    public void Numbers_compare_by_value_and_never_equal_strings(string pattern, string @event, bool expected) =>
        Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'b':[true]}", "{'b':true}", true)]
    [InlineData("{'b':[true]}", "{'b':false}", false)]
    [InlineData("{'b':[true]}", "{'b':'true'}", false)]
    [InlineData("{'b':[false]}", "{'b':false}", true)]
    [InlineData("{'r':[null]}", "{'r':null}", true)]
    [InlineData("{'r':[null]}", "{'r':'null'}", false)]
    [InlineData("{'r':[null]}", "{}", false)]
    [InlineData("{'r':['']}", "{'r':null}", false)]
    public void Booleans_and_null_match_only_the_json_literal(string pattern, string @event, bool expected) =>
        Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'detail':{'state':['running']}}", "{'detail':{'state':'running'}}", true)]
    [InlineData("{'detail':{'state':['running']}}", "{'detail':{'state':'stopped'}}", false)]
    [InlineData("{'detail':{'state':['running']}}", "{'detail':'running'}", false)]
    [InlineData("{'detail':{'state':['running']}}", "{'state':'running'}", false)]
    [InlineData("{'detail':{'a':{'b':[1]}}}", "{'detail':{'a':{'b':1,'c':2}}}", true)]
    [InlineData("{'source':['aws.ecs'],'detail':{'lastStatus':['RUNNING']}}", "{'source':'aws.ecs','detail':{'lastStatus':'STOPPED'}}", false)]
    public void Nested_objects_need_the_same_structure_and_every_field_to_match(string pattern, string @event, bool expected) =>
        Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'resources':['arn:b']}", "{'resources':['arn:a','arn:b']}", true)]
    [InlineData("{'resources':['arn:c','arn:b']}", "{'resources':['arn:a','arn:b']}", true)]
    [InlineData("{'resources':['arn:c']}", "{'resources':['arn:a','arn:b']}", false)]
    [InlineData("{'resources':['arn:a']}", "{'resources':[]}", false)]
    [InlineData("{'n':[2]}", "{'n':[[1],[2,3]]}", true)]
    public void Event_arrays_match_when_any_element_matches(string pattern, string @event, bool expected) =>
        Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'employees':{'firstName':['Anna']}}", true)]
    [InlineData("{'employees':{'firstName':['Anna'],'lastName':['Smith']}}", true)]
    [InlineData("{'employees':{'firstName':['Anna'],'lastName':['Jones']}}", false)]
    [InlineData("{'employees':{'firstName':['Zoe']}}", false)]
    public void Objects_inside_arrays_match_one_element_at_a_time(string pattern, bool expected) =>
        Matches(pattern, "{'employees':[[{'firstName':'John','lastName':'Doe'},{'firstName':'Anna','lastName':'Smith'}],[{'firstName':'Peter','lastName':'Jones'}]]}")
            .Should().Be(expected);

    [Fact]
    public void Escaped_strings_in_the_event_are_decoded_before_comparing()
    {
        var pattern = BatchRuntimeMonitor.Local.EventBridge.Patterns.EventPattern.Parse("""{"s":["héllo \\ \"q\""]}""");
        pattern.Matches(System.Text.Json.Nodes.JsonNode.Parse("""{"s":"h\u00e9llo \\ \"q\""}""")).Should().BeTrue();
        pattern.Matches(System.Text.Json.Nodes.JsonNode.Parse("""{"s":"hello \\ \"q\""}""")).Should().BeFalse();
    }

    [Fact]
    public void Long_strings_beyond_the_stack_buffer_still_match()
    {
        var text = new string('x', 2000);
        Matches($"{{'s':['{text}']}}", $"{{'s':'{text}'}}").Should().BeTrue();
        Matches($"{{'s':[{{'prefix':'xxx'}}]}}", $"{{'s':'{text}'}}").Should().BeTrue();
    }

    [Fact]
    public void Non_ascii_values_match()
    {
        Matches("{'city':['Zürich']}", "{'city':'Zürich'}").Should().BeTrue();
        Matches("{'city':[{'prefix':'Zü'}]}", "{'city':'Zürich'}").Should().BeTrue();
    }

    [Fact]
    public void Events_built_in_code_match_like_parsed_ones()
    {
        var pattern = BatchRuntimeMonitor.Local.EventBridge.Patterns.EventPattern.Parse(Json("{'a':['x'],'n':[{'numeric':['>',1]}],'b':[true]}"));
        var @event = new System.Text.Json.Nodes.JsonObject { ["a"] = "x", ["n"] = 2, ["b"] = true };
        pattern.Matches(@event).Should().BeTrue();
        @event["n"] = 1m;
        pattern.Matches(@event).Should().BeFalse();
    }

    [Fact]
    public void An_empty_pattern_matches_any_event() => Matches("{}", "{'source':'x'}").Should().BeTrue();

    [Fact]
    public void A_non_object_event_never_matches() =>
        BatchRuntimeMonitor.Local.EventBridge.Patterns.EventPattern.Parse("{}").Matches(System.Text.Json.Nodes.JsonValue.Create(1)).Should().BeFalse();
}
