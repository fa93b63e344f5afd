using System.Text.Json;

namespace BatchRuntimeMonitor.Benchmarks.Moto;

/// <summary>What one run of the sample produced, in the terms a user checks after a replay.</summary>
public sealed record RunFigures
{
    public required double Seconds { get; init; }

    /// <summary>Processor time over the same span: this process, and for moto also the moto_server process.</summary>
    public required double CpuSeconds { get; init; }

    public required long Events { get; init; }

    public required IReadOnlyDictionary<string, long> ExecutionsByStateMachine { get; init; }

    public required long ExecutionsFailed { get; init; }

    public required IReadOnlyDictionary<string, long> MessagesByQueue { get; init; }

    public required long JoinsFound { get; init; }

    public required long JoinsNotFound { get; init; }

    /// <summary>Messages a function reported as failed (locally: dead-lettered after the queue's retries).</summary>
    public required long FunctionFailures { get; init; }

    /// <summary>Job id -> its jobs.jsonl line (JobLedgerLine, after the same attribution backfill brm replay does).</summary>
    public required IReadOnlyDictionary<string, string> Ledger { get; init; }

    public required long Instances { get; init; }

    public required long InsightRecords { get; init; }

    public required SortedDictionary<string, SortedDictionary<string, double>> Metrics { get; init; }

    public double EventsPerSecond => Events / Math.Max(Seconds, 1e-9);

    public static string StatusOf(string ledgerLine)
    {
        using var document = JsonDocument.Parse(ledgerLine);
        return document.RootElement.TryGetProperty("Status", out var status) ? status.GetString() ?? "" : "";
    }

    public static IReadOnlyDictionary<string, string> ReadLedger(string jobsJsonl) =>
        File.ReadLines(jobsJsonl).ToDictionary(JobIdOf, line => line, StringComparer.Ordinal);

    private static string JobIdOf(string ledgerLine)
    {
        using var document = JsonDocument.Parse(ledgerLine);
        return document.RootElement.GetProperty("JobId").GetString()!;
    }
}
