using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Jobs;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// Builders and job emission collectors reuse their documents from one build to the next: what they write must not
/// depend on what they built before.
/// </summary>
public class EmfBuilderReuseTests
{
    private const long EventTime = 1_700_000_000_123;

    [Fact]
    public void A_reset_builder_writes_the_same_lines_as_a_new_one()
    {
        var reused = Describe(new EmfDocumentBuilder("other", 1), many: true);
        var before = Lines(reused.Build());

        Lines(Describe(reused.Reset("ns", EventTime), many: false).Build()).Should().Equal(Lines(Describe(new EmfDocumentBuilder("ns", EventTime), many: false).Build()));
        Lines(Describe(reused.Reset("other", 1), many: true).Build()).Should().Equal(before, "a builder that wrote one document can write several again");
    }

    [Fact]
    public void Building_twice_gives_the_same_documents()
    {
        var builder = Describe(new EmfDocumentBuilder("ns", EventTime), many: false);
        var first = Lines(builder.Build());
        Lines(builder.Build()).Should().Equal(first);
    }

    [Fact]
    public void A_reused_collector_writes_the_same_lines_as_a_new_one()
    {
        var reused = new JobEmissions();
        Lines(reused.Collect(Job("other", JobStatus.Failed, withDurations: true), "ns").Documents).Should().NotBeEmpty();

        var expected = Lines(new JobEmissions().Collect(Job("job-1", JobStatus.Running, withDurations: false), "ns").Documents);
        Lines(reused.Collect(Job("job-1", JobStatus.Running, withDurations: false), "ns").Documents).Should().Equal(expected).And.NotBeEmpty();
    }

    [Fact]
    public void A_reused_collector_writes_the_same_insight_as_a_new_one()
    {
        var reused = new JobEmissions();
        reused.Collect(Job("other", JobStatus.Failed, withDurations: true), "ns").Insight.Should().NotBeNull();

        var expected = new JobEmissions().Collect(Job("job-1", JobStatus.Succeeded, withDurations: false), "ns").Insight!;
        var insight = reused.Collect(Job("job-1", JobStatus.Succeeded, withDurations: false), "ns").Insight!;
        Json(insight).Should().Be(Json(expected)).And.Contain("\"Status\":\"SUCCEEDED\"").And.NotContain("RunningSeconds", "the reused record had one; this job has none");
    }

    [Fact]
    public void A_collection_with_nothing_new_has_no_documents()
    {
        var collector = new JobEmissions();
        var job = Job("job-1", JobStatus.Succeeded, withDurations: true);
        collector.Collect(job, "ns").Documents.Should().NotBeEmpty();

        var again = collector.Collect(job, "ns");
        again.Documents.Should().BeEmpty("duplicates never count");
        again.Insight.Should().BeNull();
    }

    private static EmfDocumentBuilder Describe(EmfDocumentBuilder builder, bool many)
    {
        builder.Dimension("JobQueue", "q1").Dimension("InstanceType", "m5.large").Property("JobId", "job-1")
            .Metric("RUNNING", "Count", 1, [["JobQueue"], ["InstanceType"]])
            .Metric("RunnableSeconds", "Seconds", 12.5, [["JobQueue"]])
            .Metric("Unknown", "Count", 1, [["ComputeEnvironment"]]);
        for (var i = 0; many && i < 150; i++)
        {
            builder.Metric($"M{i:000}", "Count", i, [["JobQueue"]]);
        }

        return builder;
    }

    private static string Json(JobInsight insight) => System.Text.Json.JsonSerializer.Serialize(insight, BatchRuntimeMonitor.Core.Json.CoreJsonContext.Default.JobInsight);

    private static List<string> Lines(IReadOnlyList<EmfDocument> documents) => documents.Select(EmfWriter.ToJson).ToList();

    private static JobRecord Job(string jobId, string terminalOrLatest, bool withDurations)
    {
        var attempt = new AttemptObservation("arn:aws:ecs:us-east-1:123456789012:task/c/" + jobId)
        {
            TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/c/" + jobId,
            ContainerInstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/c/i1",
            InstanceType = "m5.large",
            AvailabilityZone = "us-east-1a",
            Architecture = "x86_64",
            StartedAt = EventTime + 10_000,
            StoppedAt = withDurations ? EventTime + 70_000 : null,
        };
        var job = JobLedger.Merge(null, new JobObservation(jobId)
        {
            JobQueue = "q1",
            JobDefinition = "def:1",
            ComputeEnvironment = "ce1",
            CreatedAt = EventTime,
            Status = JobStatus.Runnable,
            StatusAt = EventTime + 1_000,
            Attempts = [attempt],
        });
        return JobLedger.Merge(job, new JobObservation(jobId) { Status = terminalOrLatest, StatusAt = EventTime + 80_000 });
    }
}
