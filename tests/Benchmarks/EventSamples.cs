using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Benchmarks;

/// <summary>The event kinds measured; JobLifecycle is RUNNABLE, STARTING, RUNNING, SUCCEEDED of one job, in order.</summary>
public enum EventKind
{
    JobRunnable,
    JobStarting,
    JobRunning,
    JobSucceeded,
    JobLifecycle,
    TaskStateChange,
    ContainerInstanceStateChange,
    RunTaskCall,
    SubmitJobCall,
}

/// <summary>
/// Pipeline record bodies (docs/architecture.md contract) built from the real samples in ../shared/events, each with a
/// fresh job id / instance ARN / CloudTrail event id so every record takes the "first time" paths. The ECS task
/// event started by Batch, RunTask and SubmitJob records are constructed (no public captures exist; see SOURCES.md).
/// </summary>
public static class EventSamples
{
    private const string Account = "123456789012";
    private const string Cluster = "AWSBatch-batch-compute-env-dev-0a95f22d-7108-3c4e-99f7-2fd92e1a8941";
    private const string InstanceArnPrefix = $"arn:aws:ecs:us-east-1:{Account}:container-instance/{Cluster}/";
    private static readonly string[] SampleJobIds = ["a58812f1-a6bc-4791-a0ba-26618d74bb33", "7419bcec-23b4-4a65-981b-857c5a9040a5"];

    private static readonly Lazy<string> EventsFolder = new(FindEvents);

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(EventsFolder.Value, relativePath));

    /// <summary>The bodies for one "unit" of a kind with fresh ids: one record, or four for the lifecycle.</summary>
    public static IReadOnlyList<string> Bodies(EventKind kind, int seed)
    {
        var id = Guid.NewGuid().ToString();
        return kind switch
        {
            EventKind.JobRunnable => [JobBody("runnable", id)],
            EventKind.JobStarting => [JobBody("starting", id)],
            EventKind.JobRunning => [JobBody("running", id)],
            EventKind.JobSucceeded => [JobBody("succeeded", id)],
            EventKind.JobLifecycle => [JobBody("runnable", id), JobBody("starting", id), JobBody("running", id), JobBody("succeeded", id)],
            EventKind.TaskStateChange => [TaskBody(id)],
            EventKind.ContainerInstanceStateChange => [ContainerInstanceBody(seed)],
            EventKind.RunTaskCall => [RunTaskBody(id)],
            EventKind.SubmitJobCall => [SubmitJobBody(id)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public static string JobBody(string status, string jobId)
    {
        var json = Read($"batch-job/aws-batch-runtime-monitoring-ecsproperties-{status}.json");
        foreach (var sample in SampleJobIds)
        {
            json = json.Replace(sample, jobId, StringComparison.Ordinal);
        }

        var detail = JsonNode.Parse(json)!["detail"]!;
        var instanceArn = (string?)detail["container"]?["containerInstanceArn"] ?? (string?)detail["ecsProperties"]?["taskProperties"]?[0]?["containerInstanceArn"];
        return Pipeline(RecordKind.JobStateChange, json, instanceArn);
    }

    public static string TaskBody(string jobId)
    {
        var envelope = JsonNode.Parse(Read("ecs-task/awsdocs-ecs-ec2-running-2016.json"))!;
        var detail = envelope["detail"]!;
        var instanceArn = InstanceArnPrefix + "f711cf81b719480385a66cc3329704b1";
        var taskArn = $"arn:aws:ecs:us-east-1:{Account}:task/{Cluster}/{Guid.NewGuid():N}";
        detail["clusterArn"] = $"arn:aws:ecs:us-east-1:{Account}:cluster/{Cluster}";
        detail["containerInstanceArn"] = instanceArn;
        detail["taskArn"] = taskArn;
        detail["startedBy"] = "AWS Batch";
        detail["overrides"] = JsonNode.Parse($$"""
            {"containerOverrides":[{"name":"default","environment":[
              {"name":"AWS_BATCH_JOB_ID","value":"{{jobId}}"},
              {"name":"AWS_BATCH_JQ_NAME","value":"batch-job-queue-dev"},
              {"name":"AWS_BATCH_CE_NAME","value":"batch-compute-env-dev"},
              {"name":"AWS_BATCH_JOB_ATTEMPT","value":"1"}]}]}
            """);
        envelope["resources"] = new JsonArray(taskArn);
        return Pipeline(RecordKind.TaskStateChange, envelope.ToJsonString(), instanceArn);
    }

    public static string ContainerInstanceBody(int seed)
    {
        var json = Read("ecs-container-instance/awsdocs-ecs-container-instance-2016.json")
            .Replace("b54a2a04-046f-4331-9d74-3f6d7f6ca315", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("cluster/default", "cluster/" + Cluster, StringComparison.Ordinal)
            .Replace("i-f3a8506b", $"i-{seed:x17}", StringComparison.Ordinal);
        return Pipeline(RecordKind.ContainerInstanceStateChange, json, null);
    }

    public static string RunTaskBody(string eventId) => Pipeline(RecordKind.RunTaskCall, CloudTrail("ecs.amazonaws.com", "RunTask", eventId, $$"""
        {
          "eventVersion": "1.08",
          "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::{{Account}}:assumed-role/AWSServiceRoleForBatch/aws-batch", "accountId": "{{Account}}", "invokedBy": "batch.amazonaws.com"},
          "eventTime": "2025-10-17T13:19:20Z", "eventSource": "ecs.amazonaws.com", "eventName": "RunTask", "awsRegion": "us-east-1",
          "sourceIPAddress": "batch.amazonaws.com", "userAgent": "batch.amazonaws.com",
          "requestParameters": {
            "cluster": "arn:aws:ecs:us-east-1:{{Account}}:cluster/{{Cluster}}",
            "taskDefinition": "arn:aws:ecs:us-east-1:{{Account}}:task-definition/cpu-stress-test-dev:2", "count": 1, "startedBy": "AWS Batch",
            "overrides": {"containerOverrides": [{"name": "cpu-stress-container", "environment": [{"name": "AWS_BATCH_JOB_ID", "value": "HIDDEN_DUE_TO_SECURITY_REASONS"}]}]},
            "tags": [
              {"key": "aws:batch:compute-environment", "value": "arn:aws:batch:us-east-1:{{Account}}:compute-environment/batch-compute-env-dev"},
              {"key": "aws:batch:job-queue", "value": "arn:aws:batch:us-east-1:{{Account}}:job-queue/batch-job-queue-dev"}]
          },
          "responseElements": {"tasks": [], "failures": [
            {"arn": "{{InstanceArnPrefix}}f711cf81b719480385a66cc3329704b1", "reason": "RESOURCE:MEMORY"},
            {"arn": "{{InstanceArnPrefix}}0000000000000000000000000000abcd", "reason": "RESOURCE:CPU"}]},
          "requestID": "{{Guid.NewGuid()}}", "eventID": "{{eventId}}", "readOnly": false, "eventType": "AwsApiCall", "managementEvent": true,
          "recipientAccountId": "{{Account}}", "eventCategory": "Management"
        }
        """), null);

    public static string SubmitJobBody(string jobId) => Pipeline(RecordKind.SubmitJobCall, CloudTrail("batch.amazonaws.com", "SubmitJob", Guid.NewGuid().ToString(), $$"""
        {
          "eventVersion": "1.08",
          "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::{{Account}}:user/scientist", "accountId": "{{Account}}"},
          "eventTime": "2025-10-17T13:16:51Z", "eventSource": "batch.amazonaws.com", "eventName": "SubmitJob", "awsRegion": "us-east-1",
          "sourceIPAddress": "203.0.113.10", "userAgent": "aws-cli/2.15.0",
          "requestParameters": {
            "jobName": "cpu-stress-test", "jobQueue": "arn:aws:batch:us-east-1:{{Account}}:job-queue/batch-job-queue-dev",
            "jobDefinition": "arn:aws:batch:us-east-1:{{Account}}:job-definition/cpu-stress-test-dev:2",
            "dependsOn": [{"jobId": "11111111-2222-3333-4444-555555555555", "type": "SEQUENTIAL"}]
          },
          "responseElements": {"jobArn": "arn:aws:batch:us-east-1:{{Account}}:job/{{jobId}}", "jobName": "cpu-stress-test", "jobId": "{{jobId}}"},
          "requestID": "{{Guid.NewGuid()}}", "eventID": "{{Guid.NewGuid()}}", "readOnly": false, "eventType": "AwsApiCall", "managementEvent": true,
          "recipientAccountId": "{{Account}}", "eventCategory": "Management"
        }
        """), null);

    /// <summary>"AWS API Call via CloudTrail": EventBridge's envelope around a CloudTrail record.</summary>
    private static string CloudTrail(string source, string eventName, string id, string record) => $$"""
        {"version":"0","id":"{{id}}","detail-type":"AWS API Call via CloudTrail","source":"{{source.Replace(".amazonaws.com", "", StringComparison.Ordinal).Insert(0, "aws.")}}",
         "account":"{{Account}}","time":"2025-10-17T13:19:20Z","region":"us-east-1","resources":[],"detail":{{record}}}
        """;

    /// <summary>The SQS body a state machine sends; job and task events carry the join of their container instance.</summary>
    private static string Pipeline(string kind, string eventJson, string? instanceArn)
    {
        var record = new JsonObject { ["schema"] = PipelineSchema.Current, ["kind"] = kind, ["event"] = JsonNode.Parse(eventJson) };
        if (instanceArn is not null)
        {
            record["join"] = new JsonObject
            {
                ["containerInstanceArn"] = instanceArn,
                ["found"] = true,
                ["attempts"] = 1,
                ["item"] = InstanceItemMapping.ToItem(Instance(instanceArn)),
            };
        }

        return record.ToJsonString();
    }

    public static InstanceRecord Instance(string arn) => new()
    {
        ContainerInstanceArn = arn,
        Ec2InstanceId = "i-0123456789abcdef0",
        InstanceType = "m6g.large",
        AvailabilityZone = "us-east-1a",
        Architecture = "arm64",
        AmiId = "ami-0abcdef1234567890",
        ClusterName = Cluster,
        ComputeEnvironment = "batch-compute-env-dev",
        RegisteredVcpus = 2,
        RegisteredMemoryMiB = 7680,
        RegisteredAt = 1_760_700_000_000,
        RegistrationCounted = true,
        ExpiresAt = 1_763_292_000,
    };

    private static string FindEvents()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BatchRuntimeMonitor.sln")))
            {
                return Path.Combine(dir.Parent!.FullName, "shared", "events");
            }
        }

        throw new InvalidOperationException($"BatchRuntimeMonitor.sln not found above {AppContext.BaseDirectory}");
    }
}
