using BatchRuntimeMonitor.Local.Dashboards.Emf;

namespace BatchRuntimeMonitor.Tests.Dashboards.Unit;

public sealed class EmfReaderTests
{
    [Fact]
    public void One_datapoint_per_metric_per_dimension_set_in_emitted_dimension_order()
    {
        var points = EmfReader.ReadDocument("""
            {"_aws":{"Timestamp":1000,"CloudWatchMetrics":[{"Namespace":"NS","Dimensions":[["JobQueue"],["InstanceType","JobQueue"]],
             "Metrics":[{"Name":"RUNNABLE","Unit":"Count"},{"Name":"RunningSeconds","Unit":"Seconds"}]}]},
             "JobQueue":"q1","InstanceType":"m5.large","RUNNABLE":1,"RunningSeconds":12.5,"JobId":"j"}
            """);

        points.Should().HaveCount(4);
        points.Select(p => p.Metric.TotalsKey).Should().Equal("JobQueue=q1", "InstanceType=m5.large,JobQueue=q1", "JobQueue=q1", "InstanceType=m5.large,JobQueue=q1");
        points.Should().OnlyContain(p => p.TimestampMs == 1000 && p.Metric.Namespace == "NS");
        points.Single(p => p.Metric.Name == "RunningSeconds" && p.Metric.Dimensions.Count == 1).Should().Match<Local.Dashboards.Metrics.MetricDatapoint>(p => p.Value == 12.5 && p.Unit == "Seconds");
    }

    [Fact]
    public void A_dimension_set_with_a_missing_value_is_skipped_and_arrays_give_one_datapoint_per_value()
    {
        var points = EmfReader.ReadDocument("""
            {"_aws":{"Timestamp":5,"CloudWatchMetrics":[{"Namespace":"NS","Dimensions":[["JobQueue"],["InstanceType"]],"Metrics":[{"Name":"Latency"}]}]},
             "JobQueue":"q1","Latency":[1,2,3]}
            """);

        points.Should().HaveCount(3);
        points.Should().OnlyContain(p => p.Metric.TotalsKey == "JobQueue=q1" && p.Unit == "None");
        points.Select(p => p.Value).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Empty_dimension_set_gives_a_metric_without_dimensions_and_non_emf_lines_are_ignored()
    {
        var points = EmfReader.ReadLines([
            """{"_aws":{"Timestamp":5,"CloudWatchMetrics":[{"Namespace":"NS","Dimensions":[[]],"Metrics":[{"Name":"Total"}]}]},"Total":7}""",
            """{"message":"plain log line"}""",
            "",
        ]);

        points.Should().ContainSingle().Which.Metric.Dimensions.Should().BeEmpty();
    }
}
