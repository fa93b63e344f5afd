using System.CommandLine;
using BatchRuntimeMonitor.Local.Dashboards;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

public static class DashboardCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "A replay's output folder", DefaultValueFactory = _ => "out" };
        var dashboards = new Option<string?>("--dashboards") { Description = "Dashboard bodies (default: the repository's dashboards/)" };
        var output = new Option<string?>("--output") { Description = "HTML file to write (default: <from>/dashboards.html)" };
        var command = new Command("dashboard", "Render the CloudWatch dashboards from a replay as one offline HTML page") { from, dashboards, output };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            var summary = Render(result.GetValue(from)!, result.GetValue(dashboards), result.GetValue(output));
            Console.WriteLine($"{summary.Dashboards} dashboards, {summary.WidgetsDrawn} widgets drawn, {summary.WidgetsWithoutLocalData} waiting for AWS data: {Path.GetFullPath(summary.OutputPath)}");
            return Task.FromResult(summary.WidgetsWithErrors > 0 ? 1 : 0);
        }));
        return command;
    }

    public static DashboardRenderSummary Render(string from, string? dashboards, string? output)
    {
        if (!File.Exists(Path.Combine(from, "summary.json")))
        {
            throw new UserErrorException($"{from} holds no replay output (summary.json); run brm replay or brm demo first");
        }

        var summary = DashboardPage.Render(new DashboardRenderOptions
        {
            DashboardsDirectory = RepositoryLocator.Dashboards(dashboards),
            ReplayDirectory = from,
            OutputPath = output ?? Path.Combine(from, "dashboards.html"),
        });
        foreach (var skipped in summary.SkippedLines)
        {
            Console.Error.WriteLine($"dashboard: {skipped}");
        }

        foreach (var problem in summary.Problems)
        {
            Console.Error.WriteLine($"dashboard: {problem}");
        }

        return summary;
    }
}
