using static BatchRuntimeMonitor.Tests.EventBridge.Patterns.PatternAssert;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

/// <summary>EventBridge's exists works on leaf values only: an object (or an array of objects) is not a leaf.</summary>
public class ExistsTests
{
    private const string ExistsTrue = "{'detail':{'c':[{'exists':true}]}}";
    private const string ExistsFalse = "{'detail':{'c':[{'exists':false}]}}";

    [Theory]
    [InlineData("{'detail':{'c':5}}", true)]
    [InlineData("{'detail':{'c':'x'}}", true)]
    [InlineData("{'detail':{'c':null}}", true)]
    [InlineData("{'detail':{'c':[1,2]}}", true)]
    [InlineData("{'detail':{'c':[]}}", false)]
    [InlineData("{'detail':{'c':{'c1':100}}}", false)]
    [InlineData("{'detail':{'c':[{'c1':100}]}}", false)]
    [InlineData("{'detail':{}}", false)]
    [InlineData("{}", false)]
    public void Exists_true_needs_a_leaf_value(string @event, bool expected) => Matches(ExistsTrue, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'detail':{'c':5}}", false)]
    [InlineData("{'detail':{'c':null}}", false)]
    [InlineData("{'detail':{'c':[1]}}", false)]
    [InlineData("{'detail':{'c':[]}}", true)]
    [InlineData("{'detail':{'c':{'c1':100}}}", true)]
    [InlineData("{'detail':{}}", true)]
    [InlineData("{'detail':'scalar'}", true)]
    [InlineData("{}", true)]
    public void Exists_false_matches_when_there_is_no_leaf_value(string @event, bool expected) => Matches(ExistsFalse, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'source':'aws.batch','detail':{'container':{'containerInstanceArn':'arn:x'}}}", true)]
    [InlineData("{'source':'aws.batch','detail':{'container':{}}}", false)]
    [InlineData("{'source':'aws.batch','detail':{}}", false)]
    public void Exists_inside_nested_objects(string @event, bool expected) =>
        Matches("{'source':['aws.batch'],'detail':{'container':{'containerInstanceArn':[{'exists':true}]}}}", @event).Should().Be(expected);

    [Fact]
    public void Exists_combines_with_other_values_as_or() =>
        Matches("{'x':['a',{'exists':false}]}", "{}").Should().BeTrue();
}
