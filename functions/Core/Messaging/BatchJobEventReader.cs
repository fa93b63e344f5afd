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
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("jobId"u8))
            {
                detail.JobId = StringValue(ref reader, "detail", ".jobId");
            }
            else if (reader.ValueTextEquals("jobName"u8))
            {
                detail.JobName = StringValue(ref reader, "detail", ".jobName");
            }
            else if (reader.ValueTextEquals("jobQueue"u8))
            {
                detail.JobQueue = StringValue(ref reader, "detail", ".jobQueue");
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                detail.Status = StringValue(ref reader, "detail", ".status");
            }
            else if (reader.ValueTextEquals("statusReason"u8))
            {
                detail.StatusReason = StringValue(ref reader, "detail", ".statusReason");
            }
            else if (reader.ValueTextEquals("jobDefinition"u8))
            {
                detail.JobDefinition = StringValue(ref reader, "detail", ".jobDefinition");
            }
            else if (reader.ValueTextEquals("createdAt"u8))
            {
                detail.CreatedAt = Int64Value(ref reader, "detail", ".createdAt");
            }
            else if (reader.ValueTextEquals("startedAt"u8))
            {
                detail.StartedAt = Int64Value(ref reader, "detail", ".startedAt");
            }
            else if (reader.ValueTextEquals("stoppedAt"u8))
            {
                detail.StoppedAt = Int64Value(ref reader, "detail", ".stoppedAt");
            }
            else if (reader.ValueTextEquals("attempts"u8))
            {
                detail.Attempts = Items(ref reader, "detail.attempts", Attempt);
            }
            else if (reader.ValueTextEquals("dependsOn"u8))
            {
                detail.DependsOn = Items(ref reader, "detail.dependsOn", Dependency);
            }
            else if (reader.ValueTextEquals("container"u8))
            {
                reader.Read();
                detail.Container = Container(ref reader, "detail.container");
            }
            else if (reader.ValueTextEquals("ecsProperties"u8))
            {
                reader.Read();
                detail.EcsProperties = EcsProperties(ref reader);
            }
            else if (reader.ValueTextEquals("arrayProperties"u8))
            {
                reader.Read();
                detail.ArrayProperties = ArrayProperties(ref reader);
            }
            else if (reader.ValueTextEquals("nodeDetails"u8))
            {
                reader.Read();
                detail.NodeDetails = NodeDetails(ref reader);
            }
            else if (reader.ValueTextEquals("platformCapabilities"u8))
            {
                detail.PlatformCapabilities = PlatformCapabilities(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return detail;
    }

    private static BatchAttempt Attempt(ref Utf8JsonReader reader, string path)
    {
        StartItemObject(ref reader, path);

        var attempt = new BatchAttempt();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("container"u8))
            {
                reader.Read();
                attempt.Container = Container(ref reader, "detail.attempts[].container");
            }
            else if (reader.ValueTextEquals("taskProperties"u8))
            {
                attempt.TaskProperties = Items(ref reader, "detail.attempts[].taskProperties", TaskProperties);
            }
            else if (reader.ValueTextEquals("startedAt"u8))
            {
                attempt.StartedAt = Int64Value(ref reader, "detail.attempts[]", ".startedAt");
            }
            else if (reader.ValueTextEquals("stoppedAt"u8))
            {
                attempt.StoppedAt = Int64Value(ref reader, "detail.attempts[]", ".stoppedAt");
            }
            else if (reader.ValueTextEquals("statusReason"u8))
            {
                attempt.StatusReason = StringValue(ref reader, "detail.attempts[]", ".statusReason");
            }
            else
            {
                SkipValue(ref reader);
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
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("containerInstanceArn"u8))
            {
                container.ContainerInstanceArn = StringValue(ref reader, path, suffix, ".containerInstanceArn");
            }
            else if (reader.ValueTextEquals("taskArn"u8))
            {
                container.TaskArn = StringValue(ref reader, path, suffix, ".taskArn");
            }
            else if (reader.ValueTextEquals("logStreamName"u8))
            {
                container.LogStreamName = StringValue(ref reader, path, suffix, ".logStreamName");
            }
            else if (reader.ValueTextEquals("exitCode"u8))
            {
                container.ExitCode = Int32Value(ref reader, path, suffix, ".exitCode");
            }
            else if (reader.ValueTextEquals("reason"u8))
            {
                container.Reason = StringValue(ref reader, path, suffix, ".reason");
            }
            else if (reader.ValueTextEquals("runtimePlatform"u8))
            {
                reader.Read();
                if (StartObject(ref reader, path, suffix, ".runtimePlatform"))
                {
                    container.RuntimePlatform = new BatchRuntimePlatform();
                    while (NextProperty(ref reader))
                    {
                        if (reader.ValueTextEquals("cpuArchitecture"u8))
                        {
                            container.RuntimePlatform.CpuArchitecture = StringValue(ref reader, path, suffix, ".runtimePlatform.cpuArchitecture");
                        }
                        else
                        {
                            SkipValue(ref reader);
                        }
                    }
                }
                else
                {
                    container.RuntimePlatform = null;
                }
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return container;
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
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("containerInstanceArn"u8))
            {
                task.ContainerInstanceArn = StringValue(ref reader, path, "[].containerInstanceArn");
            }
            else if (reader.ValueTextEquals("taskArn"u8))
            {
                task.TaskArn = StringValue(ref reader, path, "[].taskArn");
            }
            else if (reader.ValueTextEquals("containers"u8))
            {
                task.Containers = Items(ref reader, path, ContainerItem, "[].containers");
            }
            else
            {
                SkipValue(ref reader);
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
