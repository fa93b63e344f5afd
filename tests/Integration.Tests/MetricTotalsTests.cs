using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Local.Brm.Replay;
using FluentAssertions;
using Xunit;

namespace BatchRuntimeMonitor.Tests.Integration;

public sealed class MetricTotalsTests
{
    [Fact]
    public void Every_dimension_set_of_every_metric_adds_the_documents_value_under_its_own_key()
    {
        var totals = new MetricTotals();
        totals.Add(Document("q1", "c5.large", runnableSeconds: 12));
        totals.Add(Document("q1", "m6g.xlarge", runnableSeconds: 30));
        totals.Add(Document("q2", "c5.large", runnableSeconds: 5));

        var sorted = totals.ToSorted();

        sorted.Keys.Should().Equal("RUNNABLE", "RunnableSeconds"); // ordinal: upper case first
        sorted["RUNNABLE"].Should().Equal(new Dictionary<string, double>
        {
            ["JobQueue=q1"] = 2,
            ["JobQueue=q1,InstanceType=c5.large"] = 1,
            ["JobQueue=q1,InstanceType=m6g.xlarge"] = 1,
            ["JobQueue=q2"] = 1,
            ["JobQueue=q2,InstanceType=c5.large"] = 1,
        });
        sorted["RunnableSeconds"]["JobQueue=q1"].Should().Be(42);
        sorted["RunnableSeconds"]["JobQueue=q2,InstanceType=c5.large"].Should().Be(5);
        sorted["RUNNABLE"].Keys.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public void Long_dimension_values_make_whole_keys()
    {
        var queue = new string('q', 1000);
        var totals = new MetricTotals();
        totals.Add(Document(queue, "c5.large", runnableSeconds: 1));
        totals.Add(Document(queue, "c5.large", runnableSeconds: 1));

        totals.ToSorted()["RUNNABLE"][$"JobQueue={queue},InstanceType=c5.large"].Should().Be(2);
    }

    private static EmfDocument Document(string queue, string instanceType, double runnableSeconds)
    {
        var builder = new EmfDocumentBuilder("AWSBatchMetrics", 1_700_000_000_000);
        builder.Dimension("JobQueue", queue);
        builder.Dimension("InstanceType", instanceType);
        builder.Metric("RUNNABLE", "Count", 1, [["JobQueue"], ["JobQueue", "InstanceType"]]);
        builder.Metric("RunnableSeconds", "Seconds", runnableSeconds, [["JobQueue"], ["JobQueue", "InstanceType"]]);
        return builder.Build().Single();
    }
}
