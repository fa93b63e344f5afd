using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.DynamoDb;

/// <summary>Instances: plain attributes, because the state machines read them with GetItem and JSONPath.</summary>
public sealed class InstanceItemCodec : IItemCodec<InstanceRecord>
{
    public Dictionary<string, AttributeValue> ToItem(InstanceRecord record) => AttributeValueJson.ToSdkItem(InstanceItemMapping.ToItem(record));

    public InstanceRecord FromItem(Dictionary<string, AttributeValue> item) =>
        InstanceItemMapping.FromItem(AttributeValueJson.ToElement(item)) ?? throw new InvalidDataException("instances item has no ContainerInstanceArn");
}

/// <summary>
/// Jobs: the ledger record as one JSON document attribute, plus the few attributes an operator filters on in the
/// console (Status, JobQueue, LogStreamName) and the TTL.
/// </summary>
public sealed class JobItemCodec : IItemCodec<JobRecord>
{
    public Dictionary<string, AttributeValue> ToItem(JobRecord record)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            ["Doc"] = new() { S = JsonSerializer.Serialize(record, CoreJsonContext.Default.JobRecord) },
        };
        Add(item, "Status", record.Status);
        Add(item, "JobQueue", record.JobQueue);
        Add(item, "LogStreamName", record.LastAttempt?.LogStreamName);
        if (record.ExpiresAt is { } expiresAt)
        {
            item["ExpiresAt"] = new AttributeValue { N = expiresAt.ToString(CultureInfo.InvariantCulture) };
        }

        return item;
    }

    public JobRecord FromItem(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue("Doc", out var doc) && doc.S is not null
            ? JsonSerializer.Deserialize(doc.S, CoreJsonContext.Default.JobRecord) ?? throw new InvalidDataException("jobs item Doc is null")
            : throw new InvalidDataException("jobs item has no Doc attribute");

    private static void Add(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            item[name] = new AttributeValue { S = value };
        }
    }
}

/// <summary>Event markers live in the jobs table under keys that cannot be job ids ("runtask#...", "asg#...").</summary>
public sealed class EventMarkerCodec : IItemCodec<EventMarker>
{
    public Dictionary<string, AttributeValue> ToItem(EventMarker record) => record.ExpiresAt is { } expiresAt
        ? new() { ["ExpiresAt"] = new() { N = expiresAt.ToString(CultureInfo.InvariantCulture) } }
        : new();

    public EventMarker FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Key = item[DynamoDbStores.JobsKey].S!,
        ExpiresAt = item.TryGetValue("ExpiresAt", out var v) && v.N is not null ? long.Parse(v.N, CultureInfo.InvariantCulture) : null,
    };
}
