using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Core.Support;

/// <summary>Builds the JSON the state machines and SQS deliver: pipeline records and SQS events.</summary>
public static class PipelineJson
{
    /// <summary>An EventBridge event from shared/events; raw CloudTrail records come back wrapped as EventBridge delivers them.</summary>
    public static JsonObject SharedEvent(string relativePath)
    {
        var node = JsonNode.Parse(SharedEvents.Read(relativePath))!.AsObject();
        return SharedEvents.IsRawCloudTrailRecord(relativePath) ? WrapCloudTrail(node) : node;
    }

    /// <summary>The "AWS API Call via CloudTrail" EventBridge event whose detail is <paramref name="record"/>.</summary>
    public static JsonObject WrapCloudTrail(JsonObject record)
    {
        var source = record["eventSource"]?.GetValue<string>() is { } s ? "aws." + s.Split('.')[0] : "aws.unknown";
        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = "cloudtrail-" + (record["eventID"]?.GetValue<string>() ?? Guid.NewGuid().ToString()),
            ["detail-type"] = "AWS API Call via CloudTrail",
            ["source"] = source,
            ["account"] = record["recipientAccountId"]?.GetValue<string>() ?? "123456789012",
            ["time"] = record["eventTime"]?.GetValue<string>(),
            ["region"] = record["awsRegion"]?.GetValue<string>() ?? "us-east-1",
            ["resources"] = new JsonArray(),
            ["detail"] = record.DeepClone(),
        };
    }

    public static JsonObject Record(string kind, JsonNode @event, JsonObject? join = null, JsonObject? metricsCollection = null)
    {
        var record = new JsonObject { ["schema"] = PipelineSchema.Current, ["kind"] = kind, ["event"] = @event.DeepClone() };
        if (join is not null)
        {
            record["join"] = join;
        }

        if (metricsCollection is not null)
        {
            record["metricsCollection"] = metricsCollection;
        }

        return record;
    }

    public static JsonObject Join(string containerInstanceArn, JsonObject? item, int attempts = 1)
    {
        var join = new JsonObject { ["containerInstanceArn"] = containerInstanceArn, ["found"] = item is not null, ["attempts"] = attempts };
        if (item is not null)
        {
            join["item"] = item;
        }

        return join;
    }

    public static string SqsEvent(params (string MessageId, string Body)[] messages)
    {
        var records = new JsonArray();
        foreach (var (id, body) in messages)
        {
            records.Add(new JsonObject
            {
                ["messageId"] = id,
                ["receiptHandle"] = "rh-" + id,
                ["body"] = body,
                ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1" },
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = "arn:aws:sqs:us-east-1:123456789012:JobEventsQueue",
                ["awsRegion"] = "us-east-1",
            });
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }

    public static string SqsEvent(params JsonObject[] records) =>
        SqsEvent(records.Select((r, i) => ($"m{i}", r.ToJsonString())).ToArray());

    public static long EpochMs(string isoTime) => DateTimeOffset.Parse(isoTime, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    public static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
}
