using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>Who made a CloudTrail-recorded call, written as CloudTrail's userIdentity, sourceIPAddress and userAgent.</summary>
internal abstract record CallerIdentity
{
    public abstract void Write(Utf8JsonWriter w, string account);

    public abstract string SourceIp { get; }

    public abstract string UserAgent { get; }

    protected static void WriteAssumedRole(Utf8JsonWriter w, string account, string role, string rolePath, string session, string principalSuffix)
    {
        w.WriteStartObject("userIdentity");
        w.WriteString("type", "AssumedRole");
        w.WriteString("principalId", $"AROA{principalSuffix}:{session}");
        w.WriteString("arn", $"arn:aws:sts::{account}:assumed-role/{role}/{session}");
        w.WriteString("accountId", account);
        w.WriteStartObject("sessionContext");
        w.WriteStartObject("sessionIssuer");
        w.WriteString("type", "Role");
        w.WriteString("principalId", $"AROA{principalSuffix}");
        w.WriteString("arn", $"arn:aws:iam::{account}:role/{rolePath}{role}");
        w.WriteString("accountId", account);
        w.WriteString("userName", role);
        w.WriteEndObject();
        w.WriteStartObject("attributes");
        w.WriteString("creationDate", "2026-11-19T23:00:00Z");
        w.WriteString("mfaAuthenticated", "false");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

/// <summary>Batch acting through its service-linked role: RunTask, DeregisterContainerInstance, CreateAutoScalingGroup.</summary>
internal sealed record BatchServiceCaller : CallerIdentity
{
    public static readonly BatchServiceCaller Instance = new();

    public override string SourceIp => "batch.amazonaws.com";

    public override string UserAgent => "batch.amazonaws.com";

    public override void Write(Utf8JsonWriter w, string account)
    {
        WriteAssumedRole(w, account, "AWSServiceRoleForBatch", "aws-service-role/batch.amazonaws.com/", "aws-batch", "ZBATCHSERVICEEXAMPLE");
        // invokedBy sits inside userIdentity in CloudTrail records of calls an AWS service makes for you.
        w.WriteString("invokedBy", "batch.amazonaws.com");
        w.WriteEndObject();
    }
}

/// <summary>The ECS agent on an instance registering it, with the instance role; the session name is the instance id.</summary>
internal sealed record EcsAgentCaller(string Ec2InstanceId, string PrivateIp) : CallerIdentity
{
    public override string SourceIp => PrivateIp;

    public override string UserAgent => "Go-http-client/1.1 (amazon-ecs-agent/1.89.2)";

    public override void Write(Utf8JsonWriter w, string account)
    {
        WriteAssumedRole(w, account, "ecsInstanceRole", "", Ec2InstanceId, "ZECSINSTANCEEXAMPLE");
        w.WriteEndObject();
    }
}

/// <summary>The workflow tool submitting jobs.</summary>
internal sealed record SubmitterCaller : CallerIdentity
{
    public static readonly SubmitterCaller Instance = new();

    public override string SourceIp => "10.0.200.17";

    public override string UserAgent => "Boto3/1.40.2 md/Botocore#1.40.2 ua/2.1 os/linux lang/python#3.12.3 cfg/retry-mode#legacy";

    public override void Write(Utf8JsonWriter w, string account)
    {
        WriteAssumedRole(w, account, "pipeline-scheduler", "", "airflow-worker", "ZSUBMITTEREXAMPLE");
        w.WriteEndObject();
    }
}
