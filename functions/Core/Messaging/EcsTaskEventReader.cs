using System.Text.Json;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Json;
using static BatchRuntimeMonitor.Core.Messaging.EventRecordReading;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// Reads an ECS task state change record (TaskStateChange) with one forward pass of a <see cref="Utf8JsonReader"/>,
/// keeping only what <see cref="Jobs.JobObservations.FromTaskEvent"/> and the task processor use: the event time,
/// the task's identity, status, placement and times, the containers' exit codes, the container overrides'
/// environment (where Batch puts the job id) and the join. Task events are the largest the functions read
/// (attachments, attributes, network interfaces), and System.Text.Json's metadata-driven read of them was the
/// largest remaining read cost of a replay (docs/performance.md).
/// </summary>
/// <remarks>
/// The contract of <see cref="BatchJobEventReader"/>: that of <see cref="PipelineMessage.Read{TDetail}"/> with
/// <see cref="PipelineJsonContext"/> for the fields it reads (unknown members skipped, null as absent, quoted
/// numbers accepted, strings shared through <see cref="RepeatedStringConverter"/>, the join item read by
/// <see cref="Instances.InstanceItemJsonConverter"/>), a wrong-typed read field or a null list item rejected by its
/// path. Modelled members the observation does not use (desiredStatus, startedBy, createdAt, stoppedReason,
/// version; a container's name, reason and lastStatus; an override's name) are skipped unread like the unknown
/// ones, so they stay null and their types are not checked.
/// </remarks>
public static class EcsTaskEventReader
{
    public static EcsTaskEventRecord Read(PipelineMessage message)
    {
        var (time, _, detail, join) = EventRecordReading.Read(message, ReadDetail);
        return new EcsTaskEventRecord(time, detail, join);
    }

    private static EcsTaskDetail? ReadDetail(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "detail"))
        {
            return null;
        }

        var detail = new EcsTaskDetail();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 7 when name.SequenceEqual("taskArn"u8):
                    detail.TaskArn = StringValue(ref reader, "detail", ".taskArn");
                    break;
                case 10 when name.SequenceEqual("clusterArn"u8):
                    detail.ClusterArn = StringValue(ref reader, "detail", ".clusterArn");
                    break;
                case 20 when name.SequenceEqual("containerInstanceArn"u8):
                    detail.ContainerInstanceArn = StringValue(ref reader, "detail", ".containerInstanceArn");
                    break;
                case 10 when name.SequenceEqual("lastStatus"u8):
                    detail.LastStatus = StringValue(ref reader, "detail", ".lastStatus");
                    break;
                case 16 when name.SequenceEqual("availabilityZone"u8):
                    detail.AvailabilityZone = StringValue(ref reader, "detail", ".availabilityZone");
                    break;
                case 10 when name.SequenceEqual("launchType"u8):
                    detail.LaunchType = StringValue(ref reader, "detail", ".launchType");
                    break;
                case 9 when name.SequenceEqual("startedAt"u8):
                    detail.StartedAt = DateValue(ref reader, "detail", ".startedAt");
                    break;
                case 9 when name.SequenceEqual("stoppedAt"u8):
                    detail.StoppedAt = DateValue(ref reader, "detail", ".stoppedAt");
                    break;
                case 10 when name.SequenceEqual("containers"u8):
                    detail.Containers = Items(ref reader, "detail.containers", Container);
                    break;
                case 9 when name.SequenceEqual("overrides"u8):
                    reader.Read();
                    detail.Overrides = Overrides(ref reader);
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return detail;
    }

    private static EcsTaskContainer Container(ref Utf8JsonReader reader, string path)
    {
        StartItemObject(ref reader, path);

        var container = new EcsTaskContainer();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("exitCode"u8))
            {
                container.ExitCode = Int32Value(ref reader, path, "[].exitCode");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return container;
    }

    private static EcsTaskOverrides? Overrides(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "detail.overrides"))
        {
            return null;
        }

        var overrides = new EcsTaskOverrides();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("containerOverrides"u8))
            {
                overrides.ContainerOverrides = Items(ref reader, "detail.overrides.containerOverrides", ContainerOverride);
            }
            else
            {
                // inferenceAcceleratorOverrides, cpu, memory, taskRoleArn...: not used.
                SkipValue(ref reader);
            }
        }

        return overrides;
    }

    private static EcsContainerOverride ContainerOverride(ref Utf8JsonReader reader, string path)
    {
        StartItemObject(ref reader, path);

        var container = new EcsContainerOverride();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("environment"u8))
            {
                container.Environment = Items(ref reader, path, Variable, "[].environment");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return container;
    }

    /// <param name="path">The container override list's path, named only in an error.</param>
    private static NameValue Variable(ref Utf8JsonReader reader, string path)
    {
        StartItemObject(ref reader, path, "[].environment");

        var variable = new NameValue();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 4 when name.SequenceEqual("name"u8):
                    variable.Name = StringValue(ref reader, path, "[].environment[]", ".name");
                    break;
                case 5 when name.SequenceEqual("value"u8):
                    variable.Value = StringValue(ref reader, path, "[].environment[]", ".value");
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return variable;
    }
}
