using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

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

    /// <summary>Reads an item; attributes that are missing or of another type read as unknown.</summary>
    public static InstanceRecord? FromItem(JsonElement item)
    {
        var arn = GetS(item, KeyAttribute);
        if (arn is null)
        {
            return null;
        }

        return new InstanceRecord
        {
            ContainerInstanceArn = arn,
            Ec2InstanceId = GetS(item, nameof(InstanceRecord.Ec2InstanceId)),
            InstanceType = GetS(item, nameof(InstanceRecord.InstanceType)),
            AvailabilityZone = GetS(item, nameof(InstanceRecord.AvailabilityZone)),
            Architecture = GetS(item, nameof(InstanceRecord.Architecture)),
            AmiId = GetS(item, nameof(InstanceRecord.AmiId)),
            ClusterName = GetS(item, nameof(InstanceRecord.ClusterName)),
            ComputeEnvironment = GetS(item, nameof(InstanceRecord.ComputeEnvironment)),
            RegisteredVcpus = GetN(item, nameof(InstanceRecord.RegisteredVcpus)) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : null,
            RegisteredMemoryMiB = GetLong(item, nameof(InstanceRecord.RegisteredMemoryMiB)),
            RegisteredAt = GetLong(item, nameof(InstanceRecord.RegisteredAt)),
            DeregisteredAt = GetLong(item, nameof(InstanceRecord.DeregisteredAt)),
            ExpiresAt = GetLong(item, nameof(InstanceRecord.ExpiresAt)),
            RegistrationCounted = GetBool(item, nameof(InstanceRecord.RegistrationCounted)),
            DeregistrationCounted = GetBool(item, nameof(InstanceRecord.DeregistrationCounted)),
            CountedSets = GetStringSet(item, nameof(InstanceRecord.CountedSets)),
            AwaitingJobs = GetStringSet(item, nameof(InstanceRecord.AwaitingJobs)) is { Count: > 0 } awaiting ? awaiting : null,
            AwaitingOverflow = GetLong(item, nameof(InstanceRecord.AwaitingOverflow)),
        };
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

    private static string? GetS(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var attribute) && attribute.ValueKind == JsonValueKind.Object
        && attribute.TryGetProperty("S", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

    private static string? GetN(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var attribute) && attribute.ValueKind == JsonValueKind.Object
        && attribute.TryGetProperty("N", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;

    private static long? GetLong(JsonElement item, string name) =>
        GetN(item, name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static SortedSet<string> GetStringSet(JsonElement item, string name)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var attribute) && attribute.ValueKind == JsonValueKind.Object
            && attribute.TryGetProperty("SS", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            foreach (var value in values.EnumerateArray())
            {
                if (value.ValueKind == JsonValueKind.String)
                {
                    set.Add(value.GetString()!);
                }
            }
        }

        return set;
    }

    private static bool GetBool(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var attribute) && attribute.ValueKind == JsonValueKind.Object
        && attribute.TryGetProperty("BOOL", out var b) && b.ValueKind == JsonValueKind.True;
}
