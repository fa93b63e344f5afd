using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BatchRuntimeMonitor.Local.Brm.Cost;
using BatchRuntimeMonitor.Local.Brm.Replay;
using Spectre.Console;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

public static class CostCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "A replay's output folder", DefaultValueFactory = _ => "out" };
        var jobsPerMonth = new Option<long?>("--jobs-per-month") { Description = "Scale to this many jobs a month (default: the replay's own job count)" };
        var dashboards = new Option<string?>("--dashboards") { Description = "Dashboard bodies (default: the repository's dashboards/)" };
        var command = new Command("cost", "Estimate the monthly AWS bill of the deployed stack for the replayed workload") { from, jobsPerMonth, dashboards };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            var summaryPath = Path.Combine(result.GetValue(from)!, "summary.json");
            if (!File.Exists(summaryPath))
            {
                throw new UserErrorException($"{summaryPath} not found; run brm replay or brm demo first");
            }

            var replay = ReadSummary(summaryPath);
            var jobs = result.GetValue(jobsPerMonth) ?? replay.Jobs;
            var dashboardCount = Directory.EnumerateFiles(RepositoryLocator.Dashboards(result.GetValue(dashboards)), "*.json").Count();
            var lines = CostEstimate.Compute(replay, jobs, dashboardCount, new CostAssumptions { WriteUnitsPerUpdate = MeasuredWriteUnits(result.GetValue(from)!) });
            Print(lines, jobs, replay.Jobs);
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>The replay's counts; a summary.json that is not one (cut short, edited) is the user's to fix: one line, exit 1.</summary>
    private static ReplaySummary ReadSummary(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ReplayJsonIndented.Default.ReplaySummary)
                ?? throw new UserErrorException($"{path} is not a replay summary (null); run brm replay again");
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path} is not a replay summary ({e.Message}); run brm replay again");
        }
    }

    /// <summary>
    /// A conditional put costs one write unit per started KB of the item: measured from the replay's own ledger
    /// lines (a superset of the stored record), averaged over the jobs, at least one.
    /// </summary>
    private static double MeasuredWriteUnits(string from)
    {
        var path = Path.Combine(from, "jobs.jsonl");
        if (!File.Exists(path))
        {
            return new CostAssumptions().WriteUnitsPerUpdate;
        }

        var units = File.ReadLines(path).Select(line => Math.Ceiling(System.Text.Encoding.UTF8.GetByteCount(line) / 1024.0)).DefaultIfEmpty(1).Average();
        return Math.Max(1, units);
    }

    private static void Print(IReadOnlyList<CostLine> lines, long jobs, long replayedJobs)
    {
        var table = new Table().AddColumns("Item", "Quantity", "USD").Title($"{jobs:N0} jobs a month (scaled from {replayedJobs:N0} replayed), us-east-1");
        foreach (var line in lines)
        {
            table.AddRow(Markup.Escape(line.Item + (line.Monthly ? " (per month)" : "")), Markup.Escape(line.Quantity), line.Usd.ToString("0.00", CultureInfo.InvariantCulture));
        }

        var volume = lines.Where(l => !l.Monthly).Sum(l => l.Usd);
        var fixedPart = lines.Where(l => l.Monthly).Sum(l => l.Usd);
        table.AddRow("[bold]Volume-driven total[/]", "", volume.ToString("0.00", CultureInfo.InvariantCulture));
        table.AddRow("[bold]Fixed per month[/]", "", fixedPart.ToString("0.00", CultureInfo.InvariantCulture));
        TerminalOutput.Create().Write(table);
        var perMillion = jobs == 0 ? 0 : volume / jobs * 1e6;
        Console.WriteLine($"per 1M jobs: {perMillion.ToString("0.00", CultureInfo.InvariantCulture)} USD + {fixedPart.ToString("0.00", CultureInfo.InvariantCulture)} USD a month. Prices: {string.Join(", ", PriceTable.All.Select(p => p.Source).Distinct())}");
    }
}
