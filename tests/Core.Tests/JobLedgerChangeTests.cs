using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>
/// <see cref="JobLedger.Merge(JobRecord?, JobObservation, out bool)"/> says whether the merge changed the record, and the
/// ledger writer neither collects nor writes a merge that changed nothing: so "changed" must be true exactly when any
/// stored value differs, for every field, whatever the order and duplicates of the observations.
/// </summary>
public class JobLedgerChangeTests
{
    private const string JobId = "job-1";

    [Fact]
    public void A_new_record_is_a_change_and_the_same_observation_again_is_none()
    {
        var observation = new JobObservation(JobId) { Status = JobStatus.Runnable, StatusAt = 1000, JobQueue = "q" };

        var record = JobLedger.Merge(null, observation, out var created);
        var before = Json(record);
        JobLedger.Merge(record, observation, out var again);

        created.Should().BeTrue();
        again.Should().BeFalse();
        Json(record).Should().Be(before);
    }

    public static TheoryData<string> SingleFieldObservations() => new(FieldObservations().Keys);

    [Theory]
    [MemberData(nameof(SingleFieldObservations))]
    public void Each_field_an_observation_fills_in_is_a_change_once(string field)
    {
        var observation = FieldObservations()[field];
        var record = JobLedger.Merge(null, new JobObservation(JobId), out _);
        var empty = Json(record);

        JobLedger.Merge(record, observation, out var first);
        var filled = Json(record);
        JobLedger.Merge(record, observation, out var second);

        filled.Should().NotBe(empty, "the observation of {0} says something", field);
        first.Should().BeTrue();
        second.Should().BeFalse("{0} is already held", field);
        Json(record).Should().Be(filled);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Changed_is_true_exactly_when_the_stored_record_differs_in_any_order_with_duplicates(int seed)
    {
        var random = new Random(seed);
        var pool = Enumerable.Range(0, 12).Select(_ => RandomObservation(random)).ToList();
        JobRecord? record = null;
        var changes = 0;
        var unchanged = 0;
        for (var i = 0; i < 200; i++)
        {
            // Drawn with replacement: duplicates, and times going backwards as often as forwards.
            var observation = pool[random.Next(pool.Count)];
            var before = record is null ? null : Json(record);
            record = JobLedger.Merge(record, observation, out var changed);

            changed.Should().Be(before != Json(record), "merge {0} of seed {1} ({2})", i, seed, observation);
            _ = changed ? changes++ : unchanged++;
        }

        changes.Should().BeGreaterThan(1);
        unchanged.Should().BeGreaterThan(100, "most draws repeat what the record holds");
    }

    [Fact]
    public async Task A_duplicate_event_writes_nothing_and_counts_nothing()
    {
        var run = new Processors();
        var record = PipelineJson.Record(RecordKind.JobStateChange, PipelineJson.SharedEvent("batch-job/calcloud-failed-oom-reason.json"));
        await run.ApplyAsync(record);
        var jobId = record["event"]!["detail"]!["jobId"]!.GetValue<string>();
        var version = (await run.Stores.Jobs.GetAsync(jobId, CancellationToken.None))!.Value.Version;
        var lines = run.Output.Observations().Count;
        var stored = run.JobJson(jobId);

        await run.ApplyAsync(record);
        await run.ApplyAsync(record);

        (await run.Stores.Jobs.GetAsync(jobId, CancellationToken.None))!.Value.Version.Should().Be(version, "nothing changed, so nothing was written");
        run.Output.Observations().Should().HaveCount(lines);
        run.JobJson(jobId).Should().Be(stored);
    }

    [Fact]
    public async Task An_older_event_after_a_newer_one_is_still_merged_and_counted()
    {
        var run = new Processors();
        var failed = PipelineJson.SharedEvent("batch-job/calcloud-failed-oom-reason.json");
        var jobId = failed["detail"]!["jobId"]!.GetValue<string>();
        var earlier = failed.DeepClone().AsObject();
        earlier["detail"]!["status"] = "RUNNABLE";
        earlier["time"] = "2021-11-05T17:00:00Z";

        await run.ApplyAsync(PipelineJson.Record(RecordKind.JobStateChange, failed));
        var version = (await run.Stores.Jobs.GetAsync(jobId, CancellationToken.None))!.Value.Version;
        await run.ApplyAsync(PipelineJson.Record(RecordKind.JobStateChange, earlier));

        (await run.Stores.Jobs.GetAsync(jobId, CancellationToken.None))!.Value.Version.Should().Be(version + 1);
        run.Job(jobId)!.StatusFirstSeen.Should().ContainKey("RUNNABLE");
        run.Output.Observations().Should().Contain(o => o.Metric == "RUNNABLE");
    }

    [Fact]
    public async Task A_repeated_queue_blocked_event_with_another_reason_is_still_counted()
    {
        var run = new Processors();
        var blocked = PipelineJson.SharedEvent("batch-job/awsdocs-job-queue-blocked-runnable.json");
        await run.ApplyAsync(PipelineJson.Record(RecordKind.JobQueueBlocked, blocked));
        var counted = run.Output.Observations().Count(o => o.Metric == "JobQueueBlocked");
        var other = blocked.DeepClone().AsObject();
        other["detail"]!["statusReason"] = "another reason the queue is blocked";

        await run.ApplyAsync(PipelineJson.Record(RecordKind.JobQueueBlocked, other));

        counted.Should().BeGreaterThan(0);
        run.Output.Observations().Count(o => o.Metric == "JobQueueBlocked").Should().Be(2 * counted, "the blocked reason is not in the record, so the event is collected");
    }

    private static Dictionary<string, JobObservation> FieldObservations()
    {
        var attempt = new AttemptObservation("arn:task/1");
        var observations = new Dictionary<string, JobObservation>
        {
            ["JobName"] = new(JobId) { JobName = "n" },
            ["JobQueue"] = new(JobId) { JobQueue = "q" },
            ["JobDefinition"] = new(JobId) { JobDefinition = "d:1" },
            ["ComputeEnvironment"] = new(JobId) { ComputeEnvironment = "ce" },
            ["Platform"] = new(JobId) { Platform = "EC2" },
            ["ParentJobId"] = new(JobId) { ParentJobId = "parent" },
            ["ArrayIndex"] = new(JobId) { ArrayIndex = 3 },
            ["ArraySize"] = new(JobId) { ArraySize = 10 },
            ["NodeIndex"] = new(JobId) { NodeIndex = 0 },
            ["CreatedAt"] = new(JobId) { CreatedAt = 5 },
            ["ObservedAt"] = new(JobId) { ObservedAt = 6 },
            ["Status"] = new(JobId) { Status = JobStatus.Running, StatusAt = 7 },
            ["TerminalStatus"] = new(JobId) { Status = JobStatus.Succeeded, StatusAt = 8 },
            ["StatusReason"] = new(JobId) { Status = JobStatus.Running, StatusAt = 7, StatusReason = "why" },
            ["DependsOn"] = new(JobId) { DependsOn = [new JobDependency("other", "SEQUENTIAL")] },
            ["Attempt"] = new(JobId) { Attempts = [attempt] },
        };
        foreach (var property in typeof(AttemptObservation).GetProperties().Where(p => p.CanWrite && p.Name != nameof(AttemptObservation.Key)))
        {
            object value = property.PropertyType == typeof(string) ? "v" : property.PropertyType == typeof(int?) ? (object)1 : (object)100L;
            var filled = attempt with { };
            property.SetValue(filled, value);
            observations["Attempt." + property.Name] = new JobObservation(JobId) { Attempts = [attempt] } with { Attempts = [filled] };
        }

        return observations;
    }

    private static JobObservation RandomObservation(Random random)
    {
        string? Pick(params string?[] values) => values[random.Next(values.Length)];
        long? Time() => random.Next(3) == 0 ? null : 1000 + random.Next(6) * 100;
        var attempts = Enumerable.Range(0, random.Next(3)).Select(i => new AttemptObservation("arn:task/" + random.Next(2))
        {
            TaskArn = random.Next(2) == 0 ? null : "arn:task/" + random.Next(2),
            ContainerInstanceArn = Pick(null, "arn:ci/1", "arn:ci/2"),
            LogStreamName = Pick(null, "log/1"),
            ExitCode = random.Next(3) == 0 ? random.Next(2) : null,
            StatusReason = Pick(null, "r1", "r2"),
            ContainerReason = Pick(null, "OutOfMemory"),
            StartedAt = Time(),
            StoppedAt = Time(),
            InstanceId = Pick(null, "i-1"),
            InstanceType = Pick(null, "m6g.large", "c5.xlarge"),
            AvailabilityZone = Pick(null, "us-east-1a"),
            Architecture = Pick(null, "arm64"),
        }).ToArray();
        return new JobObservation(JobId)
        {
            JobName = Pick(null, "n1", "n2"),
            JobQueue = Pick(null, "q1", "q2"),
            JobDefinition = Pick(null, "d:1"),
            ComputeEnvironment = Pick(null, "ce1", "ce2"),
            Platform = Pick(null, "EC2", "FARGATE"),
            ParentJobId = Pick(null, "p"),
            ArrayIndex = random.Next(3) == 0 ? random.Next(2) : null,
            ArraySize = random.Next(3) == 0 ? 2 : null,
            NodeIndex = random.Next(4) == 0 ? 0 : null,
            CreatedAt = Time(),
            ObservedAt = Time(),
            Status = Pick(null, JobStatus.Submitted, JobStatus.Runnable, JobStatus.Starting, JobStatus.Running, JobStatus.Succeeded, JobStatus.Failed, "UNKNOWN"),
            StatusAt = Time(),
            StatusReason = Pick(null, "", "reason a", "reason b"),
            Attempts = attempts,
            DependsOn = random.Next(3) == 0 ? [new JobDependency(Pick("a", "b")!, Pick(null, "N_TO_N"))] : [],
        };
    }

    private static string Json(JobRecord record) => JsonSerializer.Serialize(record, CoreJsonContext.Default.JobRecord);
}
