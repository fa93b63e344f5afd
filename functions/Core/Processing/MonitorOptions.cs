using System.Globalization;
using BatchRuntimeMonitor.Core.Metrics;

namespace BatchRuntimeMonitor.Core;

/// <summary>Configuration read once at start-up (Lambda environment variables, or the local runner's options).</summary>
public sealed record MonitorOptions
{
    public string MetricsNamespace { get; init; } = MetricCatalog.DefaultNamespace;
    public int LedgerTtlDays { get; init; } = 90;
    public int InstanceTtlDays { get; init; } = 30;

    public static MonitorOptions FromEnvironment(Func<string, string?> read) => new()
    {
        MetricsNamespace = read("METRICS_NAMESPACE") is { Length: > 0 } ns ? ns : MetricCatalog.DefaultNamespace,
        LedgerTtlDays = ReadInt(read("LEDGER_TTL_DAYS"), 90),
        InstanceTtlDays = ReadInt(read("INSTANCE_TTL_DAYS"), 30),
    };

    /// <summary>The TTL attribute value: epoch seconds, counted from the event, not the clock, so replays agree.</summary>
    public static long ExpiresAt(long eventMs, int days) => (eventMs / 1000) + (days * 86_400L);

    private static int ReadInt(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
