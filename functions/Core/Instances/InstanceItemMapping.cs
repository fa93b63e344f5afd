using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Runtime.InteropServices;

namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>
/// The instances-table item in DynamoDB attribute-value JSON. One mapping serves the DynamoDB store, the local
/// interpreter's GetItem and the functions reading a state machine's join, so the three cannot disagree.
/// </summary>
public static class InstanceItemMapping
{
    public const string KeyAttribute = "ContainerInstanceArn";

    public static JsonObject ToItem(InstanceRecord record)
    {
        var item = new JsonObject { [KeyAttribute] = S(record.ContainerInstanceArn) };
        AddS(item, nameof(InstanceRecord.Ec2InstanceId), record.Ec2InstanceId);
        AddS(item, nameof(InstanceRecord.InstanceType), record.InstanceType);
        AddS(item, nameof(InstanceRecord.AvailabilityZone), record.AvailabilityZone);
        AddS(item, nameof(InstanceRecord.Architecture), record.Architecture);
        AddS(item, nameof(InstanceRecord.AmiId), record.AmiId);
        AddS(item, nameof(InstanceRecord.ClusterName), record.ClusterName);
        AddS(item, nameof(InstanceRecord.ComputeEnvironment), record.ComputeEnvironment);
        AddN(item, nameof(InstanceRecord.RegisteredVcpus), record.RegisteredVcpus?.ToString("R", CultureInfo.InvariantCulture));
        AddN(item, nameof(InstanceRecord.RegisteredMemoryMiB), record.RegisteredMemoryMiB?.ToString(CultureInfo.InvariantCulture));
        AddN(item, nameof(InstanceRecord.RegisteredAt), record.RegisteredAt?.ToString(CultureInfo.InvariantCulture));
        AddN(item, nameof(InstanceRecord.DeregisteredAt), record.DeregisteredAt?.ToString(CultureInfo.InvariantCulture));
        AddN(item, nameof(InstanceRecord.ExpiresAt), record.ExpiresAt?.ToString(CultureInfo.InvariantCulture));
        item[nameof(InstanceRecord.RegistrationCounted)] = new JsonObject { ["BOOL"] = record.RegistrationCounted };
        item[nameof(InstanceRecord.DeregistrationCounted)] = new JsonObject { ["BOOL"] = record.DeregistrationCounted };
        // A DynamoDB string set cannot be empty: absent means nothing counted (or awaited) yet.
        AddSS(item, nameof(InstanceRecord.CountedSets), record.CountedSets);
        AddSS(item, nameof(InstanceRecord.AwaitingJobs), record.AwaitingJobs);
        AddN(item, nameof(InstanceRecord.AwaitingOverflow), record.AwaitingOverflow?.ToString(CultureInfo.InvariantCulture));
        return item;
    }

    /// <summary>Reads an item (attribute-value JSON) with <see cref="InstanceItemJsonConverter"/>, the one reading of it.</summary>
    public static InstanceRecord? FromItem(JsonElement item)
    {
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(item));
        reader.Read();
        return InstanceItemJsonConverter.ReadItem(ref reader);
    }

    private static JsonObject S(string value) => new() { ["S"] = value };

    private static void AddS(JsonObject item, string name, string? value)
    {
        // DynamoDB rejects empty strings in key attributes and we never need them elsewhere: absent means unknown.
        if (!string.IsNullOrEmpty(value))
        {
            item[name] = S(value);
        }
    }

    private static void AddN(JsonObject item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = new JsonObject { ["N"] = value };
        }
    }

    private static void AddSS(JsonObject item, string name, SortedSet<string>? values)
    {
        if (values is { Count: > 0 })
        {
            item[name] = new JsonObject { ["SS"] = new JsonArray(values.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()) };
        }
    }
}
