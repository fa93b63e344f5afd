using System.Text.Json;
using BatchRuntimeMonitor.Core.Events;
using static BatchRuntimeMonitor.Core.Messaging.EventRecordReading;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// Reads an ECS container instance state change record (ContainerInstanceStateChange) with one forward pass of a
/// <see cref="Utf8JsonReader"/>, keeping what <see cref="Instances.InstanceObservations.FromStateChange"/> uses: the
/// event time, the instance's identity, cluster and status, its attributes (type, zone, architecture, AMI), its
/// registered resources and times. The registration function reads every such event, and the local runner's
/// registration fence reads it again on the pipeline's thread; the typed read cost a few times the other readers.
/// </summary>
/// <remarks>
/// The contract of <see cref="BatchJobEventReader"/>: that of <see cref="PipelineMessage.Read{TDetail}"/> with
/// <see cref="Json.PipelineJsonContext"/> for the fields it reads (unknown members skipped, null as absent, quoted
/// numbers accepted, strings shared), a wrong-typed read field or a null list item rejected by its path. The
/// modelled members the observation does not use (the version, a resource's type) are skipped unread.
/// </remarks>
public static class ContainerInstanceEventReader
{
    public static ContainerInstanceEventRecord Read(PipelineMessage message)
    {
        var (time, _, detail, _) = EventRecordReading.Read(message, ReadDetail);
        return new ContainerInstanceEventRecord(time, detail);
    }

    private static EcsContainerInstanceDetail? ReadDetail(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "detail"))
        {
            return null;
        }

        var detail = new EcsContainerInstanceDetail();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 10 when name.SequenceEqual("clusterArn"u8):
                    detail.ClusterArn = StringValue(ref reader, "detail", ".clusterArn");
                    break;
                case 20 when name.SequenceEqual("containerInstanceArn"u8):
                    detail.ContainerInstanceArn = StringValue(ref reader, "detail", ".containerInstanceArn");
                    break;
                case 13 when name.SequenceEqual("ec2InstanceId"u8):
                    detail.Ec2InstanceId = StringValue(ref reader, "detail", ".ec2InstanceId");
                    break;
                case 6 when name.SequenceEqual("status"u8):
                    detail.Status = StringValue(ref reader, "detail", ".status");
                    break;
                case 10 when name.SequenceEqual("attributes"u8):
                    detail.Attributes = Items(ref reader, "detail.attributes", Attribute);
                    break;
                case 19 when name.SequenceEqual("registeredResources"u8):
                    detail.RegisteredResources = Items(ref reader, "detail.registeredResources", Resource);
                    break;
                case 12 when name.SequenceEqual("registeredAt"u8):
                    detail.RegisteredAt = DateValue(ref reader, "detail", ".registeredAt");
                    break;
                case 9 when name.SequenceEqual("updatedAt"u8):
                    detail.UpdatedAt = DateValue(ref reader, "detail", ".updatedAt");
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return detail;
    }

    private static NameValue Attribute(ref Utf8JsonReader reader, string path)
    {
        StartItemObject(ref reader, path);

        var attribute = new NameValue();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                attribute.Name = StringValue(ref reader, path, "[].name");
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                attribute.Value = StringValue(ref reader, path, "[].value");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return attribute;
    }

    private static EcsResource Resource(ref Utf8JsonReader reader, string path)
    {
        StartItemObject(ref reader, path);

        var resource = new EcsResource();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                resource.Name = StringValue(ref reader, path, "[].name");
            }
            else if (reader.ValueTextEquals("integerValue"u8))
            {
                resource.IntegerValue = Int64Value(ref reader, path, "[].integerValue");
            }
            else
            {
                SkipValue(ref reader); // type, doubleValue, longValue, stringSetValue: not used
            }
        }

        return resource;
    }
}
