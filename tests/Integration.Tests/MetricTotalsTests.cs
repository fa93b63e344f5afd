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

    [Fact]
    public void Equal_values_in_other_string_instances_add_to_the_same_totals_as_shared_ones()
    {
        // Totals are found by the identities of their strings first: copies of the text must still meet them.
        var shared = new MetricTotals();
        var copied = new MetricTotals();
        for (var i = 0; i < 5; i++)
        {
            shared.Add(Document("q1", "c5.large", runnableSeconds: i));
            copied.Add(Document(new string("q1".AsSpan()), new string("c5.large".AsSpan()), runnableSeconds: i));
        }

        copied.ToSorted().Should().BeEquivalentTo(shared.ToSorted());
        copied.ToSorted()["RunnableSeconds"]["JobQueue=q1,InstanceType=c5.large"].Should().Be(10);
    }

    [Fact]
    public void Thousands_of_distinct_totals_each_keep_their_own_sum()
    {
        // More totals than the identity cache has slots: evicted and colliding entries must fall back to the key.
        var queues = Enumerable.Range(0, 3000).Select(i => $"queue-{i}").ToArray();
        var totals = new MetricTotals();
        for (var round = 1; round <= 3; round++)
        {
            foreach (var queue in queues)
            {
                totals.Add(Document(queue, "c5.large", runnableSeconds: round));
            }
        }

        var runnable = totals.ToSorted()["RunnableSeconds"];
        runnable.Should().HaveCount(2 * queues.Length);
        runnable.Values.Should().OnlyContain(total => total == 6);
        totals.ToSorted()["RUNNABLE"]["JobQueue=queue-2999"].Should().Be(3);
    }

    [Fact]
    public void Sets_longer_than_the_identity_cache_takes_are_totalled_by_their_key()
    {
        string[] names = ["A", "B", "C", "D", "E"];
        var totals = new MetricTotals();
        for (var i = 0; i < 2; i++)
        {
            var builder = new EmfDocumentBuilder("AWSBatchMetrics", 1_700_000_000_000);
            foreach (var name in names)
            {
                builder.Dimension(name, name.ToLowerInvariant());
            }

            builder.Metric("Wide", "Count", 1, [names, ["A", "B", "C", "D"]]);
            totals.Add(builder.Build().Single());
        }

        totals.ToSorted()["Wide"].Should().Equal(new Dictionary<string, double>
        {
            ["A=a,B=b,C=c,D=d"] = 2,
            ["A=a,B=b,C=c,D=d,E=e"] = 2,
        });
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
