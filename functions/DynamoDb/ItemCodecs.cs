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
    /// <summary>
    /// The budget for the Doc attribute: DynamoDB's 400 KB item limit less room for the key, Version and the
    /// console attributes (each at most a few KB).
    /// </summary>
    public const int MaxDocBytes = 380 * 1024;

    /// <summary>Attempts kept with every field when the Doc has to be compacted: the newest ones.</summary>
    public const int DetailedAttempts = 20;

    public Dictionary<string, AttributeValue> ToItem(JobRecord record)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            ["Doc"] = new() { S = JobDocCompactor.Serialize(record, MaxDocBytes, DetailedAttempts) },
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

/// <summary>
/// Keeps a job's Doc under the item limit. Batch allows at most 10 attempts per job, so real records are a few KB;
/// a pathological record (hundreds of attempts, long reasons) is compacted instead of failing the whole SQS
/// message forever:
/// 1. the newest <c>detailedAttempts</c> attempts (by start time, as <see cref="JobRecord.LastAttempt"/> orders them)
///    keep every field; older ones keep only Key, TaskArn, StartedAt, StoppedAt and ExitCode (the free-text
///    reasons, log stream and placement attributes are dropped);
/// 2. if that is still too big, the oldest attempts are dropped entirely, keeping the newest <c>detailedAttempts</c>.
/// Emitted keeps every key, so nothing is ever counted twice, and a later event for a dropped attempt just re-adds
/// it (its "placed" metric is already marked). The record passed in is never modified. If even step 2 cannot fit
/// (e.g. thousands of dependencies), the store's size check fails the write with the table and key named.
/// </summary>
public static class JobDocCompactor
{
    private static readonly string[] KeptAttemptFields = [nameof(JobAttempt.Key), nameof(JobAttempt.TaskArn), nameof(JobAttempt.StartedAt), nameof(JobAttempt.StoppedAt), nameof(JobAttempt.ExitCode)];

    public static string Serialize(JobRecord record, int maxBytes, int detailedAttempts)
    {
        var json = JsonSerializer.Serialize(record, CoreJsonContext.Default.JobRecord);
        if (json.Length <= maxBytes / 4 || System.Text.Encoding.UTF8.GetByteCount(json) <= maxBytes || record.Attempts.Count <= detailedAttempts)
        {
            return json;
        }

        var node = JsonSerializer.SerializeToNode(record, CoreJsonContext.Default.JobRecord)!.AsObject();
        var attempts = node[nameof(JobRecord.Attempts)]!.AsArray();

        // Newest first, the same order LastAttempt uses (start time, then key), so the attempt shown is always kept whole.
        var order = record.Attempts
            .Select((attempt, index) => (attempt, index))
            .OrderByDescending(a => a.attempt.StartedAt ?? long.MinValue)
            .ThenByDescending(a => a.attempt.Key, StringComparer.Ordinal)
            .Select(a => a.index)
            .ToList();
        var keep = new HashSet<int>(order.Take(detailedAttempts));

        var compacted = new System.Text.Json.Nodes.JsonArray();
        for (var i = 0; i < attempts.Count; i++)
        {
            var attempt = attempts[i]!.AsObject();
            if (keep.Contains(i))
            {
                compacted.Add(attempt.DeepClone());
                continue;
            }

            var slim = new System.Text.Json.Nodes.JsonObject();
            foreach (var field in KeptAttemptFields)
            {
                if (attempt[field] is { } value)
                {
                    slim[field] = value.DeepClone();
                }
            }

            compacted.Add(slim);
        }

        node[nameof(JobRecord.Attempts)] = compacted;
        json = node.ToJsonString();
        if (System.Text.Encoding.UTF8.GetByteCount(json) <= maxBytes)
        {
            return json;
        }

        var newest = new System.Text.Json.Nodes.JsonArray();
        for (var i = 0; i < compacted.Count; i++)
        {
            if (keep.Contains(i))
            {
                newest.Add(compacted[i]!.DeepClone());
            }
        }

        node[nameof(JobRecord.Attempts)] = newest;
        return node.ToJsonString();
    }
}
