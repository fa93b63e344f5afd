using System.CommandLine;
using BatchRuntimeMonitor.Local.Dashboards;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

public static class ServeCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "A replay's output folder (the page refreshes when its files change)", DefaultValueFactory = _ => "out" };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1", DefaultValueFactory = _ => 8089 };
        var dashboards = new Option<string?>("--dashboards") { Description = "Dashboard bodies (default: the repository's dashboards/)" };
        var command = new Command("serve", "Serve the dashboards page on 127.0.0.1, re-rendered while a replay writes its output") { from, port, dashboards };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var folder = result.GetValue(from)!;
            Directory.CreateDirectory(folder);
            await using var server = new DashboardServer(
                new DashboardRenderOptions
                {
                    DashboardsDirectory = RepositoryLocator.Dashboards(result.GetValue(dashboards)),
                    ReplayDirectory = folder,
                    OutputPath = Path.Combine(folder, "dashboards.html"),
                },
                result.GetValue(port));
            server.Start();
            Console.WriteLine($"Serving {server.Address} (Ctrl+C to stop)");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        }));
        return command;
    }
}
