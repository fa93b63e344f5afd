using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;
using BatchRuntimeMonitor.Tests.Functions.Support;

namespace BatchRuntimeMonitor.Tests.Functions;

/// <summary>
/// Through the three deployed handlers over one store set: a whole job (the four ecsProperties samples and its ECS
/// task's STOPPED event) processed while its container instance was unknown, then the instance's registration.
/// The registration alone attributes the ledger and counts what needed the instance, once.
/// </summary>
public class LateRegistrationTests
{
    private const string JobId = "7419bcec-23b4-4a65-981b-857c5a9040a5";
    private const string Instance = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/f711cf81b719480385a66cc3329704b1";

    [Fact]
    public async Task A_job_processed_before_its_instance_registered_is_attributed_by_the_registration_alone()
    {
        var (jobs, tasks, registration) = Functions();
        await DeliverJobAsync(jobs, tasks);

        var waiting = (await jobs.InstanceAsync(Instance))!;
        waiting.AwaitingJobs.Should().Equal(JobId);
        waiting.IsPlaceholder.Should().BeTrue();
        (await jobs.JobAsync(JobId))!.Attempts.Should().ContainSingle().Which.InstanceType.Should().BeNull();
        jobs.Observations().Concat(tasks.Observations()).Should().NotContain(o => o.Dimensions.StartsWith("InstanceType=", StringComparison.Ordinal));

        (await registration.InvokeAsync(Registration())).Should().BeEmpty();

        var attempt = (await jobs.JobAsync(JobId))!.Attempts.Should().ContainSingle().Subject;
        attempt.InstanceType.Should().Be("c5.xlarge");
        attempt.Architecture.Should().Be("x86_64");
        attempt.InstanceId.Should().Be("i-0f711cf81b7194803");
        attempt.AvailabilityZone.Should().Be("us-east-1a");
        (await registration.InstanceAsync(Instance))!.AwaitingJobs.Should().BeNull();

        // The InstanceRegistration function wrote the late counts, each once, and no insight record.
        var late = registration.Observations().Where(o => !o.Metric.EndsWith("ContainerInstance", StringComparison.Ordinal)).Select(o => o.Key).ToList();
        late.Should().BeEquivalentTo(
        [
            "STARTING|InstanceType=c5.xlarge", "RUNNING|InstanceType=c5.xlarge", "SUCCEEDED|InstanceType=c5.xlarge", "JobsPlaced|InstanceType=c5.xlarge",
            "RunnableSeconds|InstanceType=c5.xlarge", "StartingSeconds|InstanceType=c5.xlarge", "RunningSeconds|InstanceType=c5.xlarge",
            "RunnableSeconds|Architecture=x86_64", "StartingSeconds|Architecture=x86_64", "RunningSeconds|Architecture=x86_64",
        ]);
        registration.InsightLines().Should().BeEmpty();
        foreach (var function in new[] { jobs, tasks, registration })
        {
            function.ShouldWriteOnlyValidEmf();
            function.Errors.ToString().Should().BeEmpty();
        }

        // The same totals as when the registration came first and the functions found it in their store.
        var (firstJobs, firstTasks, firstRegistration) = Functions();
        (await firstRegistration.InvokeAsync(Registration())).Should().BeEmpty();
        await DeliverJobAsync(firstJobs, firstTasks);
        MetricObservation.Totals([.. jobs.Observations(), .. tasks.Observations(), .. registration.Observations()])
            .Should().Equal(MetricObservation.Totals([.. firstJobs.Observations(), .. firstTasks.Observations(), .. firstRegistration.Observations()]));
    }

    [Fact]
    public async Task Redelivered_registration_and_job_events_after_the_backfill_write_nothing()
    {
        var (jobs, tasks, registration) = Functions();
        await DeliverJobAsync(jobs, tasks);
        (await registration.InvokeAsync(Registration())).Should().BeEmpty();
        var lines = jobs.Lines().Count + tasks.Lines().Count + registration.Lines().Count;
        var ledger = (await jobs.JobAsync(JobId))!;

        (await registration.InvokeAsync(Registration(), Registration())).Should().BeEmpty();
        await DeliverJobAsync(jobs, tasks);

        (jobs.Lines().Count + tasks.Lines().Count + registration.Lines().Count).Should().Be(lines);
        (await jobs.JobAsync(JobId))!.Emitted.Should().Equal(ledger.Emitted);
        (await jobs.InstanceAsync(Instance))!.AwaitingJobs.Should().BeNull("an attributed job does not wait again");
    }

    private static (FunctionHarness Jobs, FunctionHarness Tasks, FunctionHarness Registration) Functions()
    {
        var stores = MonitorStores.InMemory();
        return (HandlerTests.JobTransitions(stores), HandlerTests.RunTaskCalls(stores), HandlerTests.InstanceRegistration(stores));
    }

    /// <summary>Every event as the state machines send it when the join gave up waiting for the instance.</summary>
    private static async Task DeliverJobAsync(FunctionHarness jobs, FunctionHarness tasks)
    {
        foreach (var @event in WholeJobTests.Sequence())
        {
            var join = HandlerTests.ContainerInstanceOf(@event) is { } arn ? PipelineJson.Join(arn, item: null, attempts: 3) : null;
            (await jobs.InvokeAsync(PipelineJson.Record(RecordKind.JobStateChange, @event, join))).Should().BeEmpty();
        }

        var task = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-ecs-task-batch-stopped.json")))!.AsObject();
        (await tasks.InvokeAsync(PipelineJson.Record(RecordKind.TaskStateChange, task, PipelineJson.Join(Instance, item: null, attempts: 3)))).Should().BeEmpty();
    }

    private static JsonObject Registration()
    {
        var @event = PipelineJson.SharedEvent("ecs-container-instance/awsdocs-ecs-container-instance-2016.json");
        var detail = @event["detail"]!.AsObject();
        @event["time"] = "2025-10-17T13:10:00Z";
        detail["clusterArn"] = "arn:aws:ecs:us-east-1:123456789012:cluster/" + Instance.Split('/')[1];
        detail["containerInstanceArn"] = Instance;
        detail["ec2InstanceId"] = "i-0f711cf81b7194803";
        detail["updatedAt"] = "2025-10-17T13:10:00Z";
        detail["attributes"]!.AsArray().Add(new JsonObject { ["name"] = "ecs.instance-type", ["value"] = "c5.xlarge" });
        detail["attributes"]!.AsArray().Add(new JsonObject { ["name"] = "ecs.availability-zone", ["value"] = "us-east-1a" });
        return PipelineJson.Record(RecordKind.ContainerInstanceStateChange, @event);
    }
}
