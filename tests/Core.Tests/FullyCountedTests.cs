using System.Text.Json;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Emf;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// JobEmissions skips a status, duration or placement once every one of its dimension sets is in the job's Emitted
/// (which only grows). These hold the skipping to the full check it stands for: a record read back from a store
/// (a new Emitted, nothing remembered) gets the same documents at every step, and a metric counted in only some
/// sets is still counted in the others once their values are known.
/// </summary>
public class FullyCountedTests
{
    private const long T0 = 1_700_000_000_000;
    private const string TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/AWSBatch-ce1-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/0123456789abcdef";
    private const string InstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce1-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/i1";

    [Fact]
    public void Every_step_of_a_job_gives_what_the_same_record_read_back_from_a_store_gives()
    {
        var collector = new JobEmissions();
        var fresh = new JobEmissions();
        JobRecord? job = null;
        var total = 0;
        foreach (var observation in Lifecycle())
        {
            job = JobLedger.Merge(job, observation);
            var stored = JsonSerializer.Deserialize(JsonSerializer.Serialize(job, CoreJsonContext.Default.JobRecord), CoreJsonContext.Default.JobRecord)!;
            stored.Emitted = new SortedSet<string>(stored.Emitted, StringComparer.Ordinal);

            var expected = Lines(fresh.Collect(stored, "ns").Documents);
            var lines = Lines(collector.Collect(job, "ns").Documents);

            lines.Should().Equal(expected, $"after {observation.Status ?? "the placement"} both count the same");
            job.Emitted.Should().Equal(stored.Emitted);
            total += lines.Count;
        }

        total.Should().BeGreaterThan(5, "the lifecycle counts statuses, placement and durations");
        Lines(collector.Collect(job!, "ns").Documents).Should().BeEmpty("everything is counted");
    }

    [Fact]
    public void A_record_given_another_Emitted_is_checked_in_full_again()
    {
        var collector = new JobEmissions();
        JobRecord? job = null;
        foreach (var observation in Lifecycle())
        {
            job = JobLedger.Merge(job, observation);
            collector.Collect(job, "ns");
        }

        var counted = job!.Emitted;
        job.Emitted = new SortedSet<string>(StringComparer.Ordinal);
        var again = Lines(collector.Collect(job, "ns").Documents);

        again.Should().NotBeEmpty("nothing is remembered for a set the job did not count in");
        job.Emitted.Should().BeEquivalentTo(counted, "the same keys are counted again in the new set");
    }

    [Fact]
    public void A_status_counted_before_its_instance_was_known_is_counted_in_the_instance_sets_once_it_is()
    {
        var collector = new JobEmissions();
        var job = JobLedger.Merge(null, Running(instanceType: null));
        var before = Lines(collector.Collect(job, "ns").Documents);
        before.Should().Contain(line => line.Contains("\"RUNNING\":1", StringComparison.Ordinal)).And.NotContain(line => line.Contains("\"InstanceType\"", StringComparison.Ordinal));
        Lines(collector.Collect(job, "ns").Documents).Should().BeEmpty();

        job = JobLedger.Merge(job, Running(instanceType: "m5.large"));
        var after = Lines(collector.Collect(job, "ns").Documents);

        after.Should().Contain(line => line.Contains("\"RUNNING\":1", StringComparison.Ordinal) && line.Contains("[\"InstanceType\"]", StringComparison.Ordinal));
        after.Should().Contain(line => line.Contains("\"JobsPlaced\":1", StringComparison.Ordinal) && line.Contains("[\"InstanceType\"]", StringComparison.Ordinal));
    }

    private static IEnumerable<JobObservation> Lifecycle()
    {
        yield return new JobObservation("job-1") { JobQueue = "q1", JobDefinition = "def:1", CreatedAt = T0, Status = JobStatus.Submitted, StatusAt = T0 };
        yield return new JobObservation("job-1") { Status = JobStatus.Runnable, StatusAt = T0 + 1_000 };
        yield return new JobObservation("job-1") { Status = JobStatus.Starting, StatusAt = T0 + 5_000, Attempts = [Attempt(instanceType: null, started: null, stopped: null)] };
        yield return Running(instanceType: null);
        yield return new JobObservation("job-1") { ComputeEnvironment = "ce1", Attempts = [Attempt("m5.large", T0 + 6_000, null)] };
        yield return new JobObservation("job-1") { Status = JobStatus.Running, StatusAt = T0 + 7_000 };
        yield return new JobObservation("job-1") { Status = JobStatus.Succeeded, StatusAt = T0 + 60_000, Attempts = [Attempt("m5.large", T0 + 6_000, T0 + 59_000)] };
    }

    private static JobObservation Running(string? instanceType) => new("job-1")
    {
        JobQueue = "q1",
        JobDefinition = "def:1",
        ComputeEnvironment = "ce1",
        Status = JobStatus.Running,
        StatusAt = T0 + 6_500,
        Attempts = [Attempt(instanceType, T0 + 6_000, null)],
    };

    private static AttemptObservation Attempt(string? instanceType, long? started, long? stopped) => new(TaskArn)
    {
        TaskArn = TaskArn,
        ContainerInstanceArn = InstanceArn,
        InstanceType = instanceType,
        AvailabilityZone = instanceType is null ? null : "us-east-1a",
        Architecture = instanceType is null ? null : "x86_64",
        StartedAt = started,
        StoppedAt = stopped,
    };

    private static List<string> Lines(IReadOnlyList<EmfDocument> documents) => documents.Select(EmfWriter.ToJson).ToList();
}
