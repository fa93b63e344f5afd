using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Local.Brm.Cost;

/// <summary>Assumptions that a replay cannot measure, stated once and printed with the estimate.</summary>
public sealed record CostAssumptions
{
    /// <summary>Express executions here are short (a filter, one GetItem, one SendMessage): billed at the 100 ms minimum.</summary>
    public double BilledExecutionSeconds { get; init; } = 0.1;

    /// <summary>Billed memory: 64 MB, the smallest chunk (50 MB base + definition + payload stays under it).</summary>
    public double ExecutionMemoryGb { get; init; } = 0.0625;

    public int FunctionMemoryMb { get; init; } = 512;

    /// <summary>Per batch invocation: fixed overhead plus per-record work (docs/performance.md measures the latter in microseconds).</summary>
    public double InvocationMs { get; init; } = 5;

    public double PerRecordMs { get; init; } = 0.1;

    /// <summary>Every ledger or registry update is one strongly consistent read and one conditional put of ~2 KB.</summary>
    public double WriteUnitsPerUpdate { get; init; } = 2;

    public double LogRetentionMonths { get; init; } = 12;
}

public sealed record CostLine(string Item, string Quantity, double Usd, bool Monthly);

/// <summary>
/// Scales what a replay measured (executions, messages, batches, bytes of EMF and insight lines, the metric
/// dimension combinations it produced) to a month with <c>jobsPerMonth</c> jobs and prices it itemised.
/// </summary>
public static class CostEstimate
{
    public static IReadOnlyList<CostLine> Compute(ReplaySummary replay, long jobsPerMonth, int dashboards, CostAssumptions assumptions)
    {
        var scale = replay.Jobs == 0 ? 0 : (double)jobsPerMonth / replay.Jobs;
        var executions = replay.Executions * scale;
        var messages = replay.FunctionRecords * scale;
        var batches = replay.FunctionBatches * scale;

        // Only what reaches a dead-letter queue is an SQS request; rejected input and failed executions are not.
        var dlqMessages = replay.DeadLetterMessages * scale;
        var reads = messages; // each delivered record reads its registry or ledger record once
        // The writes the replay counted; a summary written before it counted them (0) falls back to one per record.
        var writes = (replay.StoreWrites > 0 ? replay.StoreWrites : replay.FunctionRecords) * scale;
        var logGb = (replay.EmfBytes + replay.InsightBytes) * scale / 1e9;
        var metrics = replay.Metrics.Values.Sum(byKey => byKey.Count);

        // The ESM receives up to 10 messages per ReceiveMessage and deletes them in one DeleteMessageBatch.
        var sqsRequests = messages + dlqMessages + (Math.Ceiling(messages / 10) * 2);
        var lambdaGbSeconds = ((batches * assumptions.InvocationMs) + (messages * assumptions.PerRecordMs)) / 1000 * (assumptions.FunctionMemoryMb / 1024.0);

        return
        [
            new("Step Functions Express requests", $"{executions:N0} executions", executions / 1e6 * PriceTable.StepFunctionsExpressRequests.Usd, false),
            new("Step Functions Express duration", $"{executions * assumptions.BilledExecutionSeconds * assumptions.ExecutionMemoryGb:N0} GB-s", executions * assumptions.BilledExecutionSeconds * assumptions.ExecutionMemoryGb * PriceTable.StepFunctionsExpressGbSecond.Usd, false),
            new("SQS requests (send, receive, delete)", $"{sqsRequests:N0} requests", sqsRequests / 1e6 * PriceTable.SqsRequests.Usd, false),
            new("Lambda requests", $"{batches:N0} invocations", batches / 1e6 * PriceTable.LambdaRequests.Usd, false),
            new("Lambda duration (arm64)", $"{lambdaGbSeconds:N0} GB-s", lambdaGbSeconds * PriceTable.LambdaArmGbSecond.Usd, false),
            new("DynamoDB writes", $"{writes * assumptions.WriteUnitsPerUpdate:N0} WRU", writes * assumptions.WriteUnitsPerUpdate / 1e6 * PriceTable.DynamoDbWrites.Usd, false),
            new("DynamoDB reads", $"{reads:N0} RRU", reads / 1e6 * PriceTable.DynamoDbReads.Usd, false),
            new("CloudWatch Logs ingestion (EMF + insight records)", $"{logGb:N3} GB", logGb * PriceTable.LogsIngestion.Usd, false),
            new("CloudWatch Logs storage", $"{logGb * 0.15:N3} GB x {assumptions.LogRetentionMonths} months", logGb * 0.15 * assumptions.LogRetentionMonths * PriceTable.LogsStorage.Usd, false),
            new("EventBridge (AWS events, default bus)", "free", 0, false),
            new("Custom metrics", $"{metrics:N0} metrics", metrics * PriceTable.CustomMetric.Usd, true),
            new("Dashboards", $"{dashboards} dashboards", dashboards * PriceTable.Dashboard.Usd, true),
        ];
    }
}
