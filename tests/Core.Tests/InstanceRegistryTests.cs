using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Core.Support;

namespace BatchRuntimeMonitor.Tests.Core;

public class InstanceRegistryTests
{
    private const string Arn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-graviton-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/0f0e1d2c3b4a59687766554433221100";
    private static readonly long RegisterMs = PipelineJson.EpochMs("2024-05-01T10:00:05Z");
    private static readonly long DeregisterMs = PipelineJson.EpochMs("2024-05-01T11:30:00Z");

    private static JsonObject RegisterCall() => PipelineJson.Record(RecordKind.RegisterContainerInstanceCall,
        PipelineJson.WrapCloudTrail(JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-cloudtrail-register-container-instance.json")))!.AsObject()));

    private static JsonObject DeregisterCall() => PipelineJson.Record(RecordKind.DeregisterContainerInstanceCall,
        PipelineJson.WrapCloudTrail(JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-cloudtrail-deregister-container-instance.json")))!.AsObject()));

    [Fact]
    public async Task Register_call_records_type_zone_architecture_cluster_compute_environment_and_vcpus()
    {
        var run = new Processors();
        await run.ApplyAsync(RegisterCall());

        var instance = run.Instance(Arn)!;
        instance.Ec2InstanceId.Should().Be("i-0abc1234def567890");
        instance.InstanceType.Should().Be("c6g.2xlarge");
        instance.AvailabilityZone.Should().Be("us-east-1b");
        instance.Architecture.Should().Be("arm64");
        instance.AmiId.Should().Be("ami-0123456789abcdef0");
        instance.ClusterName.Should().Be("AWSBatch-graviton-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941");
        instance.ComputeEnvironment.Should().Be("graviton-ce");
        instance.RegisteredVcpus.Should().Be(8, "8192 CPU units are 8 vCPUs");
        instance.RegisteredMemoryMiB.Should().Be(15470);
        instance.RegisteredAt.Should().Be(RegisterMs);
        instance.DeregisteredAt.Should().BeNull();
        instance.IsActive.Should().BeTrue();
    }

    [Fact]
    public async Task Deregister_call_naming_the_instance_by_id_resolves_the_full_arn_and_ends_the_registration()
    {
        var run = new Processors();
        await run.ApplyAsync(RegisterCall());
        await run.ApplyAsync(DeregisterCall());

        var instance = run.Instance(Arn)!;
        instance.RegisteredAt.Should().Be(RegisterMs);
        instance.DeregisteredAt.Should().Be(DeregisterMs);
        instance.IsActive.Should().BeFalse();
    }

    [Fact]
    public async Task Deregistration_seen_before_registration_gives_the_same_record()
    {
        var inOrder = new Processors();
        await inOrder.ApplyAsync(RegisterCall());
        await inOrder.ApplyAsync(DeregisterCall());

        var reversed = new Processors();
        await reversed.ApplyAsync(DeregisterCall());
        reversed.Instance(Arn)!.IsActive.Should().BeFalse("a deregistration alone is not an active instance");
        await reversed.ApplyAsync(RegisterCall());

        var a = InstanceItemMapping.ToItem(inOrder.Instance(Arn)!).ToJsonString();
        var b = InstanceItemMapping.ToItem(reversed.Instance(Arn)!).ToJsonString();
        JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b)).Should().BeTrue($"in order: {a}\nreversed: {b}");
        reversed.Instance(Arn)!.DeregisteredAt.Should().Be(DeregisterMs);
        reversed.Instance(Arn)!.IsActive.Should().BeFalse();
    }

    [Fact]
    public async Task Duplicated_registration_counts_once()
    {
        var run = new Processors();
        await run.ApplyAsync(RegisterCall());
        await run.ApplyAsync(RegisterCall());
        await run.ApplyAsync(DeregisterCall());
        await run.ApplyAsync(DeregisterCall());

        var totals = MetricObservation.Totals(run.Output.Observations());
        totals.Should().Contain("RegisterContainerInstance|InstanceType=c6g.2xlarge", "n=1 sum=1");
        totals.Should().Contain("RegisterContainerInstance|AvailabilityZone=us-east-1b", "n=1 sum=1");
        totals.Should().Contain("RegisterContainerInstance|ECSCluster=AWSBatch-graviton-ce-0a95f22d-7108-3c4e-99f7-2fd92e1a8941", "n=1 sum=1");
        totals.Should().Contain("DeregisterContainerInstance|InstanceType=c6g.2xlarge", "n=1 sum=1");
        totals.Should().HaveCount(6);
    }

    [Fact]
    public async Task Registration_metric_is_stamped_with_the_registration_time_not_the_clock()
    {
        var run = new Processors();
        await run.ApplyAsync(RegisterCall());
        run.Output.Observations().Should().OnlyContain(o => o.Timestamp == RegisterMs);
    }

    [Fact]
    public async Task Container_instance_state_change_from_the_docs_registers_with_vcpus_from_cpu_units()
    {
        var run = new Processors();
        await run.ApplyAsync(PipelineJson.Record(RecordKind.ContainerInstanceStateChange, PipelineJson.SharedEvent("ecs-container-instance/awsdocs-ecs-container-instance-2016.json")));

        var instance = run.Instance("arn:aws:ecs:us-east-1:111122223333:container-instance/b54a2a04-046f-4331-9d74-3f6d7f6ca315")!;
        instance.RegisteredVcpus.Should().Be(2);
        instance.RegisteredMemoryMiB.Should().Be(3767);
        instance.Ec2InstanceId.Should().Be("i-f3a8506b");
        instance.ClusterName.Should().Be("default");
        instance.ComputeEnvironment.Should().BeNull("'default' is not a Batch cluster");
        instance.RegisteredAt.Should().Be(PipelineJson.EpochMs("2016-12-06T16:41:06.991Z"), "ACTIVE without registeredAt registers at updatedAt");
        instance.IsActive.Should().BeTrue();
    }

    [Theory]
    [InlineData("INACTIVE")]
    [InlineData("DEREGISTERING")]
    public async Task Container_instance_going_inactive_deregisters_even_when_seen_first(string status)
    {
        var active = PipelineJson.SharedEvent("ecs-container-instance/awsdocs-ecs-container-instance-2016.json");
        var inactive = (JsonObject)active.DeepClone();
        inactive["detail"]!["status"] = status;
        inactive["detail"]!["updatedAt"] = "2016-12-06T18:00:00.000Z";
        inactive["time"] = "2016-12-06T18:00:00Z";

        var run = new Processors();
        await run.ApplyAsync(PipelineJson.Record(RecordKind.ContainerInstanceStateChange, inactive));
        await run.ApplyAsync(PipelineJson.Record(RecordKind.ContainerInstanceStateChange, active));

        var instance = run.Instance("arn:aws:ecs:us-east-1:111122223333:container-instance/b54a2a04-046f-4331-9d74-3f6d7f6ca315")!;
        instance.RegisteredAt.Should().Be(PipelineJson.EpochMs("2016-12-06T16:41:06.991Z"));
        instance.DeregisteredAt.Should().Be(PipelineJson.EpochMs("2016-12-06T18:00:00Z"));
        instance.IsActive.Should().BeFalse();
    }

    [Fact]
    public void Merge_keeps_earliest_registration_and_latest_deregistration()
    {
        var record = InstanceRegistry.Merge(null, new InstanceObservation(Arn) { RegisteredAt = 2000 });
        record = InstanceRegistry.Merge(record, new InstanceObservation(Arn) { RegisteredAt = 1000, DeregisteredAt = 5000 });
        record = InstanceRegistry.Merge(record, new InstanceObservation(Arn) { DeregisteredAt = 4000 });
        record.RegisteredAt.Should().Be(1000);
        record.DeregisteredAt.Should().Be(5000);
    }

    [Fact]
    public void Merge_infers_architecture_from_a_graviton_instance_type_when_no_event_said_it()
    {
        var record = InstanceRegistry.Merge(null, new InstanceObservation(Arn) { InstanceType = "m7g.large" });
        record.Architecture.Should().Be("arm64");
    }

    [Fact]
    public async Task Item_mapping_round_trips_the_registry_record()
    {
        var run = new Processors();
        await run.ApplyAsync(RegisterCall());
        var item = InstanceItemMapping.ToItem(run.Instance(Arn)!);
        var back = InstanceItemMapping.FromItem(PipelineJson.Element(item))!;
        InstanceItemMapping.ToItem(back).ToJsonString().Should().Be(item.ToJsonString());
        back.RegisteredVcpus.Should().Be(8);
        item["RegisteredAt"]!["N"]!.GetValue<string>().Should().Be(RegisterMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Register_call_without_a_response_is_rejected_with_a_reason()
    {
        var call = JsonNode.Parse(File.ReadAllText(TestData.Path("constructed-cloudtrail-register-container-instance.json")))!.AsObject();
        call["responseElements"] = null;
        var run = new Processors();
        var act = () => run.ApplyAsync(PipelineJson.Record(RecordKind.RegisterContainerInstanceCall, PipelineJson.WrapCloudTrail(call)));
        await act.Should().ThrowAsync<RecordRejectedException>().WithMessage("*responseElements*");
    }
}
