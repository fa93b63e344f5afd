using static BatchRuntimeMonitor.Tests.EventBridge.Patterns.PatternAssert;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

public class StringFilterTests
{
    [Theory]
    [InlineData("{'time':[{'prefix':'2017-10-02'}]}", "{'time':'2017-10-02T18:43:48Z'}", true)]
    [InlineData("{'time':[{'prefix':'2017-10-02'}]}", "{'time':'2017-10-03T18:43:48Z'}", false)]
    [InlineData("{'time':[{'prefix':'2017'}]}", "{'time':2017}", false)]
    [InlineData("{'s':[{'prefix':'Event'}]}", "{'s':'eventbridge'}", false)]
    [InlineData("{'s':[{'prefix':{'equals-ignore-case':'EventB'}}]}", "{'s':'eventbridge'}", true)]
    [InlineData("{'s':[{'prefix':{'equals-ignore-case':'EventB'}}]}", "{'s':'EVENTBRIDGE'}", true)]
    [InlineData("{'s':[{'prefix':{'equals-ignore-case':'EventB'}}]}", "{'s':'SNS'}", false)]
    [InlineData("{'s':[{'prefix':''}]}", "{'s':'anything'}", true)]
    public void Prefix(string pattern, string @event, bool expected) => Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'FileName':[{'suffix':'.png'}]}", "{'FileName':'image.png'}", true)]
    [InlineData("{'FileName':[{'suffix':'.png'}]}", "{'FileName':'image.PNG'}", false)]
    [InlineData("{'FileName':[{'suffix':'.png'}]}", "{'FileName':'image.jpg'}", false)]
    [InlineData("{'FileName':[{'suffix':{'equals-ignore-case':'.png'}}]}", "{'FileName':'image.PNG'}", true)]
    [InlineData("{'FileName':[{'suffix':{'equals-ignore-case':'.png'}}]}", "{'FileName':'image.gif'}", false)]
    [InlineData("{'n':[{'suffix':'5'}]}", "{'n':5}", false)]
    public void Suffix(string pattern, string @event, bool expected) => Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'name':[{'equals-ignore-case':'alice'}]}", "{'name':'ALICE'}", true)]
    [InlineData("{'name':[{'equals-ignore-case':'alice'}]}", "{'name':'Alice'}", true)]
    [InlineData("{'name':[{'equals-ignore-case':'alice'}]}", "{'name':'alicia'}", false)]
    [InlineData("{'name':[{'equals-ignore-case':'true'}]}", "{'name':true}", false)]
    public void Equals_ignore_case(string pattern, string @event, bool expected) => Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("Simple*Service", "SimpleQueueService", true)]
    [InlineData("Simple*Service", "SimpleService", true)]
    [InlineData("Simple*Service", "SimpleQueueServices", false)]
    [InlineData("Simple*Service", "simpleQueueService", false)]
    [InlineData("*.png", "dir/a.png", true)]
    [InlineData("*.png", "dir/a.png.bak", false)]
    [InlineData("dir/*", "dir/a", true)]
    [InlineData("dir/*", "other/a", false)]
    [InlineData("*/lib/*", "usr/lib/x", true)]
    [InlineData("*/lib/*", "usr/bin/x", false)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    [InlineData("a\\\\*b", "a*b", true)]
    [InlineData("a\\\\*b", "aXb", false)]
    [InlineData("a\\\\\\\\*", "a\\\\xyz", true)]
    [InlineData("a\\\\\\\\*", "axyz", false)]
    public void Wildcard(string wildcard, string value, bool expected) =>
        Matches($"{{'v':[{{'wildcard':'{wildcard}'}}]}}", $"{{'v':'{value}'}}").Should().Be(expected);

    [Fact]
    public void Wildcard_does_not_match_non_strings() =>
        Matches("{'v':[{'wildcard':'*'}]}", "{'v':5}").Should().BeFalse();
}
