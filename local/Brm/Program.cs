using System.CommandLine;
using BatchRuntimeMonitor.Local.Brm;
using BatchRuntimeMonitor.Local.Brm.Commands;
using BatchRuntimeMonitor.Local.Brm.Hosting;

// brm: the deployed pipeline, run locally. Exit codes: 0 success, 1 a user error (one line), 2 a bug (with stack).
if (await TieringRelaunch.TryRunInChildAsync(args) is { } childExitCode)
{
    return childExitCode;
}

var root = new RootCommand("Batch Runtime Monitor, locally: replay or simulate AWS Batch events through the real state machines and functions, and render the dashboards.")
{
    DemoCommand.Create(),
    ReplayCommand.Create(),
    SimulateCommand.Create(),
    DashboardCommand.Create(),
    JobsCommand.Create(),
    InstancesCommand.Create(),
    CostCommand.Create(),
    SfnCommand.Create(),
    BenchCommand.Create(),
    ServeCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
