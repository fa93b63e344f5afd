namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>What day to simulate and how its events are delivered.</summary>
public sealed record SimulationOptions
{
    /// <summary>Number of job records in the ground truth: plain jobs, array parents and array children together.</summary>
    public int Jobs { get; init; } = 2000;

    public int Seed { get; init; } = 42;

    public DateTimeOffset Start { get; init; } = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    public string OutputDirectory { get; init; } = "simulated-day";

    /// <summary>Share of events delivered a second time (same envelope id), as EventBridge's at-least-once delivery does.</summary>
    public double DuplicateFraction { get; init; } = 0.02;

    /// <summary>Each event is delivered at its occurrence time plus a uniform delay up to this.</summary>
    public int MaxDeliveryDelaySeconds { get; init; } = 30;

    /// <summary>Share of EC2 placements whose first RunTask call reports a failure before a later call succeeds.</summary>
    public double PlacementFailureFraction { get; init; } = 0.05;

    public string Account { get; init; } = "123456789012";

    public string Region { get; init; } = "us-east-1";

    internal void Validate()
    {
        if (Jobs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Jobs), Jobs, "at least one job");
        }

        if (DuplicateFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DuplicateFraction), DuplicateFraction, "a fraction in [0, 1]");
        }

        if (MaxDeliveryDelaySeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDeliveryDelaySeconds), MaxDeliveryDelaySeconds, "not negative");
        }

        if (PlacementFailureFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PlacementFailureFraction), PlacementFailureFraction, "a fraction in [0, 1]");
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new ArgumentException("an output directory is required", nameof(OutputDirectory));
        }
    }
}
