using BatchRuntimeMonitor.Local.Brm.Cost;
using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// `brm cost` scales a replay's counts to a month: the SQS line bills sends, receives and deletes of the pipeline's
/// messages and only those dead letters the deployed stack would put on a queue.
/// </summary>
public sealed class CostEstimateTests
{
    private static readonly CostAssumptions Assumptions = new();

    [Fact]
    public void Sqs_requests_are_sends_receives_and_deletes_scaled_to_the_month()
    {
        // 1,000 jobs replayed, 10,000 jobs a month: every count times 10. 100 messages -> 1,000 sends, 100 receives of
        // ten and 100 batch deletes.
        var line = SqsLine(new ReplaySummary { Jobs = 1_000, FunctionRecords = 100 }, jobsPerMonth: 10_000);

        line.Quantity.Should().Be("1,200 requests");
        line.Usd.Should().BeApproximately(1_200 / 1e6 * PriceTable.SqsRequests.Usd, 1e-12);
    }

    [Fact]
    public void Rejected_input_and_failed_executions_are_not_billed_as_dead_letter_messages()
    {
        var measured = new ReplaySummary { Jobs = 1_000, FunctionRecords = 100, DeadLetters = 40, DeadLetterMessages = 5 };

        var line = SqsLine(measured, jobsPerMonth: 1_000);

        // 100 sends + 10 receives + 10 deletes + the 5 letters that reached a dead-letter queue, not the 40 letters.
        line.Quantity.Should().Be("125 requests");
    }

    [Fact]
    public void DynamoDB_writes_are_the_writes_the_replay_counted_and_reads_one_per_record()
    {
        // 100 records delivered, 70 of them wrote (the rest were duplicates that changed nothing).
        var lines = CostEstimate.Compute(new ReplaySummary { Jobs = 1_000, FunctionRecords = 100, StoreWrites = 70 }, 1_000, dashboards: 1, Assumptions);

        lines.Single(l => l.Item == "DynamoDB writes").Quantity.Should().Be($"{70 * Assumptions.WriteUnitsPerUpdate:N0} WRU");
        lines.Single(l => l.Item == "DynamoDB reads").Quantity.Should().Be("100 RRU");
    }

    [Fact]
    public void A_summary_from_before_writes_were_counted_prices_one_write_per_record()
    {
        var lines = CostEstimate.Compute(new ReplaySummary { Jobs = 1_000, FunctionRecords = 100 }, 1_000, dashboards: 1, Assumptions);

        lines.Single(l => l.Item == "DynamoDB writes").Quantity.Should().Be($"{100 * Assumptions.WriteUnitsPerUpdate:N0} WRU");
    }

    [Fact]
    public void A_replay_without_jobs_estimates_nothing_rather_than_dividing_by_zero()
    {
        var lines = CostEstimate.Compute(new ReplaySummary { FunctionRecords = 100, DeadLetterMessages = 3 }, 1_000_000, dashboards: 0, Assumptions);

        lines.Where(l => !l.Monthly).Should().OnlyContain(l => l.Usd == 0);
    }

    private static CostLine SqsLine(ReplaySummary summary, long jobsPerMonth) =>
        CostEstimate.Compute(summary, jobsPerMonth, dashboards: 1, Assumptions).Single(l => l.Item.StartsWith("SQS", StringComparison.Ordinal));
}
