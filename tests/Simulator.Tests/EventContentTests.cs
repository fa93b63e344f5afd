using System.Globalization;
using System.Text.Json;

namespace BatchRuntimeMonitor.Tests.Simulator;

public sealed class EventContentTests(DayFixture fixture) : IClassFixture<DayFixture>
{
    private static readonly string[] EnvelopeFields = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"];

    private SimulatedDay Day => fixture.Day;

    [Fact]
    public void Every_line_is_an_EventBridge_event_with_all_envelope_fields_and_a_whole_second_time()
    {
        var lines = 0;
        foreach (var e in Day.AllEvents())
        {
            lines++;
            foreach (var field in EnvelopeFields)
            {
                e.TryGetProperty(field, out _).Should().BeTrue($"every event has \"{field}\"");
            }

            e.GetProperty("version").GetString().Should().Be("0");
            var time = e.GetProperty("time").GetString()!;
            DateTimeOffset.TryParseExact(time, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
                .Should().BeTrue($"\"{time}\" has whole-second resolution like EventBridge times");
            e.GetProperty("detail").ValueKind.Should().Be(JsonValueKind.Object);
        }

        lines.Should().Be((int)Day.Summary.LinesWritten);
    }

    [Fact]
    public void A_500_job_day_has_every_event_kind()
    {
        var kinds = Day.AllEvents().Select(EventKinds.Of).ToHashSet();

        kinds.Should().Contain(EventKinds.All);
    }

    [Fact]
    public void Files_hold_their_own_sources()
    {
        Day.Lines("batch.jsonl").Select(e => e.GetProperty("source").GetString()).Distinct().Should().Equal("aws.batch");
        Day.Lines("ecs.jsonl").Select(e => e.GetProperty("source").GetString()).Distinct().Should().Equal("aws.ecs");
        Day.Lines("cloudtrail.jsonl").Select(e => e.GetProperty("detail-type").GetString()).Distinct().Should().Equal("AWS API Call via CloudTrail");
    }

    [Fact]
    public void The_day_shows_every_job_status_and_instance_state()
    {
        var jobStatuses = Day.Lines("batch.jsonl").Select(e => e.GetProperty("detail").GetProperty("status").GetString()).ToHashSet();
        var instanceStatuses = Day.Lines("ecs.jsonl")
            .Where(e => EventKinds.Of(e) == "ECS Container Instance State Change")
            .Select(e => e.GetProperty("detail").GetProperty("status").GetString())
            .ToHashSet();

        jobStatuses.Should().BeEquivalentTo(["PENDING", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED", "FAILED"]);
        instanceStatuses.Should().BeEquivalentTo(["ACTIVE", "DRAINING", "INACTIVE"]);
    }

    [Fact]
    public void Retries_failures_OOM_and_Fargate_jobs_appear()
    {
        var batch = Day.Lines("batch.jsonl").Select(e => e.GetProperty("detail")).ToList();

        batch.Should().Contain(d => d.GetProperty("status").GetString() == "RUNNABLE" && d.GetProperty("attempts").GetArrayLength() > 0, "a retried job is RUNNABLE again with its failed attempt");
        batch.Should().Contain(d => d.Str("status") == "FAILED" && (d.Prop("container").Str("reason") ?? "").StartsWith("OutOfMemoryError", StringComparison.Ordinal));
        batch.Should().Contain(d => d.GetProperty("platformCapabilities")[0].GetString() == "FARGATE" && d.Str("status") == "SUCCEEDED" && d.Prop("container").Has("taskArn") && !d.Prop("container").Has("containerInstanceArn"));
        Day.Lines("ecs.jsonl").Should().Contain(e => e.Prop("detail").Str("launchType") == "FARGATE");
    }

    [Fact]
    public void RunTask_calls_are_made_by_Batch_with_system_tags_redacted_overrides_and_some_failures()
    {
        var calls = Day.Lines("cloudtrail.jsonl").Where(e => EventKinds.Of(e) == "RunTask").Select(e => e.GetProperty("detail")).ToList();

        calls.Should().OnlyContain(d => d.GetProperty("userIdentity").GetProperty("invokedBy").GetString() == "batch.amazonaws.com");
        calls.Should().OnlyContain(d => d.GetProperty("requestParameters").GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("key").GetString()).Contains("aws:batch:job-queue"));
        calls.Should().OnlyContain(d => d.GetProperty("requestParameters").GetProperty("overrides").GetProperty("containerOverrides")[0].GetProperty("environment")
            .EnumerateArray().All(v => v.GetProperty("value").GetString() == "HIDDEN_DUE_TO_SECURITY_REASONS"));
        calls.Should().Contain(d => d.GetProperty("responseElements").GetProperty("failures").GetArrayLength() > 0);
    }

    [Fact]
    public void ECS_names_follow_Batch_conventions()
    {
        var clusters = Day.Lines("ecs.jsonl").Select(e => e.GetProperty("detail").GetProperty("clusterArn").GetString()!.Split('/')[1]).ToHashSet();
        var instanceArns = Day.Lines("ecs.jsonl").Where(e => EventKinds.Of(e) == "ECS Container Instance State Change")
            .Select(e => e.GetProperty("detail").GetProperty("containerInstanceArn").GetString()!).ToList();
        var logStreams = Day.Lines("batch.jsonl").Select(e => e.GetProperty("detail").GetProperty("container"))
            .Where(c => c.Has("logStreamName")).Select(c => c.GetProperty("logStreamName").GetString()!).ToList();

        clusters.Should().Contain(c => c.Contains("_Batch_", StringComparison.Ordinal)).And.Contain(c => c.StartsWith("AWSBatch-", StringComparison.Ordinal));
        instanceArns.Should().OnlyContain(a => System.Text.RegularExpressions.Regex.IsMatch(a, "^arn:aws:ecs:us-east-1:123456789012:container-instance/[^/]+/[0-9a-f]{32}$"));
        logStreams.Should().NotBeEmpty().And.OnlyContain(s => System.Text.RegularExpressions.Regex.IsMatch(s, "^[a-z0-9-]+/default/[0-9a-f]{32}$"));
    }
}
