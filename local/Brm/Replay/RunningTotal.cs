namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>One total of <see cref="MetricTotals"/>, held by reference so that <see cref="RecentTotals"/> can point at it.</summary>
internal sealed class RunningTotal
{
    public double Value;
}
