using System.Text.Json;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Json;
using static BatchRuntimeMonitor.Core.Messaging.EventRecordReading;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// Reads a CloudTrail RegisterContainerInstance or DeregisterContainerInstance call record with one forward pass of a
/// <see cref="Utf8JsonReader"/>, keeping what <see cref="Instances.InstanceObservations"/> uses: the event's time,
/// region and account, the call's time, region and account, the cluster, instance and identity document it was
/// asked about, and the container instance it returned. The registration function reads every such call, and the
/// local runner's registration fence reads it again on the pipeline's thread; the typed read (the request and response
/// as parsed JSON documents, then the container instance deserialized from them) cost several times the other readers.
/// </summary>
/// <remarks>
/// The contract of <see cref="RunTaskCallReader"/>: the call's own members are typed (a wrong type rejects the record
/// by its path; unused ones are skipped unread), the request is read as <see cref="JsonReading"/> reads it (another
/// type or missing reads as absent; of a member given twice the last counts). The returned container instance is read
/// as the typed read's <c>CoreJsonContext</c> reads it, but only when that read would succeed at once: one with a
/// member of another type, a date it cannot parse or a null list item (which the typed read retries without its
/// dates, or fails on) makes <see cref="Read"/> return null, and the caller then takes the typed read, whose
/// outcome is the reference.
/// </remarks>
public static class ContainerInstanceCallReader
{
    /// <summary>The call, or null when its container instance is not one this read vouches for (see remarks).</summary>
    public static ContainerInstanceCallRecord? Read(PipelineMessage message)
    {
        var read = EventRecordReading.Read(message, ReadDetail, EventMembers.Origin);
        return read.Detail.ContainerInstanceVouched ? new ContainerInstanceCallRecord(read.Time, read.Region, read.Account, read.Detail) : null;
    }

    private static ContainerInstanceCallDetail? ReadDetail(ref Utf8JsonReader reader)
    {
        if (!StartObject(ref reader, "detail"))
        {
            return null;
        }

        var detail = new ContainerInstanceCallDetail();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            switch (name.Length)
            {
                case 9 when name.SequenceEqual("eventTime"u8):
                    detail.EventTime = DateValue(ref reader, "detail", ".eventTime");
                    break;
                case 9 when name.SequenceEqual("awsRegion"u8):
                    detail.AwsRegion = StringValue(ref reader, "detail", ".awsRegion");
                    break;
                case 18 when name.SequenceEqual("recipientAccountId"u8):
                    detail.RecipientAccountId = StringValue(ref reader, "detail", ".recipientAccountId");
                    break;
                case 17 when name.SequenceEqual("requestParameters"u8):
                    ReadRequest(ref reader, detail);
                    break;
                case 16 when name.SequenceEqual("responseElements"u8):
                    ReadResponse(ref reader, detail);
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return detail;
    }

    private static void ReadRequest(ref Utf8JsonReader reader, ContainerInstanceCallDetail detail)
    {
        // A later requestParameters replaces an earlier one whole.
        detail.Cluster = null;
        detail.RequestedContainerInstance = null;
        detail.InstanceIdentityDocument = null;
        if (!LooseStart(ref reader, JsonTokenType.StartObject))
        {
            return;
        }

        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("cluster"u8))
            {
                detail.Cluster = LooseString(ref reader);
            }
            else if (reader.ValueTextEquals("containerInstance"u8))
            {
                detail.RequestedContainerInstance = LooseString(ref reader);
            }
            else if (reader.ValueTextEquals("instanceIdentityDocument"u8))
            {
                detail.InstanceIdentityDocument = LooseString(ref reader);
            }
            else
            {
                SkipValue(ref reader); // totalResources, versionInfo, attributes: the response says what was registered
            }
        }
    }

    private static void ReadResponse(ref Utf8JsonReader reader, ContainerInstanceCallDetail detail)
    {
        // A later responseElements replaces an earlier one whole, and so does a later containerInstance in it.
        detail.ContainerInstance = null;
        detail.ContainerInstanceVouched = true;
        if (!LooseStart(ref reader, JsonTokenType.StartObject))
        {
            return;
        }

        while (NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("containerInstance"u8))
            {
                SkipValue(ref reader);
                continue;
            }

            reader.Read();
            var vouched = true;
            detail.ContainerInstance = reader.TokenType == JsonTokenType.StartObject ? ContainerInstance(ref reader, ref vouched) : null;
            detail.ContainerInstanceVouched = vouched;
            if (detail.ContainerInstance is null)
            {
                reader.Skip();
            }
        }
    }

    /// <summary>
    /// The container instance object the reader is on, as CoreJsonContext deserializes an <see cref="EcsContainerInstanceDetail"/>;
    /// <paramref name="vouched"/> turns false at the first member that read would fail on (the rest is skipped).
    /// </summary>
    private static EcsContainerInstanceDetail ContainerInstance(ref Utf8JsonReader reader, ref bool vouched)
    {
        var instance = new EcsContainerInstanceDetail();
        Span<byte> scratch = stackalloc byte[MemberNameScratch];
        while (NextProperty(ref reader))
        {
            var name = MemberName(in reader, scratch);
            if (!vouched)
            {
                SkipValue(ref reader);
                continue;
            }

            switch (name.Length)
            {
                case 10 when name.SequenceEqual("clusterArn"u8):
                    instance.ClusterArn = String(ref reader, ref vouched);
                    break;
                case 20 when name.SequenceEqual("containerInstanceArn"u8):
                    instance.ContainerInstanceArn = String(ref reader, ref vouched);
                    break;
                case 13 when name.SequenceEqual("ec2InstanceId"u8):
                    instance.Ec2InstanceId = String(ref reader, ref vouched);
                    break;
                case 6 when name.SequenceEqual("status"u8):
                    instance.Status = String(ref reader, ref vouched);
                    break;
                case 10 when name.SequenceEqual("attributes"u8):
                    instance.Attributes = List(ref reader, ref vouched, Attribute);
                    break;
                case 19 when name.SequenceEqual("registeredResources"u8):
                    instance.RegisteredResources = List(ref reader, ref vouched, Resource);
                    break;
                case 12 when name.SequenceEqual("registeredAt"u8):
                    instance.RegisteredAt = Date(ref reader, ref vouched);
                    break;
                case 9 when name.SequenceEqual("updatedAt"u8):
                    instance.UpdatedAt = Date(ref reader, ref vouched);
                    break;
                case 7 when name.SequenceEqual("version"u8):
                    instance.Version = Int64(ref reader, ref vouched);
                    break;
                default:
                    SkipValue(ref reader);
                    break;
            }
        }

        return instance;
    }

    private delegate T ItemReader<T>(ref Utf8JsonReader reader, ref bool vouched);

    /// <summary>A list member's value: null for null; an item that is not an object (a null one too) is not vouched for.</summary>
    private static List<T>? List<T>(ref Utf8JsonReader reader, ref bool vouched, ItemReader<T> read)
        where T : class
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var items = new List<T>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            vouched = false;
            reader.Skip();
            return items;
        }

        while (NextItem(ref reader))
        {
            if (!vouched || reader.TokenType != JsonTokenType.StartObject)
            {
                vouched = false;
                reader.Skip();
                continue;
            }

            items.Add(read(ref reader, ref vouched));
        }

        return items;
    }

    private static NameValue Attribute(ref Utf8JsonReader reader, ref bool vouched)
    {
        var attribute = new NameValue();
        while (NextProperty(ref reader))
        {
            if (vouched && reader.ValueTextEquals("name"u8))
            {
                attribute.Name = String(ref reader, ref vouched);
            }
            else if (vouched && reader.ValueTextEquals("value"u8))
            {
                attribute.Value = String(ref reader, ref vouched);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return attribute;
    }

    private static EcsResource Resource(ref Utf8JsonReader reader, ref bool vouched)
    {
        var resource = new EcsResource();
        while (NextProperty(ref reader))
        {
            if (vouched && reader.ValueTextEquals("name"u8))
            {
                resource.Name = String(ref reader, ref vouched);
            }
            else if (vouched && reader.ValueTextEquals("type"u8))
            {
                resource.Type = String(ref reader, ref vouched);
            }
            else if (vouched && reader.ValueTextEquals("integerValue"u8))
            {
                resource.IntegerValue = Int64(ref reader, ref vouched);
            }
            else
            {
                SkipValue(ref reader); // doubleValue, longValue, stringSetValue: not modelled
            }
        }

        return resource;
    }

    private static string? String(ref Utf8JsonReader reader, ref bool vouched)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return RepeatedStringConverter.ReadString(ref reader);
            case JsonTokenType.Null:
                return null;
            default:
                vouched = false;
                reader.Skip();
                return null;
        }
    }

    private static DateTimeOffset? Date(ref Utf8JsonReader reader, ref bool vouched)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String when reader.TryGetDateTimeOffset(out var at):
                return at;
            default:
                vouched = false; // epoch seconds, "Dec 6, 2016 4:41:06 PM", redacted: the typed read retries without dates
                reader.Skip();
                return null;
        }
    }

    /// <summary>A number, or a quoted one without escapes (CoreJsonContext reads numbers from strings too); anything else is not vouched for.</summary>
    private static long? Int64(ref Utf8JsonReader reader, ref bool vouched)
    {
        reader.Read();
        if (Int64Token(ref reader, out var value))
        {
            return value;
        }

        vouched = false; // a fraction, a boolean, an escaped or unparsable string: the typed read decides
        reader.Skip();
        return null;
    }
}
