using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Dashboards.Support;

/// <summary>Paths of the hand-made dashboard bodies and of the project's real dashboards/.</summary>
public static class Fixtures
{
    public static string DashboardsDirectory => RepositoryPaths.InRepo("tests", "Dashboards.Tests", "Fixtures", "dashboards");

    public static string RealDashboardsDirectory => RepositoryPaths.InRepo("dashboards");

    public static bool HasRealDashboards => Directory.Exists(RealDashboardsDirectory) && Directory.GetFiles(RealDashboardsDirectory, "*.json").Length > 0;
}
