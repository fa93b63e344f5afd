using System.Text.Json;

namespace BatchRuntimeMonitor.Tests.Simulator;

/// <summary>
/// The ground truth is written from the model; these tests check it is internally consistent and agrees with
/// the events (read back here only to check, never by the simulator).
/// </summary>
public sealed class GroundTruthTests(DayFixture fixture) : IClassFixture<DayFixture>
{
    private static readonly string[] RowFields =
    [
        "JobId", "JobName", "Status", "JobQueue", "JobDefinition", "ComputeEnvironment", "InstanceId", "InstanceType",
        "AvailabilityZone", "Architecture", "LogStreamName", "ExitCode", "StatusReason", "Attempts", "ParentJobId",
        "ArrayIndex", "RunnableSeconds", "StartingSeconds", "RunningSeconds",
    ];

    private SimulatedDay Day => fixture.Day;

    private List<JsonElement> Rows => Day.GroundTruth().GetProperty("jobs").EnumerateArray().ToList();

    private long Total(string metric, string dimension) =>
        Day.GroundTruth().GetProperty("metrics").Prop(metric).ValueKind == JsonValueKind.Object
            ? Day.GroundTruth().GetProperty("metrics").GetProperty(metric).EnumerateObject()
                .Where(p => p.Name.StartsWith(dimension + "=", StringComparison.Ordinal) && !p.Name.Contains(',', StringComparison.Ordinal))
                .Sum(p => p.Value.GetInt64())
            : 0;

    [Fact]
    public void It_has_one_row_per_job_with_exactly_the_documented_fields()
    {
        Rows.Should().HaveCount(Day.Options.Jobs);
        Rows.Select(r => r.GetProperty("JobId").GetString()).Should().OnlyHaveUniqueItems();
        Rows.Should().OnlyContain(r => r.EnumerateObject().Select(p => p.Name).SequenceEqual(RowFields));
        Rows.Select(r => r.GetProperty("Status").GetString()).Distinct().Should().BeEquivalentTo(["SUCCEEDED", "FAILED"]);
    }

    [Fact]
    public void Status_totals_count_each_job_once()
    {
        Total("SUCCEEDED", "JobQueue").Should().Be(Rows.Count(r => r.Str("Status") == "SUCCEEDED"));
        Total("FAILED", "JobQueue").Should().Be(Rows.Count(r => r.Str("Status") == "FAILED"));
        Total("SUBMITTED", "JobQueue").Should().Be(Rows.Count(r => r.GetProperty("ParentJobId").ValueKind == JsonValueKind.Null));
        Total("SUBMITTED", "JobDefinition").Should().Be(Total("SUBMITTED", "JobQueue"));
        Total("STARTING", "JobQueue").Should().Be(Rows.Count(r => r.GetProperty("StartingSeconds").ValueKind != JsonValueKind.Null));
        Total("RUNNABLE", "JobQueue").Should().BeGreaterThanOrEqualTo(Total("STARTING", "JobQueue"));
    }

    [Fact]
    public void Status_totals_match_the_distinct_jobs_seen_in_Batch_events()
    {
        var firstSeen = Day.Lines("batch.jsonl").Where(e => EventKinds.Of(e) == "Batch Job State Change")
            .Select(e => (Job: e.GetProperty("detail").Str("jobId"), Status: e.GetProperty("detail").Str("status")))
            .Distinct()
            .GroupBy(p => p.Status)
            .ToDictionary(g => g.Key!, g => (long)g.Count());

        foreach (var status in new[] { "PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED" })
        {
            Total(status, "JobQueue").Should().Be(firstSeen.GetValueOrDefault(status), status);
        }
    }

    [Fact]
    public void Placement_and_instance_totals_agree_with_each_other_and_with_the_CloudTrail_calls()
    {
        var calls = Day.Lines("cloudtrail.jsonl").GroupBy(e => e.GetProperty("detail").GetProperty("eventID").GetString()).Select(g => g.First()).ToList();
        var runTasks = calls.Where(e => EventKinds.Of(e) == "RunTask").ToList();
        var failures = runTasks.Sum(e => e.GetProperty("detail").GetProperty("responseElements").GetProperty("failures").GetArrayLength());

        Total("RunTaskCalls", "JobQueue").Should().Be(runTasks.Count);
        Total("RunTaskCalls", "ComputeEnvironment").Should().Be(runTasks.Count);
        Day.GroundTruth().GetProperty("metrics").GetProperty("PlacementFailures").EnumerateObject()
            .Where(p => p.Name.StartsWith("JobQueue=", StringComparison.Ordinal)).Sum(p => p.Value.GetInt64()).Should().Be(failures);
        Total("JobsPlaced", "JobQueue").Should().Be(runTasks.Count - failures).And.Be(Rows.Sum(r => r.GetProperty("Attempts").GetInt32()));
        Total("RegisterContainerInstance", "InstanceType").Should().Be(Day.Summary.Instances);
        Total("DeregisterContainerInstance", "AvailabilityZone").Should().Be(Day.Summary.Instances);
        Total("JobQueueBlocked", "JobQueue").Should().Be(2);
    }

    [Fact]
    public void Duration_totals_are_the_sums_of_the_rows()
    {
        foreach (var metric in new[] { "RunnableSeconds", "StartingSeconds", "RunningSeconds" })
        {
            var fromRows = Rows.Where(r => r.GetProperty(metric).ValueKind == JsonValueKind.Number).Sum(r => r.GetProperty(metric).GetDecimal());
            var total = Day.GroundTruth().GetProperty("metrics").GetProperty(metric).EnumerateObject()
                .Where(p => p.Name.StartsWith("JobQueue=", StringComparison.Ordinal)).Sum(p => p.Value.GetDecimal());
            total.Should().Be(fromRows, metric);
        }
    }

    [Fact]
    public void Running_seconds_of_a_row_match_its_last_attempt_in_the_terminal_event()
    {
        var terminal = Day.Lines("batch.jsonl").Select(e => e.GetProperty("detail"))
            .Where(d => d.Str("status") is "SUCCEEDED" or "FAILED" && d.GetProperty("attempts").GetArrayLength() > 0)
            .GroupBy(d => d.Str("jobId")!)
            .ToDictionary(g => g.Key, g => g.First().GetProperty("attempts").EnumerateArray().Last());

        foreach (var row in Rows.Where(r => r.GetProperty("RunningSeconds").ValueKind == JsonValueKind.Number))
        {
            var attempt = terminal[row.Str("JobId")!];
            var expected = (attempt.GetProperty("stoppedAt").GetInt64() - attempt.GetProperty("startedAt").GetInt64()) / 1000m;
            row.GetProperty("RunningSeconds").GetDecimal().Should().Be(expected);
            row.Str("LogStreamName").Should().Be(attempt.GetProperty("container").Str("logStreamName"));
        }
    }

    [Fact]
    public void Array_children_name_their_parent_and_index()
    {
        var children = Rows.Where(r => r.GetProperty("ParentJobId").ValueKind == JsonValueKind.String).ToList();

        children.Should().NotBeEmpty();
        children.Should().OnlyContain(r => r.Str("JobId") == $"{r.Str("ParentJobId")}:{r.GetProperty("ArrayIndex").GetInt32()}");
        Rows.Should().Contain(r => r.Str("InstanceType") == "FARGATE" && r.Str("InstanceId") == "FARGATE");
        Rows.Should().Contain(r => r.GetProperty("Attempts").GetInt32() > 1);
        Rows.Should().Contain(r => r.Str("StatusReason") == "Dependent Job failed" || r.Str("Status") == "FAILED");
    }
}
