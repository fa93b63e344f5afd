using System.Text.Json;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Json;
using static BatchRuntimeMonitor.Core.Messaging.EventRecordReading;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// Reads a Batch job event record (JobStateChange, JobQueueBlocked) with one forward pass of a
/// <see cref="Utf8JsonReader"/>, keeping only what <see cref="Jobs.JobObservations.FromJobEvent"/> and the job
/// processor use: the event time, the detail's modelled fields and the join. Every Batch job event goes through
/// here, and System.Text.Json's metadata-driven read of the same record allocated its read stack and the envelope's
/// unused members on top of the model (docs/performance.md).
/// </summary>
/// <remarks>
/// Same contract as <see cref="PipelineMessage.Read{TDetail}"/> with <see cref="PipelineJsonContext"/> for the
/// fields it reads: unknown members and whole unknown objects or arrays are skipped, null reads as absent, numbers
/// may be quoted, strings are shared through <see cref="RepeatedStringConverter"/>, the join item is read by
/// <see cref="Instances.InstanceItemJsonConverter"/>. A read field of the wrong type rejects the record, naming the field.
/// Members it does not use (the envelope's id, source, account, region, resources; the job ARN; the join's
/// attempts; metricsCollection) are skipped unread, so their types are not checked either.
/// </remarks>
public static class BatchJobEventReader
{
    // The platform lists every job event carries: one shared instance each instead of a list per event.
    private static readonly IReadOnlyList<string> Ec2Only = ["EC2"];
    private static readonly IReadOnlyList<string> FargateOnly = ["FARGATE"];

    public static BatchJobEventRecord Read(PipelineMessage message)
    {
        var (time, _, detail, join) = EventRecordReading.Read(message, ReadDetail);
        return new BatchJobEventRecord(time, detail, join);
    }

    private static BatchJobDetail? ReadDetail(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "detail"))
        {
            return null;
        }

        var detail = new BatchJobDetail();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 5 when name.SequenceEqual("jobId"u8):
                    detail.JobId = StringValue(ref reader, "detail", ".jobId");
                    break;
                case 7 when name.SequenceEqual("jobName"u8):
                    detail.JobName = StringValue(ref reader, "detail", ".jobName");
                    break;
                case 8 when name.SequenceEqual("jobQueue"u8):
                    detail.JobQueue = StringValue(ref reader, "detail", ".jobQueue");
                    break;
                case 6 when name.SequenceEqual("status"u8):
                    detail.Status = StringValue(ref reader, "detail", ".status");
                    break;
                case 12 when name.SequenceEqual("statusReason"u8):
                    detail.StatusReason = StringValue(ref reader, "detail", ".statusReason");
                    break;
                case 13 when name.SequenceEqual("jobDefinition"u8):
                    detail.JobDefinition = StringValue(ref reader, "detail", ".jobDefinition");
                    break;
                case 9 when name.SequenceEqual("createdAt"u8):
                    detail.CreatedAt = Int64Value(ref reader, "detail", ".createdAt");
                    break;
                case 9 when name.SequenceEqual("startedAt"u8):
                    detail.StartedAt = Int64Value(ref reader, "detail", ".startedAt");
                    break;
                case 9 when name.SequenceEqual("stoppedAt"u8):
                    detail.StoppedAt = Int64Value(ref reader, "detail", ".stoppedAt");
                    break;
                case 8 when name.SequenceEqual("attempts"u8):
                    detail.Attempts = Items(ref reader, "detail.attempts", Attempt);
                    break;
                case 9 when name.SequenceEqual("dependsOn"u8):
                    detail.DependsOn = Items(ref reader, "detail.dependsOn", Dependency);
                    break;
                case 9 when name.SequenceEqual("container"u8):
                    reader.Read();
                    detail.Container = Container(ref reader, "detail.container");
                    break;
                case 13 when name.SequenceEqual("ecsProperties"u8):
                    reader.Read();
                    detail.EcsProperties = EcsProperties(ref reader);
                    break;
                case 15 when name.SequenceEqual("arrayProperties"u8):
                    reader.Read();
                    detail.ArrayProperties = ArrayProperties(ref reader);
                    break;
                case 11 when name.SequenceEqual("nodeDetails"u8):
                    reader.Read();
                    detail.NodeDetails = NodeDetails(ref reader);
                    break;
                case 20 when name.SequenceEqual("platformCapabilities"u8):
                    detail.PlatformCapabilities = PlatformCapabilities(ref reader);
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return detail;
    }

    private static BatchAttempt Attempt(ref Utf8JsonReader reader, string path)
    {
        StartItemObject(ref reader, path);

        var attempt = new BatchAttempt();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 9 when name.SequenceEqual("container"u8):
                    reader.Read();
                    attempt.Container = Container(ref reader, "detail.attempts[].container");
                    break;
                case 14 when name.SequenceEqual("taskProperties"u8):
                    attempt.TaskProperties = Items(ref reader, "detail.attempts[].taskProperties", TaskProperties);
                    break;
                case 9 when name.SequenceEqual("startedAt"u8):
                    attempt.StartedAt = Int64Value(ref reader, "detail.attempts[]", ".startedAt");
                    break;
                case 9 when name.SequenceEqual("stoppedAt"u8):
                    attempt.StoppedAt = Int64Value(ref reader, "detail.attempts[]", ".stoppedAt");
                    break;
                case 12 when name.SequenceEqual("statusReason"u8):
                    attempt.StatusReason = StringValue(ref reader, "detail.attempts[]", ".statusReason");
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return attempt;
    }

    /// <param name="path">Where the container is, as <paramref name="suffix"/> after this constant prefix (named only in an error).</param>
    private static BatchContainer? Container(ref Utf8JsonReader reader, string path, string suffix = "")
    {
        if (!StartObject(ref reader, path, suffix))
        {
            return null;
        }

        var container = new BatchContainer();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 20 when name.SequenceEqual("containerInstanceArn"u8):
                    container.ContainerInstanceArn = StringValue(ref reader, path, suffix, ".containerInstanceArn");
                    break;
                case 7 when name.SequenceEqual("taskArn"u8):
                    container.TaskArn = StringValue(ref reader, path, suffix, ".taskArn");
                    break;
                case 13 when name.SequenceEqual("logStreamName"u8):
                    container.LogStreamName = StringValue(ref reader, path, suffix, ".logStreamName");
                    break;
                case 8 when name.SequenceEqual("exitCode"u8):
                    container.ExitCode = Int32Value(ref reader, path, suffix, ".exitCode");
                    break;
                case 6 when name.SequenceEqual("reason"u8):
                    container.Reason = StringValue(ref reader, path, suffix, ".reason");
                    break;
                case 15 when name.SequenceEqual("runtimePlatform"u8):
                    reader.Read();
                    container.RuntimePlatform = RuntimePlatform(ref reader, path, suffix);
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return container;
    }

    private static BatchRuntimePlatform? RuntimePlatform(ref Utf8JsonReader reader, string path, string suffix)
    {
        if (!StartObject(ref reader, path, suffix, ".runtimePlatform"))
        {
            return null;
        }

        var platform = new BatchRuntimePlatform();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("cpuArchitecture"u8))
            {
                platform.CpuArchitecture = StringValue(ref reader, path, suffix, ".runtimePlatform.cpuArchitecture");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return platform;
    }

    private static BatchEcsProperties? EcsProperties(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "detail.ecsProperties"))
        {
            return null;
        }

        var properties = new BatchEcsProperties();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("taskProperties"u8))
            {
                properties.TaskProperties = Items(ref reader, "detail.ecsProperties.taskProperties", TaskProperties);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return properties;
    }

    /// <param name="path">The task list's path ("detail.ecsProperties.taskProperties"), named only in an error.</param>
    private static BatchTaskProperties TaskProperties(ref Utf8JsonReader reader, string path)
    {
        StartItemObject(ref reader, path);

        var task = new BatchTaskProperties();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 20 when name.SequenceEqual("containerInstanceArn"u8):
                    task.ContainerInstanceArn = StringValue(ref reader, path, "[].containerInstanceArn");
                    break;
                case 7 when name.SequenceEqual("taskArn"u8):
                    task.TaskArn = StringValue(ref reader, path, "[].taskArn");
                    break;
                case 10 when name.SequenceEqual("containers"u8):
                    task.Containers = Items(ref reader, path, ContainerItem, "[].containers");
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return task;
    }

    /// <summary>An item of a task's container list: an object, never null (the observation reads every item).</summary>
    private static BatchContainer ContainerItem(ref Utf8JsonReader reader, string tasksPath)
    {
        StartItemObject(ref reader, tasksPath, "[].containers");
        return Container(ref reader, tasksPath, "[].containers[]")!;
    }

    private static BatchDependency Dependency(ref Utf8JsonReader reader, string path)
    {
        StartItemObject(ref reader, path);

        var dependency = new BatchDependency();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("jobId"u8))
            {
                dependency.JobId = StringValue(ref reader, path, "[].jobId");
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                dependency.Type = StringValue(ref reader, path, "[].type");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return dependency;
    }

    private static BatchArrayProperties? ArrayProperties(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "detail.arrayProperties"))
        {
            return null;
        }

        var properties = new BatchArrayProperties();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("size"u8))
            {
                properties.Size = Int32Value(ref reader, "detail.arrayProperties", ".size");
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                properties.Index = Int32Value(ref reader, "detail.arrayProperties", ".index");
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return properties;
    }

    private static BatchNodeDetails? NodeDetails(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "detail.nodeDetails"))
        {
            return null;
        }

        var details = new BatchNodeDetails();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("nodeIndex"u8))
            {
                details.NodeIndex = Int32Value(ref reader, "detail.nodeDetails", ".nodeIndex");
            }
            else
            {
                // isMainNode is modelled for the simulator; the observation does not use it.
                SkipValue(ref reader);
            }
        }

        return details;
    }

    private static IReadOnlyList<string>? PlatformCapabilities(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (!StartArray(ref reader, "detail.platformCapabilities"))
        {
            return null;
        }

        List<string>? items = null;
        string? single = null;
        var count = 0;
        while (NextItem(ref reader))
        {
            var item = reader.TokenType switch
            {
                JsonTokenType.String => RepeatedStringConverter.ReadString(ref reader),
                JsonTokenType.Null => null,
                _ => throw new WrongType("detail.platformCapabilities[]", "a string", reader.TokenType),
            };
            if (++count == 1)
            {
                single = item;
                continue;
            }

            items ??= [single!];
            items.Add(item!);
        }

        return count switch
        {
            0 => [],
            1 when single == "EC2" => Ec2Only,
            1 when single == "FARGATE" => FargateOnly,
            1 => [single!],
            _ => items,
        };
    }
}
