using static BatchRuntimeMonitor.Tests.EventBridge.Patterns.PatternAssert;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

public class OrTests
{
    private const string SourceAndMetricOrNamespace =
        "{'source':['aws.cloudwatch'],'$or':[{'metricName':['CPUUtilization','ReadLatency']},{'namespace':['AWS/EC2','AWS/ES']}]}";

    [Theory]
    [InlineData("{'source':'aws.cloudwatch','metricName':'ReadLatency'}", true)]
    [InlineData("{'source':'aws.cloudwatch','namespace':'AWS/ES'}", true)]
    [InlineData("{'source':'aws.cloudwatch','metricName':'Other','namespace':'Other'}", false)]
    [InlineData("{'source':'aws.other','metricName':'ReadLatency'}", false)]
    public void Or_alternatives_and_with_the_other_fields(string @event, bool expected) =>
        Matches(SourceAndMetricOrNamespace, @event).Should().Be(expected);

    [Theory]
    [InlineData("{'metricName':'CPUUtilization','detail':{'source':'aws.cloudwatch'}}", true)]
    [InlineData("{'metricName':'CPUUtilization','detail':{'source':'x'}}", false)]
    [InlineData("{'namespace':'AWS/EC2','detail':{'detail-type':'CloudWatch Alarm State Change'}}", true)]
    public void Parallel_or_at_two_levels(string @event, bool expected) =>
        Matches("{'$or':[{'metricName':['CPUUtilization']},{'namespace':['AWS/EC2']}],'detail':{'$or':[{'source':['aws.cloudwatch']},{'detail-type':['CloudWatch Alarm State Change']}]}}", @event)
            .Should().Be(expected);

    [Theory]
    [InlineData("{'source':'aws.cloudwatch','metricType':'MetricType','namespace':'AWS/EC2','spaceId':1000}", true)]
    [InlineData("{'source':'aws.cloudwatch','metricType':'MetricType','namespace':'AWS/EC2','spaceId':1}", false)]
    [InlineData("{'source':'aws.cloudwatch','scope':'Service'}", true)]
    public void Nested_or_inside_an_and(string @event, bool expected) =>
        Matches("{'source':['aws.cloudwatch'],'$or':[{'metricName':['CPUUtilization']},{'metricType':['MetricType'],'namespace':['AWS/EC2'],'$or':[{'metricId':[1234]},{'spaceId':[1000]}]},{'scope':['Service']}]}", @event)
            .Should().Be(expected);

    [Fact]
    public void Or_with_exists_false_alternative() =>
        Matches("{'$or':[{'a':['x']},{'a':[{'exists':false}]}]}", "{}").Should().BeTrue();

    [Fact]
    public void Or_that_is_not_a_list_of_two_objects_is_an_ordinary_field_name()
    {
        Matches("{'$or':{'metricType':['MetricType']}}", "{'$or':{'metricType':'MetricType'}}").Should().BeTrue();
        Matches("{'$or':{'metricType':['MetricType']}}", "{'metricType':'MetricType'}").Should().BeFalse();
    }
}
