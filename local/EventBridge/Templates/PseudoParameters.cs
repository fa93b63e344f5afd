namespace BatchRuntimeMonitor.Local.EventBridge.Templates;

/// <summary>The AWS:: pseudo parameters, defaulting to the fixed local account and region.</summary>
public sealed record PseudoParameters(
    string Region = "us-east-1",
    string AccountId = "123456789012",
    string Partition = "aws",
    string StackName = "batch-runtime-monitor-local",
    string UrlSuffix = "amazonaws.com")
{
    public string StackId => $"arn:{Partition}:cloudformation:{Region}:{AccountId}:stack/{StackName}/00000000-0000-0000-0000-000000000000";
}
