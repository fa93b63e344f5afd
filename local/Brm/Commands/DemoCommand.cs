using System.CommandLine;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "out" };
        var jobs = new Option<int>("--jobs") { Description = "Jobs in the simulated day", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 42 };
        var command = new Command("demo", "Simulate a Batch day, replay it through the pipeline and render the dashboards, in one go") { output, jobs, seed };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var folder = result.GetValue(output)!;
            var events = Path.Combine(folder, "events");
            var simulation = SimulateCommand.Run(result.GetValue(jobs), result.GetValue(seed), "2026-11-20T00:00:00Z", events);
            Console.WriteLine($"simulated {simulation.Jobs:N0} jobs on {simulation.Instances:N0} instances ({SimulateCommand.EventCount(simulation)})");
            var summary = await ReplayCommand.RunAsync([events], folder, null, Core.Metrics.MetricCatalog.DefaultNamespace, new Replay.Spill.SpillOptions(), cancellationToken).ConfigureAwait(false);
            ReplayCommand.Print(summary, folder);
            var page = DashboardCommand.Render(folder, null, null);
            Console.WriteLine();
            Console.WriteLine($"Open {Path.GetFullPath(page.OutputPath)}");
            Console.WriteLine($"({page.Dashboards} dashboards, {page.WidgetsDrawn} widgets with local data; ledger in {Path.GetFullPath(Path.Combine(folder, "jobs.jsonl"))}: try `brm jobs --from {folder} --failed` or `brm instances --from {folder}`)");
            return 0;
        }));
        return command;
    }
}
