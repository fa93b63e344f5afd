using System.Text.Json;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Tests.Core;

/// <summary>The instances-table item read back (<see cref="InstanceItemJsonConverter"/>) is the record it was written from.</summary>
public class InstanceItemReadingTests
{
    [Fact]
    public void Every_attribute_the_mapping_writes_reads_back_into_its_field()
    {
        var record = new InstanceRecord
        {
            ContainerInstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce1-0a95f22d/0f0e",
            Ec2InstanceId = "i-0123",
            InstanceType = "m6g.large",
            AvailabilityZone = "us-east-1b",
            Architecture = "arm64",
            AmiId = "ami-0a7c",
            ClusterName = "AWSBatch-ce1-0a95f22d",
            ComputeEnvironment = "ce1",
            RegisteredVcpus = 2.5,
            RegisteredMemoryMiB = 7680,
            RegisteredAt = 1_700_000_000_000,
            DeregisteredAt = 1_700_000_900_000,
            RegistrationCounted = true,
            DeregistrationCounted = true,
            CountedSets = new(StringComparer.Ordinal) { "RegisterContainerInstance|InstanceType", "DeregisterContainerInstance|ECSCluster" },
            ExpiresAt = 1_702_592_000,
            AwaitingJobs = new(StringComparer.Ordinal) { "job-1", "job-2" },
            AwaitingOverflow = 3,
        };
        var item = InstanceItemMapping.ToItem(record);

        var read = InstanceItemMapping.FromItem(JsonDocument.Parse(item.ToJsonString()).RootElement)!;

        Json(read).Should().Be(Json(record));
        read.AwaitingJobs.Should().Equal("job-1", "job-2");
        read.AwaitingOverflow.Should().Be(3);
        read.RegisteredVcpus.Should().Be(2.5);
    }

    [Fact]
    public void An_attribute_name_written_with_escapes_reads_as_the_same_attribute()
    {
        var item = """{"ContainerInstanceArn":{"S":"arn:ci"},"Instance\u0054ype":{"S":"c5.large"},"Registered\u0041t":{"N":"17"},"RegistrationCounted":{"BOOL":true},"InstanceType2":{"S":"no"}}""";

        var read = InstanceItemMapping.FromItem(JsonDocument.Parse(item).RootElement)!;

        read.InstanceType.Should().Be("c5.large");
        read.RegisteredAt.Should().Be(17);
        read.RegistrationCounted.Should().BeTrue();
    }

    [Fact]
    public void A_value_of_another_type_than_the_attribute_takes_reads_as_unknown()
    {
        var item = """{"ContainerInstanceArn":{"S":"arn:ci"},"InstanceType":{"N":"5"},"RegisteredAt":{"S":"17"},"CountedSets":{"S":"x"},"RegistrationCounted":{"S":"true"}}""";

        var read = InstanceItemMapping.FromItem(JsonDocument.Parse(item).RootElement)!;

        read.InstanceType.Should().BeNull();
        read.RegisteredAt.Should().BeNull();
        read.CountedSets.Should().BeEmpty();
        read.RegistrationCounted.Should().BeFalse();
    }

    /// <summary>
    /// The job and task functions read a join's item for its type, zone and architecture only: the registration's
    /// bookkeeping (counted sets, waiting list) is left out there, and read everywhere else (stores, typed read).
    /// </summary>
    [Fact]
    public void A_joins_item_is_read_without_the_registrations_bookkeeping()
    {
        var record = new InstanceRecord
        {
            ContainerInstanceArn = "arn:ci",
            Ec2InstanceId = "i-0123",
            InstanceType = "m6g.large",
            AvailabilityZone = "us-east-1b",
            Architecture = "arm64",
            CountedSets = new(StringComparer.Ordinal) { "RegisterContainerInstance|InstanceType" },
            AwaitingJobs = new(StringComparer.Ordinal) { "job-1" },
            AwaitingOverflow = 2,
        };
        var item = InstanceItemMapping.ToItem(record).ToJsonString();
        var body = $$$"""{"schema":1,"kind":"JobStateChange","event":{"detail":{"jobId":"j-1"}},"join":{"containerInstanceArn":"arn:ci","found":true,"item":{{{item}}}}}""";

        var joined = BatchRuntimeMonitor.Core.Messaging.BatchJobEventReader.Read(BatchRuntimeMonitor.Core.Messaging.PipelineRecordReader.Parse(body)).Join!.Item!;
        var full = InstanceItemMapping.FromItem(JsonDocument.Parse(item).RootElement)!;

        joined.Should().BeEquivalentTo(record, o => o.Excluding(r => r.CountedSets).Excluding(r => r.AwaitingJobs).Excluding(r => r.AwaitingOverflow));
        joined.CountedSets.Should().BeEmpty();
        joined.AwaitingJobs.Should().BeNull();
        joined.AwaitingOverflow.Should().BeNull();
        Json(full).Should().Be(Json(record));
        full.AwaitingJobs.Should().Equal("job-1");
    }

    private static string Json(InstanceRecord record) => JsonSerializer.Serialize(record, CoreJsonContext.Default.InstanceRecord);
}
