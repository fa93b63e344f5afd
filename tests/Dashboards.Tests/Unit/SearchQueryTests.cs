using BatchRuntimeMonitor.Local.Dashboards.Metrics;
using BatchRuntimeMonitor.Local.Dashboards.Search;

namespace BatchRuntimeMonitor.Tests.Dashboards.Unit;

public sealed class SearchQueryTests
{
    private static readonly MetricIdentity ByQueue = new("AWSBatchMetrics", "RUNNABLE", [new("JobQueue", "q-high")]);
    private static readonly MetricIdentity ByQueueLow = new("AWSBatchMetrics", "RUNNABLE", [new("JobQueue", "q-low")]);
    private static readonly MetricIdentity ByQueueAndReason = new("AWSBatchMetrics", "PlacementFailures", [new("JobQueue", "q-high"), new("Reason", "RESOURCE:MEMORY")]);
    private static readonly MetricIdentity Ecs = new("AWS/ECS", "CPUReservation", [new("ClusterName", "AWSBatch-ce-1")]);

    [Fact]
    public void Schema_selects_metrics_with_exactly_those_dimensions()
    {
        var query = SearchQueryParser.Parse("{AWSBatchMetrics,JobQueue} MetricName=\"RUNNABLE\"");

        query.Matches(ByQueue).Should().BeTrue();
        query.Matches(ByQueueAndReason).Should().BeFalse();
        SearchQueryParser.Parse("{AWSBatchMetrics,Reason,JobQueue}").Matches(ByQueueAndReason).Should().BeTrue("dimension order in the schema does not matter");
        SearchQueryParser.Parse("{\"AWS/ECS\",ClusterName}").Matches(Ecs).Should().BeTrue();
    }

    [Fact]
    public void Quoted_values_match_exactly_and_bare_values_match_partially()
    {
        SearchQueryParser.Parse("MetricName=\"RUNNABL\"").Matches(ByQueue).Should().BeFalse();
        SearchQueryParser.Parse("MetricName=RUNNABL").Matches(ByQueue).Should().BeTrue();
        SearchQueryParser.Parse("JobQueue=\"q-high\"").Matches(ByQueue).Should().BeTrue();
        SearchQueryParser.Parse("JobQueue=\"q-high\"").Matches(ByQueueLow).Should().BeFalse();
        SearchQueryParser.Parse("Namespace=\"AWS/ECS\"").Matches(Ecs).Should().BeTrue();
    }

    [Fact]
    public void Free_text_and_boolean_operators()
    {
        SearchQueryParser.Parse("Placement MEMORY").Matches(ByQueueAndReason).Should().BeTrue();
        SearchQueryParser.Parse("RUNNABLE AND q-low").Matches(ByQueue).Should().BeFalse();
        SearchQueryParser.Parse("JobQueue=\"q-low\" OR JobQueue=\"q-high\"").Matches(ByQueue).Should().BeTrue();
        SearchQueryParser.Parse("RUNNABLE NOT q-low").Matches(ByQueueLow).Should().BeFalse();
        SearchQueryParser.Parse("(q-low OR q-high) AND MetricName=\"RUNNABLE\"").Matches(ByQueueLow).Should().BeTrue();
    }

    [Fact]
    public void The_ecs_dashboard_search_keeps_only_batch_clusters()
    {
        var query = SearchQueryParser.Parse("{AWS/ECS,ClusterName} MetricName=\"CPUReservation\" (ClusterName=AWSBatch OR ClusterName=Batch)");

        query.Matches(Ecs).Should().BeTrue();
        query.Matches(new MetricIdentity("AWS/ECS", "CPUReservation", [new("ClusterName", "ce_Batch_1234")])).Should().BeTrue();
        query.Matches(new MetricIdentity("AWS/ECS", "CPUReservation", [new("ClusterName", "web-services")])).Should().BeFalse();
        query.Matches(new MetricIdentity("AWS/ECS", "CPUUtilization", [new("ClusterName", "AWSBatch-ce-1")])).Should().BeFalse();
    }

    [Fact]
    public void Malformed_expressions_are_reported()
    {
        var unclosed = () => SearchQueryParser.Parse("{AWSBatchMetrics,JobQueue MetricName=\"X\"");
        unclosed.Should().Throw<FormatException>();
        var parenthesis = () => SearchQueryParser.Parse("(a OR b");
        parenthesis.Should().Throw<FormatException>();
    }
}
