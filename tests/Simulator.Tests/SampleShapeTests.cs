using System.Text.Json;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Simulator;

/// <summary>
/// For each real sample in shared/events, a generated event of the same kind has at least the sample's
/// top-level detail keys, except keys that belong to features the simulator does not model (listed per sample).
/// </summary>
public sealed class SampleShapeTests(DayFixture fixture) : IClassFixture<DayFixture>
{
    public static TheoryData<string, string, string[]> Samples => new()
    {
        { "batch-job/awsdocs-batch-runnable-2022.json", "batch RUNNABLE EC2", [] },
        { "batch-job/awsdocs-job-queue-blocked-runnable.json", "batch blocked", [] },
        { "batch-job/calcloud-failed-oom-reason.json", "batch FAILED EC2 with attempts", [] },
        // ecsProperties, shareIdentifier, schedulingPriority: multi-container jobs and fair-share queues, not modelled.
        { "batch-job/aws-batch-runtime-monitoring-ecsproperties-running.json", "batch RUNNING EC2", ["ecsProperties", "shareIdentifier", "schedulingPriority"] },
        { "batch-job/aws-batch-runtime-monitoring-ecsproperties-succeeded.json", "batch SUCCEEDED EC2", ["ecsProperties", "shareIdentifier", "schedulingPriority"] },
        // nodeProperties: multi-node parallel jobs, not modelled.
        { "batch-job/aws-lambda-dotnet-runnable-fargate.json", "batch RUNNABLE FARGATE", ["nodeProperties"] },
        { "ecs-container-instance/awsdocs-ecs-container-instance-2016.json", "instance ACTIVE", [] },
        { "ecs-task/awsdocs-ecs-ec2-running-2016.json", "task RUNNING EC2", [] },
        { "ecs-task/awsdocs-ecs-fargate-running-2020.json", "task RUNNING FARGATE", [] },
        // A console user's session flag and TLS details do not appear on calls an AWS service makes for you.
        { "cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json", "CreateAutoScalingGroup", ["sessionCredentialFromConsole", "tlsDetails"] },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Generated_detail_has_the_keys_of_the_real_sample(string sample, string generatedKind, string[] notModelled)
    {
        using var document = JsonDocument.Parse(SharedEvents.Read(sample));
        var sampleDetail = SharedEvents.IsRawCloudTrailRecord(sample) ? document.RootElement : document.RootElement.GetProperty("detail");
        var expected = sampleDetail.EnumerateObject().Select(p => p.Name).Except(notModelled).ToList();

        var generated = fixture.Day.AllEvents().Where(e => Matches(e, generatedKind)).Select(e => e.GetProperty("detail")).FirstOrDefault();

        generated.ValueKind.Should().Be(JsonValueKind.Object, $"the day has a \"{generatedKind}\" event");
        generated.EnumerateObject().Select(p => p.Name).Should().Contain(expected);
        if (!SharedEvents.IsRawCloudTrailRecord(sample))
        {
            document.RootElement.EnumerateObject().Select(p => p.Name).Should().BeSubsetOf(fixture.Day.AllEvents().First().EnumerateObject().Select(p => p.Name));
        }
    }

    private static bool Matches(JsonElement e, string kind)
    {
        var d = e.GetProperty("detail");
        var platform = d.Prop("platformCapabilities").ValueKind == JsonValueKind.Array && d.GetProperty("platformCapabilities").GetArrayLength() > 0
            ? d.GetProperty("platformCapabilities")[0].GetString()
            : null;
        var isBatchChange = EventKinds.Of(e) == "Batch Job State Change";
        return kind switch
        {
            "batch blocked" => EventKinds.Of(e) == "Batch Job Queue Blocked",
            "batch FAILED EC2 with attempts" => isBatchChange && d.Str("status") == "FAILED" && platform == "EC2" && d.GetProperty("attempts").GetArrayLength() > 0,
            "instance ACTIVE" => EventKinds.Of(e) == "ECS Container Instance State Change" && d.Str("status") == "ACTIVE",
            "task RUNNING EC2" => EventKinds.Of(e) == "ECS Task State Change" && d.Str("lastStatus") == "RUNNING" && d.Str("launchType") == "EC2",
            "task RUNNING FARGATE" => EventKinds.Of(e) == "ECS Task State Change" && d.Str("lastStatus") == "RUNNING" && d.Str("launchType") == "FARGATE",
            "CreateAutoScalingGroup" => EventKinds.Of(e) == "CreateAutoScalingGroup",
            _ when kind.StartsWith("batch ", StringComparison.Ordinal) =>
                isBatchChange && d.Str("status") == kind.Split(' ')[1] && platform == kind.Split(' ')[2],
            _ => throw new ArgumentException(kind),
        };
    }
}
