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
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("taskArn"u8))
            {
                detail.TaskArn = StringValue(ref reader, "detail", ".taskArn");
            }
            else if (reader.ValueTextEquals("clusterArn"u8))
            {
                detail.ClusterArn = StringValue(ref reader, "detail", ".clusterArn");
            }
            else if (reader.ValueTextEquals("containerInstanceArn"u8))
            {
                detail.ContainerInstanceArn = StringValue(ref reader, "detail", ".containerInstanceArn");
            }
            else if (reader.ValueTextEquals("lastStatus"u8))
            {
                detail.LastStatus = StringValue(ref reader, "detail", ".lastStatus");
            }
            else if (reader.ValueTextEquals("availabilityZone"u8))
            {
                detail.AvailabilityZone = StringValue(ref reader, "detail", ".availabilityZone");
            }
            else if (reader.ValueTextEquals("launchType"u8))
            {
                detail.LaunchType = StringValue(ref reader, "detail", ".launchType");
            }
            else if (reader.ValueTextEquals("startedAt"u8))
            {
                detail.StartedAt = DateValue(ref reader, "detail", ".startedAt");
            }
            else if (reader.ValueTextEquals("stoppedAt"u8))
            {
                detail.StoppedAt = DateValue(ref reader, "detail", ".stoppedAt");
            }
            else if (reader.ValueTextEquals("containers"u8))
            {
                detail.Containers = Items(ref reader, "detail.containers", Container);
            }
            else if (reader.ValueTextEquals("overrides"u8))
            {
                reader.Read();
                detail.Overrides = Overrides(ref reader);
            }
            else
            {
                SkipValue(ref reader);
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
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8))
            {
                variable.Name = StringValue(ref reader, path, "[].environment[]", ".name");
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                variable.Value = StringValue(ref reader, path, "[].environment[]", ".value");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return variable;
    }
}
