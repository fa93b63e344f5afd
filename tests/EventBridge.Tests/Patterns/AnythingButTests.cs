using static BatchRuntimeMonitor.Tests.EventBridge.Patterns.PatternAssert;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

public class AnythingButTests
{
    [Theory]
    [InlineData("{'state':[{'anything-but':'initializing'}]}", "{'state':'running'}", true)]
    [InlineData("{'state':[{'anything-but':'initializing'}]}", "{'state':'initializing'}", false)]
    [InlineData("{'state':[{'anything-but':'initializing'}]}", "{}", false)]
    [InlineData("{'state':[{'anything-but':'initializing'}]}", "{'state':'INITIALIZING'}", true)]
    [InlineData("{'x':[{'anything-but':123}]}", "{'x':124}", true)]
    [InlineData("{'x':[{'anything-but':123}]}", "{'x':123.0}", false)]
    [InlineData("{'x':[{'anything-but':123}]}", "{'x':'123'}", true)]
    public void Single_values(string pattern, string @event, bool expected) => Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'state':[{'anything-but':['stopped','overloaded']}]}", "{'state':'running'}", true)]
    [InlineData("{'state':[{'anything-but':['stopped','overloaded']}]}", "{'state':'overloaded'}", false)]
    [InlineData("{'x':[{'anything-but':[100,200,300]}]}", "{'x':200}", false)]
    [InlineData("{'x':[{'anything-but':[100,200,300]}]}", "{'x':250}", true)]
    [InlineData("{'state':[{'anything-but':['stopped']}]}", "{'state':['stopped','running']}", true)]
    [InlineData("{'state':[{'anything-but':['stopped']}]}", "{'state':['stopped']}", false)]
    public void Lists(string pattern, string @event, bool expected) => Matches(pattern, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'r':[{'anything-but':{'prefix':'us-'}}]}", "{'r':'eu-west-1'}", true)]
    [InlineData("{'r':[{'anything-but':{'prefix':'us-'}}]}", "{'r':'us-east-1'}", false)]
    [InlineData("{'f':[{'anything-but':{'suffix':'.png'}}]}", "{'f':'a.jpg'}", true)]
    [InlineData("{'f':[{'anything-but':{'suffix':'.png'}}]}", "{'f':'a.png'}", false)]
    [InlineData("{'s':[{'anything-but':{'equals-ignore-case':'initializing'}}]}", "{'s':'INITIALIZING'}", false)]
    [InlineData("{'s':[{'anything-but':{'equals-ignore-case':'initializing'}}]}", "{'s':'running'}", true)]
    [InlineData("{'s':[{'anything-but':{'equals-ignore-case':['a','b']}}]}", "{'s':'B'}", false)]
    [InlineData("{'s':[{'anything-but':{'equals-ignore-case':['a','b']}}]}", "{'s':'c'}", true)]
    [InlineData("{'p':[{'anything-but':{'wildcard':'*/lib/*'}}]}", "{'p':'/usr/lib/x'}", false)]
    [InlineData("{'p':[{'anything-but':{'wildcard':'*/lib/*'}}]}", "{'p':'/usr/bin/x'}", true)]
    [InlineData("{'p':[{'anything-but':{'wildcard':['*/lib/*','*/bin/*']}}]}", "{'p':'/usr/bin/x'}", false)]
    [InlineData("{'p':[{'anything-but':{'prefix':'us-'}}]}", "{}", false)]
    public void Filters(string pattern, string @event, bool expected) => Matches(pattern, @event).Should().Be(expected);
}
