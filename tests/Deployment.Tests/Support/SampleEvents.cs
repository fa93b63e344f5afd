using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Deployment.Support;

/// <summary>The shared samples as EventBridge delivers them, and small variations built from them.</summary>
public static class SampleEvents
{
    /// <summary>A sample as an EventBridge event; raw CloudTrail records are wrapped as "AWS API Call via CloudTrail".</summary>
    public static JsonObject Load(string relativePath)
    {
        var node = JsonNode.Parse(SharedEvents.Read(relativePath))!.AsObject();
        return SharedEvents.IsRawCloudTrailRecord(relativePath) ? WrapCloudTrail(node) : node;
    }

    public static JsonObject WrapCloudTrail(JsonObject record)
    {
        var service = ((string)record["eventSource"]!).Split('.')[0];
        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = (string?)record["eventID"] ?? Guid.NewGuid().ToString(),
            ["detail-type"] = "AWS API Call via CloudTrail",
            ["source"] = "aws." + service,
            ["account"] = (string?)record["recipientAccountId"] ?? "123456789012",
            ["time"] = (string?)record["eventTime"],
            ["region"] = (string?)record["awsRegion"] ?? "us-east-1",
            ["resources"] = new JsonArray(),
            ["detail"] = record.DeepClone(),
        };
    }

    public static JsonObject With(JsonObject evt, Action<JsonObject> change)
    {
        var copy = evt.DeepClone().AsObject();
        change(copy);
        return copy;
    }

    /// <summary>The family folder of a sample, which names the state machine that handles it.</summary>
    public static string MachineOf(string relativePath) => relativePath.Split('/')[0] switch
    {
        "batch-job" => "job-states",
        "cloudtrail-create-asg" => "asg-created",
        "ecs-container-instance" => "instance-registration",
        "ecs-task" => "task-placement",
        var other => throw new InvalidOperationException($"no state machine for sample folder {other}"),
    };

    /// <summary>
    /// The container instance a Batch job event names, found the same way the job-states machine looks:
    /// detail.container, detail.ecsProperties.taskProperties[0], then the last attempt's container or first task.
    /// </summary>
    public static string? JobContainerInstance(JsonObject evt)
    {
        var detail = evt["detail"]!;
        var last = detail["attempts"] is JsonArray { Count: > 0 } attempts ? attempts[^1] : null;
        return (string?)detail["container"]?["containerInstanceArn"]
            ?? (string?)detail["ecsProperties"]?["taskProperties"]?[0]?["containerInstanceArn"]
            ?? (string?)last?["container"]?["containerInstanceArn"]
            ?? (string?)last?["taskProperties"]?[0]?["containerInstanceArn"];
    }

    // Constructed events (the shared set has no Batch-owned ECS events and no Batch-invoked CloudTrail calls).
    public const string BatchClusterArn = "arn:aws:ecs:us-east-1:111122223333:cluster/AWSBatch-ce-prod-0a95f22d-7108-3c4e-99f7-2fd92e1a8941";
    public const string OldBatchClusterArn = "arn:aws:ecs:us-east-1:111122223333:cluster/ce-old_Batch_19bef41a-8430-35fb-b7f9-c71086490373";

    public static JsonObject BatchEcsTask(string lastStatus = "RUNNING", string desiredStatus = "RUNNING") =>
        With(Load("ecs-task/awsdocs-ecs-ec2-running-2016.json"), e =>
        {
            e["detail"]!["clusterArn"] = BatchClusterArn;
            e["detail"]!["lastStatus"] = lastStatus;
            e["detail"]!["desiredStatus"] = desiredStatus;
        });

    public static JsonObject BatchFargateTask() =>
        With(Load("ecs-task/awsdocs-ecs-fargate-running-2020.json"), e => e["detail"]!["clusterArn"] = BatchClusterArn);

    public static JsonObject BatchContainerInstance() =>
        With(Load("ecs-container-instance/awsdocs-ecs-container-instance-2016.json"), e => e["detail"]!["clusterArn"] = OldBatchClusterArn);

    public static JsonObject BatchCreateAsg() =>
        With(Load("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json"), e =>
        {
            var identity = e["detail"]!["userIdentity"]!.AsObject();
            identity["type"] = "AssumedRole";
            identity["invokedBy"] = "batch.amazonaws.com";
            e["detail"]!["requestParameters"]!["autoScalingGroupName"] = "AWSBatch-ce-prod-asg-0a95f22d";
        });

    public static JsonObject CloudTrailCall(string source, string eventSource, string eventName, string? invokedBy, JsonObject requestParameters) =>
        WrapCloudTrail(new JsonObject
        {
            ["eventVersion"] = "1.08",
            ["userIdentity"] = invokedBy is null
                ? new JsonObject { ["type"] = "IAMUser", ["userName"] = "alice" }
                : new JsonObject { ["type"] = "AssumedRole", ["invokedBy"] = invokedBy },
            ["eventTime"] = "2024-05-01T12:00:00Z",
            ["eventSource"] = eventSource,
            ["eventName"] = eventName,
            ["awsRegion"] = "us-east-1",
            ["requestParameters"] = requestParameters,
            ["eventID"] = Guid.NewGuid().ToString(),
            ["recipientAccountId"] = "111122223333",
        }).Also(e => e["source"] = source);

    private static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
