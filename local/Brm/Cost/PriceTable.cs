namespace BatchRuntimeMonitor.Local.Brm.Cost;

/// <summary>
/// us-east-1 list prices, pinned, with their sources (as collected in shared/cost-model.md, section 2). Re-check
/// before quoting: prices change; this table is data, so updating it is one edit.
/// </summary>
public static class PriceTable
{
    public sealed record Price(string Item, double Usd, string Per, string Source);

    public static readonly Price StepFunctionsExpressRequests = new("Step Functions Express requests", 1.00, "1M requests", "https://aws.amazon.com/step-functions/pricing/");
    public static readonly Price StepFunctionsExpressGbSecond = new("Step Functions Express duration", 0.00001667, "GB-second (first 1,000 GB-hours; billed per 100 ms, 64 MB chunks)", "https://aws.amazon.com/step-functions/pricing/");
    public static readonly Price SqsRequests = new("SQS standard requests", 0.40, "1M requests (64 KB chunks)", "https://aws.amazon.com/sqs/pricing/");
    public static readonly Price LambdaRequests = new("Lambda requests", 0.20, "1M requests", "https://aws.amazon.com/lambda/pricing/");
    public static readonly Price LambdaArmGbSecond = new("Lambda arm64 duration", 0.0000133334, "GB-second", "https://aws.amazon.com/lambda/pricing/");
    public static readonly Price DynamoDbWrites = new("DynamoDB on-demand writes", 0.625, "1M write request units (1 KB)", "https://aws.amazon.com/dynamodb/pricing/on-demand/");
    public static readonly Price DynamoDbReads = new("DynamoDB on-demand reads", 0.125, "1M read request units (4 KB, strongly consistent)", "https://aws.amazon.com/dynamodb/pricing/on-demand/");
    public static readonly Price LogsIngestion = new("CloudWatch Logs ingestion (standard)", 0.50, "GB", "https://aws.amazon.com/cloudwatch/pricing/");
    public static readonly Price LogsStorage = new("CloudWatch Logs storage", 0.03, "GB-month of the compressed archive (15 % of ingested)", "https://aws.amazon.com/cloudwatch/pricing/");
    public static readonly Price CustomMetric = new("CloudWatch custom metrics", 0.30, "metric-month (first 10,000)", "https://aws.amazon.com/cloudwatch/pricing/");
    public static readonly Price Dashboard = new("CloudWatch dashboards", 3.00, "dashboard-month", "https://aws.amazon.com/cloudwatch/pricing/");
    public static readonly Price EventBridgeAwsEvents = new("EventBridge AWS service events on the default bus", 0.00, "event", "https://aws.amazon.com/eventbridge/pricing/");

    public static IReadOnlyList<Price> All { get; } =
    [
        StepFunctionsExpressRequests, StepFunctionsExpressGbSecond, SqsRequests, LambdaRequests, LambdaArmGbSecond, DynamoDbWrites,
        DynamoDbReads, LogsIngestion, LogsStorage, CustomMetric, Dashboard, EventBridgeAwsEvents,
    ];
}
