namespace BatchRuntimeMonitor.Local.Dashboards;

/// <summary>Where the dashboard bodies and the replay output are, and where the page goes.</summary>
public sealed class DashboardRenderOptions
{
    public required string DashboardsDirectory { get; init; }

    public required string ReplayDirectory { get; init; }

    /// <summary>The page to write, usually dashboards.html in the replay directory.</summary>
    public required string OutputPath { get; init; }

    public string Namespace { get; init; } = "AWSBatchMetrics";

    public string Region { get; init; } = "us-east-1";

    /// <summary>Extra or overriding template placeholder values, e.g. JobTransitionsLogGroup.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Served pages poll this path and reload when the replay changes (see <see cref="DashboardServer"/>).</summary>
    public string? LiveReloadPath { get; init; }

    public string Title { get; init; } = "Batch Runtime Monitor — local dashboards";
}
