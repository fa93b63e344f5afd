using System.Buffers.Text;
using System.Text.Json;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Json;

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
/// <see cref="InstanceItemJsonConverter"/>. A read field of the wrong type rejects the record, naming the field.
/// Members it does not use (the envelope's id, source, account, region, resources; the job ARN; the join's
/// attempts; metricsCollection) are skipped unread, so their types are not checked either.
/// </remarks>
public static class BatchJobEventReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    // The platform lists every job event carries: one shared instance each instead of a list per event.
    private static readonly IReadOnlyList<string> Ec2Only = ["EC2"];
    private static readonly IReadOnlyList<string> FargateOnly = ["FARGATE"];

    public static BatchJobEventRecord Read(PipelineMessage message)
    {
        DateTimeOffset? time = null;
        BatchJobDetail? detail = null;
        JoinResult? join = null;
        try
        {
            var reader = new Utf8JsonReader(message.Utf8Body.Span, ReaderOptions);
            reader.Read();
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("event"u8))
                {
                    reader.Read();
                    (time, detail) = ReadEvent(ref reader);
                }
                else if (reader.ValueTextEquals("join"u8))
                {
                    reader.Read();
                    join = ReadJoin(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new RecordRejectedException($"{message.Kind} event does not read as {nameof(BatchJobDetail)}: {ex.Message}", ex);
        }
        catch (WrongType wrong)
        {
            throw new RecordRejectedException($"{message.Kind} event does not read as {nameof(BatchJobDetail)}: {wrong.Message}");
        }

        if (detail is null)
        {
            throw new RecordRejectedException($"{message.Kind} event has no detail");
        }

        return new BatchJobEventRecord(time, detail, join);
    }

    /// <summary>The envelope's time and detail; the envelope itself is not kept (its other members are not used).</summary>
    private static (DateTimeOffset? Time, BatchJobDetail? Detail) ReadEvent(ref Utf8JsonReader reader)
    {
        DateTimeOffset? time = null;
        BatchJobDetail? detail = null;
        if (!StartObject(ref reader, "event"))
        {
            return (time, detail);
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("time"u8))
            {
                reader.Read();
                time = reader.TokenType switch
                {
                    JsonTokenType.Null => null,
                    JsonTokenType.String when reader.TryGetDateTimeOffset(out var at) => at,
                    _ => throw new WrongType("event.time", "an ISO 8601 date", reader.TokenType),
                };
            }
            else if (reader.ValueTextEquals("detail"u8))
            {
                reader.Read();
                detail = ReadDetail(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (time, detail);
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
                detail.JobId = String(ref reader, "detail", ".jobId");
            }
            else if (reader.ValueTextEquals("jobName"u8))
            {
                detail.JobName = String(ref reader, "detail", ".jobName");
            }
            else if (reader.ValueTextEquals("jobQueue"u8))
            {
                detail.JobQueue = String(ref reader, "detail", ".jobQueue");
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                detail.Status = String(ref reader, "detail", ".status");
            }
            else if (reader.ValueTextEquals("statusReason"u8))
            {
                detail.StatusReason = String(ref reader, "detail", ".statusReason");
            }
            else if (reader.ValueTextEquals("jobDefinition"u8))
            {
                detail.JobDefinition = String(ref reader, "detail", ".jobDefinition");
            }
            else if (reader.ValueTextEquals("createdAt"u8))
            {
                detail.CreatedAt = Int64(ref reader, "detail", ".createdAt");
            }
            else if (reader.ValueTextEquals("startedAt"u8))
            {
                detail.StartedAt = Int64(ref reader, "detail", ".startedAt");
            }
            else if (reader.ValueTextEquals("stoppedAt"u8))
            {
                detail.StoppedAt = Int64(ref reader, "detail", ".stoppedAt");
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
                reader.Read();
                reader.Skip();
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
                attempt.StartedAt = Int64(ref reader, "detail.attempts[]", ".startedAt");
            }
            else if (reader.ValueTextEquals("stoppedAt"u8))
            {
                attempt.StoppedAt = Int64(ref reader, "detail.attempts[]", ".stoppedAt");
            }
            else if (reader.ValueTextEquals("statusReason"u8))
            {
                attempt.StatusReason = String(ref reader, "detail.attempts[]", ".statusReason");
            }
            else
            {
                reader.Read();
                reader.Skip();
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
                container.ContainerInstanceArn = String(ref reader, path, suffix, ".containerInstanceArn");
            }
            else if (reader.ValueTextEquals("taskArn"u8))
            {
                container.TaskArn = String(ref reader, path, suffix, ".taskArn");
            }
            else if (reader.ValueTextEquals("logStreamName"u8))
            {
                container.LogStreamName = String(ref reader, path, suffix, ".logStreamName");
            }
            else if (reader.ValueTextEquals("exitCode"u8))
            {
                container.ExitCode = Int32(ref reader, path, suffix, ".exitCode");
            }
            else if (reader.ValueTextEquals("reason"u8))
            {
                container.Reason = String(ref reader, path, suffix, ".reason");
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
                            container.RuntimePlatform.CpuArchitecture = String(ref reader, path, suffix, ".runtimePlatform.cpuArchitecture");
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
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
                reader.Read();
                reader.Skip();
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
                reader.Read();
                reader.Skip();
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
                task.ContainerInstanceArn = String(ref reader, path, "[].containerInstanceArn");
            }
            else if (reader.ValueTextEquals("taskArn"u8))
            {
                task.TaskArn = String(ref reader, path, "[].taskArn");
            }
            else if (reader.ValueTextEquals("containers"u8))
            {
                task.Containers = Items(ref reader, path, static (ref Utf8JsonReader item, string tasksPath) => Container(ref item, tasksPath, "[].containers[]")!, "[].containers");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return task;
    }

    private static BatchDependency Dependency(ref Utf8JsonReader reader, string path)
    {
        StartItemObject(ref reader, path);

        var dependency = new BatchDependency();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("jobId"u8))
            {
                dependency.JobId = String(ref reader, path, "[].jobId");
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                dependency.Type = String(ref reader, path, "[].type");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return dependency;
    }

    private delegate T ItemReader<T>(ref Utf8JsonReader reader, string path);

    /// <summary>
    /// The array after the member name the reader is on, each item read by <paramref name="read"/>; null for null.
    /// One item (what job events almost always carry) costs an array of one, not a list and its array.
    /// </summary>
    private static IReadOnlyList<T>? Items<T>(ref Utf8JsonReader reader, string path, ItemReader<T> read, string suffix = "")
    {
        reader.Read();
        if (!StartArray(ref reader, path, suffix))
        {
            return null;
        }

        T first = default!;
        List<T>? items = null;
        var count = 0;
        while (NextItem(ref reader))
        {
            var item = read(ref reader, path);
            if (count++ == 0)
            {
                first = item;
            }
            else
            {
                (items ??= [first]).Add(item);
            }
        }

        return count switch
        {
            0 => [],
            1 => new[] { first },
            _ => items,
        };
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
                properties.Size = Int32(ref reader, "detail.arrayProperties", ".size");
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                properties.Index = Int32(ref reader, "detail.arrayProperties", ".index");
            }
            else
            {
                reader.Read();
                reader.Skip();
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
                details.NodeIndex = Int32(ref reader, "detail.nodeDetails", ".nodeIndex");
            }
            else
            {
                // isMainNode is modelled for the simulator; the observation does not use it.
                reader.Read();
                reader.Skip();
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

    private static JoinResult? ReadJoin(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "join"))
        {
            return null;
        }

        var join = new JoinResult();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("containerInstanceArn"u8))
            {
                join.ContainerInstanceArn = String(ref reader, "join", ".containerInstanceArn");
            }
            else if (reader.ValueTextEquals("found"u8))
            {
                reader.Read();
                join.Found = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw new WrongType("join.found", "true or false", reader.TokenType),
                };
            }
            else if (reader.ValueTextEquals("item"u8))
            {
                reader.Read();
                join.Item = reader.TokenType == JsonTokenType.Null ? null : InstanceItemJsonConverter.ReadItem(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return join;
    }

    // Paths name the member in a rejection: a constant prefix plus parts joined only when the member is wrong.

    /// <summary>True when on an object (the reader then reads its members); false for null; rejects anything else.</summary>
    private static bool StartObject(ref Utf8JsonReader reader, string path, string suffix = "", string member = "") => reader.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw new WrongType(path + suffix + member, "an object", reader.TokenType),
    };

    /// <summary>
    /// On a list item that must be an object: a null item is rejected by name too (the typed read kept it, and the
    /// observation then failed with a NullReferenceException that did not say why).
    /// </summary>
    private static void StartItemObject(ref Utf8JsonReader reader, string path)
    {
        if (!StartObject(ref reader, path, "[]"))
        {
            throw new WrongType(path + "[]", "an object", JsonTokenType.Null);
        }
    }

    private static bool StartArray(ref Utf8JsonReader reader, string path, string suffix = "") => reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw new WrongType(path + suffix, "an array", reader.TokenType),
    };

    /// <summary>Moves to the next member name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Moves to the next item of the current array; false at its end.</summary>
    private static bool NextItem(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    /// <summary>The member value after the name the reader is on: a string (shared), or null.</summary>
    private static string? String(ref Utf8JsonReader reader, string path, string member) => String(ref reader, path, "", member);

    private static string? String(ref Utf8JsonReader reader, string path, string suffix, string member)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => RepeatedStringConverter.ReadString(ref reader),
            JsonTokenType.Null => null,
            _ => throw new WrongType(path + suffix + member, "a string", reader.TokenType),
        };
    }

    private static long? Int64(ref Utf8JsonReader reader, string path, string member) => Int64(ref reader, path, "", member);

    private static long? Int64(ref Utf8JsonReader reader, string path, string suffix, string member)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                return number;
            case JsonTokenType.String when !reader.ValueIsEscaped && !reader.HasValueSequence
                && Utf8Parser.TryParse(reader.ValueSpan, out long quoted, out var consumed) && consumed == reader.ValueSpan.Length:
                return quoted; // quoted numbers are accepted, as the typed read's AllowReadingFromString does
            default:
                throw new WrongType(path + suffix + member, "an integer", reader.TokenType);
        }
    }

    private static int? Int32(ref Utf8JsonReader reader, string path, string member) => Int32(ref reader, path, "", member);

    private static int? Int32(ref Utf8JsonReader reader, string path, string suffix, string member)
    {
        var value = Int64(ref reader, path, suffix, member);
        return value is null or (>= int.MinValue and <= int.MaxValue) ? (int?)value : throw new WrongType(path + suffix + member, "a 32-bit integer", JsonTokenType.Number);
    }

    /// <summary>A read member of another type than the model's: becomes the record's rejection.</summary>
    private sealed class WrongType(string path, string expected, JsonTokenType found)
        : Exception($"{path} is {found}, expected {expected}");
}
