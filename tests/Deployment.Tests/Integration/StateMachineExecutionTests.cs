using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Deployment.Integration;

/// <summary>
/// Runs the committed statemachines/*.asl.json on moto_server (a second, independent ASL interpreter) with real
/// DynamoDB and SQS behind the Task states: every shared sample through its family's machine, plus constructed
/// Batch-owned variants the shared set lacks. Asserts the pipeline record on the right queue, or nothing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StateMachineExecutionTests(MotoStepFunctions moto, ITestOutputHelper output) : IClassFixture<MotoStepFunctions>
{
    private const int MaxAttempts = 3;

    private static readonly string[] Queues = ["InstanceEventsQueue", "TaskEventsQueue", "JobEventsQueue", "AsgEventsQueue", "PipelineDeadLetterQueue"];

    /// <summary>The one sample whose container instance is left out of the table, to see the bounded retry give up.</summary>
    private const string UnknownInstanceSample = "batch-job/calcloud-failed-operator-cancelled.json";

    public static TheoryData<string> Samples() => SharedEvents.AllRelativePaths();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task SharedSample_ShouldProduceItsPipelineRecordOrNothing(string relativePath)
    {
        if (moto.Endpoint is null)
        {
            output.WriteLine($"SKIPPED: {moto.UnavailableReason}");
            return;
        }

        var evt = SampleEvents.Load(relativePath);
        var machine = SampleEvents.MachineOf(relativePath);
        var instance = machine == "job-states" ? SampleEvents.JobContainerInstance(evt) : null;
        var known = instance is not null && relativePath != UnknownInstanceSample ? new[] { instance } : [];

        var outcome = await RunAsync(machine, evt, known);

        outcome.Status.Should().Be("SUCCEEDED", outcome.ToString());
        if (machine != "job-states")
        {
            // ECS samples are from non-Batch clusters; the ASG sample is a console user's call.
            outcome.AllMessages.Should().BeEmpty(outcome.ToString());
            return;
        }

        var record = outcome.Single("JobEventsQueue");
        var kind = (string?)evt["detail-type"] == "Batch Job Queue Blocked" ? "JobQueueBlocked" : "JobStateChange";
        AssertRecord(record, kind, evt);
        if (instance is null)
        {
            record.ContainsKey("join").Should().BeFalse("a Fargate job or a job not yet placed names no container instance");
        }
        else if (known.Length == 1)
        {
            AssertJoinFound(record, instance);
        }
        else
        {
            AssertJoinNotFound(record, instance);
        }
    }

    [Theory]
    [InlineData("batch-job/calcloud-failed-oom-reason.json", "container")]
    [InlineData("batch-job/aws-batch-runtime-monitoring-mnp-main-node-running.json", "ecsProperties")]
    public async Task JobEvent_NamingItsInstanceOnlyInTheLastAttempt_ShouldStillJoin(string relativePath, string removed)
    {
        if (Skip())
        {
            return;
        }

        // Same event without the top-level field, so the machine must read attempts[-1].
        var evt = SampleEvents.With(SampleEvents.Load(relativePath), e => e["detail"]!.AsObject().Remove(removed));
        var instance = SampleEvents.JobContainerInstance(evt);
        instance.Should().NotBeNull();
        var outcome = await RunAsync("job-states", evt, [instance!]);

        outcome.Status.Should().Be("SUCCEEDED", outcome.ToString());
        var record = outcome.Single("JobEventsQueue");
        AssertRecord(record, "JobStateChange", evt);
        AssertJoinFound(record, instance!);
    }

    [Fact]
    public async Task TaskEvent_OnABatchCluster_ShouldJoinItsContainerInstance()
    {
        if (Skip())
        {
            return;
        }

        var evt = SampleEvents.BatchEcsTask("PENDING");
        var instance = (string)evt["detail"]!["containerInstanceArn"]!;
        var outcome = await RunAsync("task-placement", evt, [instance]);

        outcome.Status.Should().Be("SUCCEEDED", outcome.ToString());
        var record = outcome.Single("TaskEventsQueue");
        AssertRecord(record, "TaskStateChange", evt);
        AssertJoinFound(record, instance);
    }

    [Fact]
    public async Task TaskEvent_WhoseInstanceIsNeverRegistered_ShouldGiveUpAfterTheBoundedAttempts()
    {
        if (Skip())
        {
            return;
        }

        var evt = SampleEvents.BatchEcsTask("RUNNING");
        var started = DateTime.UtcNow;
        var outcome = await RunAsync("task-placement", evt, []);

        outcome.Status.Should().Be("SUCCEEDED", outcome.ToString());
        AssertJoinNotFound(outcome.Single("TaskEventsQueue"), (string)evt["detail"]!["containerInstanceArn"]!);
        (DateTime.UtcNow - started).Should().BeGreaterThan(TimeSpan.FromSeconds(MaxAttempts - 1), "it waited JoinWaitSeconds between lookups");
    }

    [Fact]
    public async Task FargateTask_OnABatchCluster_ShouldSkipTheJoin()
    {
        if (Skip())
        {
            return;
        }

        var evt = SampleEvents.BatchFargateTask();
        var outcome = await RunAsync("task-placement", evt, []);

        outcome.Status.Should().Be("SUCCEEDED", outcome.ToString());
        var record = outcome.Single("TaskEventsQueue");
        AssertRecord(record, "TaskStateChange", evt);
        record.ContainsKey("join").Should().BeFalse();
    }

    [Fact]
    public async Task ContainerInstanceEvents_ShouldBeSentOnlyForBatchClusters()
    {
        if (Skip())
        {
            return;
        }

        var stateChange = SampleEvents.BatchContainerInstance();
        var outcome = await RunAsync("instance-registration", stateChange, []);
        outcome.Status.Should().Be("SUCCEEDED", outcome.ToString());
        AssertRecord(outcome.Single("InstanceEventsQueue"), "ContainerInstanceStateChange", stateChange);

        var register = SampleEvents.CloudTrailCall("aws.ecs", "ecs.amazonaws.com", "RegisterContainerInstance", null, new JsonObject { ["cluster"] = "AWSBatch-ce-prod-0a95f22d" });
        outcome = await RunAsync("instance-registration", register, []);
        AssertRecord(outcome.Single("InstanceEventsQueue"), "RegisterContainerInstanceCall", register);

        var deregister = SampleEvents.CloudTrailCall("aws.ecs", "ecs.amazonaws.com", "DeregisterContainerInstance", null, new JsonObject { ["cluster"] = SampleEvents.OldBatchClusterArn });
        outcome = await RunAsync("instance-registration", deregister, []);
        AssertRecord(outcome.Single("InstanceEventsQueue"), "DeregisterContainerInstanceCall", deregister);

        var otherCluster = SampleEvents.CloudTrailCall("aws.ecs", "ecs.amazonaws.com", "RegisterContainerInstance", null, new JsonObject { ["cluster"] = "default" });
        outcome = await RunAsync("instance-registration", otherCluster, []);
        outcome.Status.Should().Be("SUCCEEDED");
        outcome.AllMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task RunTaskCalls_ShouldBeSentOnlyWhenBatchMadeThem()
    {
        if (Skip())
        {
            return;
        }

        var byBatch = SampleEvents.CloudTrailCall("aws.ecs", "ecs.amazonaws.com", "RunTask", "batch.amazonaws.com", new JsonObject { ["cluster"] = SampleEvents.BatchClusterArn });
        var outcome = await RunAsync("runtask-calls", byBatch, []);
        outcome.Status.Should().Be("SUCCEEDED", outcome.ToString());
        AssertRecord(outcome.Single("TaskEventsQueue"), "RunTaskCall", byBatch);

        var byUser = SampleEvents.CloudTrailCall("aws.ecs", "ecs.amazonaws.com", "RunTask", null, new JsonObject { ["cluster"] = SampleEvents.BatchClusterArn });
        outcome = await RunAsync("runtask-calls", byUser, []);
        outcome.Status.Should().Be("SUCCEEDED");
        outcome.AllMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task SubmitJobCall_ShouldBeSentToTheJobQueue()
    {
        if (Skip())
        {
            return;
        }

        var evt = SampleEvents.CloudTrailCall("aws.batch", "batch.amazonaws.com", "SubmitJob", null, new JsonObject { ["jobName"] = "align", ["jobQueue"] = "prod" });
        var outcome = await RunAsync("submit-job", evt, []);
        outcome.Status.Should().Be("SUCCEEDED", outcome.ToString());
        AssertRecord(outcome.Single("JobEventsQueue"), "SubmitJobCall", evt);
    }

    [Fact]
    public async Task AsgCreatedByBatch_ShouldEnableGroupMetricsAndReportIt()
    {
        if (Skip())
        {
            return;
        }

        var evt = SampleEvents.BatchCreateAsg();
        var group = (string)evt["detail"]!["requestParameters"]!["autoScalingGroupName"]!;
        var outcome = await RunAsync("asg-created", evt, [], autoScalingGroup: group);

        outcome.Status.Should().Be("SUCCEEDED", outcome.ToString());
        var record = outcome.Single("AsgEventsQueue");
        AssertRecord(record, "AsgCreated", evt);
        ((bool?)record["metricsCollection"]!["enabled"]).Should().BeTrue(outcome.ToString());
    }

    [Fact]
    public async Task AsgCreatedByBatch_WhenEnablingFails_ShouldStillReportTheGroupWithTheError()
    {
        if (Skip())
        {
            return;
        }

        var evt = SampleEvents.BatchCreateAsg();
        var outcome = await RunAsync("asg-created", evt, []);

        outcome.Status.Should().Be("SUCCEEDED", outcome.ToString());
        var record = outcome.Single("AsgEventsQueue");
        AssertRecord(record, "AsgCreated", evt);
        ((bool?)record["metricsCollection"]!["enabled"]).Should().BeFalse();
        ((string?)record["metricsCollection"]!["error"]).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task SendFailure_ShouldPutTheErrorAndTheEventOnTheDeadLetterQueue()
    {
        if (Skip())
        {
            return;
        }

        var evt = SampleEvents.CloudTrailCall("aws.batch", "batch.amazonaws.com", "SubmitJob", null, new JsonObject { ["jobName"] = "align" });
        var outcome = await RunAsync("submit-job", evt, [], overrides: new Dictionary<string, string> { ["JobEventsQueueUrl"] = "{queue:JobEventsQueue}-missing" });

        outcome.Status.Should().Be("FAILED", outcome.ToString());
        var dead = outcome.Single("PipelineDeadLetterQueue");
        ((string?)dead["error"]).Should().StartWith("SQS.");
        ((string?)dead["cause"]).Should().NotBeNullOrEmpty();
        ((string?)dead["stateMachine"]).Should().StartWith("submit-job");
        JsonNode.DeepEquals(dead["event"], evt).Should().BeTrue();
    }

    private bool Skip()
    {
        if (moto.Endpoint is not null)
        {
            return false;
        }

        output.WriteLine($"SKIPPED: {moto.UnavailableReason}");
        return true;
    }

    private static void AssertRecord(JsonObject record, string kind, JsonObject evt)
    {
        ((int?)record["schema"]).Should().Be(1);
        ((string?)record["kind"]).Should().Be(kind);
        JsonNode.DeepEquals(record["event"], evt).Should().BeTrue("the record carries the event exactly as delivered");
    }

    private static void AssertJoinFound(JsonObject record, string instance)
    {
        var join = record["join"]!.AsObject();
        ((string?)join["containerInstanceArn"]).Should().Be(instance);
        ((bool?)join["found"]).Should().BeTrue();
        ((int?)join["attempts"]).Should().Be(1);
        ((string?)join["item"]!["ContainerInstanceArn"]!["S"]).Should().Be(instance);
        ((string?)join["item"]!["InstanceType"]!["S"]).Should().Be("m5.large");
    }

    private static void AssertJoinNotFound(JsonObject record, string instance)
    {
        var join = record["join"]!.AsObject();
        ((string?)join["containerInstanceArn"]).Should().Be(instance);
        ((bool?)join["found"]).Should().BeFalse();
        ((int?)join["attempts"]).Should().Be(MaxAttempts);
        join.ContainsKey("item").Should().BeFalse();
    }

    private async Task<Outcome> RunAsync(
        string machine,
        JsonObject evt,
        IReadOnlyCollection<string> knownInstances,
        Dictionary<string, string>? overrides = null,
        string? autoScalingGroup = null)
    {
        await moto.ResetAsync();

        // What the template's DefinitionSubstitutions provide, with a 1-second wait for the tests.
        var substitutions = new JsonObject
        {
            ["InstancesTableName"] = "instances",
            ["InstanceEventsQueueUrl"] = "{queue:InstanceEventsQueue}",
            ["TaskEventsQueueUrl"] = "{queue:TaskEventsQueue}",
            ["JobEventsQueueUrl"] = "{queue:JobEventsQueue}",
            ["AsgEventsQueueUrl"] = "{queue:AsgEventsQueue}",
            ["DeadLetterQueueUrl"] = "{queue:PipelineDeadLetterQueue}",
            ["JoinWaitSeconds"] = "1",
            ["JoinMaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in overrides ?? [])
        {
            substitutions[key] = value;
        }

        var spec = new JsonObject
        {
            ["endpoint"] = moto.Endpoint!.ToString().TrimEnd('/'),
            ["name"] = machine,
            ["definition"] = StateMachineFiles.Text(machine),
            ["substitutions"] = substitutions,
            ["input"] = evt.DeepClone(),
            ["queues"] = new JsonArray(Queues.Select(q => (JsonNode?)JsonValue.Create(q)).ToArray()),
            ["known_instances"] = new JsonArray(knownInstances.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            ["autoscaling_group"] = autoScalingGroup,
        };
        var result = await moto.ScenarioAsync(spec);
        var messages = result["messages"]!.AsObject().ToDictionary(
            q => q.Key,
            q => q.Value!.AsArray().Select(m => m!.AsObject()).ToList(),
            StringComparer.Ordinal);
        return new Outcome((string)result["status"]!, (string?)result["error"], (string?)result["cause"], messages);
    }

    private sealed record Outcome(string Status, string? Error, string? Cause, Dictionary<string, List<JsonObject>> Messages)
    {
        public IEnumerable<string> AllMessages => Messages.SelectMany(q => q.Value.Select(m => $"{q.Key}: {m.ToJsonString()}"));

        public JsonObject Single(string queue)
        {
            Messages.Where(q => q.Key != queue).SelectMany(q => q.Value).Should().BeEmpty($"only {queue} should get a message; {this}");
            Messages[queue].Should().ContainSingle(ToString());
            return Messages[queue][0];
        }

        public override string ToString() =>
            $"status {Status} {Error} {Cause}; messages: {string.Join("; ", AllMessages.Select(m => m.Length > 300 ? m[..300] + "..." : m))}";
    }
}
