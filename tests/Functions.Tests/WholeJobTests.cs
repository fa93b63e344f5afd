using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;
using BatchRuntimeMonitor.Tests.Functions.Support;

namespace BatchRuntimeMonitor.Tests.Functions;

/// <summary>
/// The aws-batch-runtime-monitoring ecsProperties samples are one job's RUNNABLE, STARTING, RUNNING and SUCCEEDED
/// events, but the RUNNABLE/STARTING pair and the RUNNING/SUCCEEDED pair were captured from two runs. The earlier
/// pair is re-addressed to the later job (job id, ARN, createdAt, and STARTING's task and instance) so the four
/// read as one job; every time stamp is the sample's own.
/// </summary>
public class WholeJobTests
{
    private const string JobId = "7419bcec-23b4-4a65-981b-857c5a9040a5";

    internal static IReadOnlyList<JsonObject> Sequence()
    {
        var running = PipelineJson.SharedEvent("batch-job/aws-batch-runtime-monitoring-ecsproperties-running.json");
        var events = new[] { "runnable", "starting", "running", "succeeded" }
            .Select(s => PipelineJson.SharedEvent($"batch-job/aws-batch-runtime-monitoring-ecsproperties-{s}.json"))
            .ToList();
        foreach (var @event in events.Take(2))
        {
            var detail = @event["detail"]!;
            detail["jobId"] = JobId;
            detail["jobArn"] = running["detail"]!["jobArn"]!.DeepClone();
            detail["createdAt"] = running["detail"]!["createdAt"]!.DeepClone();
        }

        var startingTask = events[1]["detail"]!["ecsProperties"]!["taskProperties"]![0]!;
        var runningTask = running["detail"]!["ecsProperties"]!["taskProperties"]![0]!;
        startingTask["taskArn"] = runningTask["taskArn"]!.DeepClone();
        startingTask["containerInstanceArn"] = runningTask["containerInstanceArn"]!.DeepClone();
        return events;
    }

    private static JsonObject Wrap(JsonObject @event) =>
        PipelineJson.Record(RecordKind.JobStateChange, @event, HandlerTests.ContainerInstanceOf(@event) is { } arn ? HandlerTests.JoinFound(arn) : null);

    [Fact]
    public async Task A_whole_job_gives_one_insight_record_with_the_design_field_names_and_durations_from_the_samples()
    {
        var function = HandlerTests.JobTransitions();
        foreach (var @event in Sequence())
        {
            (await function.InvokeAsync(Wrap(@event))).Should().BeEmpty();
        }

        function.Errors.ToString().Should().BeEmpty();
        function.ShouldWriteOnlyValidEmf();
        var insight = function.InsightLines().Should().ContainSingle().Subject;

        insight["JobName"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        insight["JobId"]!.GetValue<string>().Should().Be(JobId);
        insight["JobQueue"]!.GetValue<string>().Should().Be("batch-job-queue-dev");
        insight["JobDefinition"]!.GetValue<string>().Should().Be("cpu-stress-test-dev:2");
        insight["Status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        insight["StatusReason"]!.GetValue<string>().Should().Be("Essential container in task exited");
        insight["ExitCode"]!.GetValue<int>().Should().Be(0);
        insight["ComputeEnvironment"]!.GetValue<string>().Should().Be("batch-compute-env-dev");
        insight["InstanceId"]!.GetValue<string>().Should().Be("i-0123456789abcdef0");
        insight["InstanceType"]!.GetValue<string>().Should().Be("m5.2xlarge");
        insight["AvailabilityZone"]!.GetValue<string>().Should().Be("us-east-1a");
        insight["Architecture"]!.GetValue<string>().Should().Be("x86_64");
        insight["LogStreamName"]!.GetValue<string>().Should().StartWith("cpu-stress-test-dev/cpu-stress-container/");
        insight["Attempts"]!.GetValue<int>().Should().Be(1);
        insight.ContainsKey("ParentJobId").Should().BeFalse("not an array child or node");
        insight.ContainsKey("ArrayIndex").Should().BeFalse();

        // RUNNABLE 13:17:39 -> STARTING 13:19:25 -> RUNNING 13:23:51 (envelope times); run 1760707430919 -> 1760707731125.
        insight["RunnableSeconds"]!.GetValue<double>().Should().Be(106);
        insight["StartingSeconds"]!.GetValue<double>().Should().Be(266);
        insight["RunningSeconds"]!.GetValue<double>().Should().Be(300.206);

        var totals = MetricObservation.Totals(function.Observations());
        totals.Should().Contain("RunnableSeconds|JobQueue=batch-job-queue-dev", "n=1 sum=106");
        totals.Should().Contain("StartingSeconds|InstanceType=m5.2xlarge", "n=1 sum=266");
        totals.Should().Contain("RunningSeconds|Architecture=x86_64", "n=1 sum=300.206");
        totals.Should().Contain("SUCCEEDED|JobDefinition=cpu-stress-test-dev", "n=1 sum=1");
        totals.Should().Contain("RUNNABLE|JobQueue=batch-job-queue-dev", "n=1 sum=1");
    }

    [Fact]
    public async Task The_terminal_event_repeated_gives_no_second_insight_record_and_no_second_count()
    {
        var function = HandlerTests.JobTransitions();
        var events = Sequence();
        foreach (var @event in events)
        {
            await function.InvokeAsync(Wrap(@event));
        }

        var linesBefore = function.Lines().Count;
        var observationsBefore = MetricObservation.Totals(function.Observations());
        (await function.InvokeAsync(Wrap(events[^1]), Wrap(events[^1]))).Should().BeEmpty();

        function.InsightLines().Should().ContainSingle();
        function.Lines().Should().HaveCount(linesBefore);
        MetricObservation.Totals(function.Observations()).Should().Equal(observationsBefore);
    }
}
