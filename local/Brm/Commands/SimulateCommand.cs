using System.CommandLine;
using System.Globalization;
using BatchRuntimeMonitor.Local.Simulator;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

public static class SimulateCommand
{
    public static Command Create()
    {
        var jobs = new Option<int>("--jobs") { Description = "Jobs to simulate", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same files)", DefaultValueFactory = _ => 42 };
        var start = new Option<string>("--start") { Description = "Start of the day (ISO 8601, UTC)", DefaultValueFactory = _ => "2026-11-20T00:00:00Z" };
        var output = new Option<string>("--out") { Description = "Output folder for the .jsonl events and ground-truth.json", DefaultValueFactory = _ => Path.Combine("out", "events") };
        var command = new Command("simulate", "Write a realistic AWS Batch day of events in AWS's formats, with its ground truth") { jobs, seed, start, output };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            var summary = Run(result.GetValue(jobs), result.GetValue(seed), result.GetValue(start)!, result.GetValue(output)!);
            Console.WriteLine($"simulated {summary.Jobs:N0} jobs on {summary.Instances:N0} instances (at most {summary.PeakInstances:N0} at once): {EventCount(summary)} in {Path.GetFullPath(result.GetValue(output)!)}");
            // How far the day spills past its end is what tells whether capacity kept up with the arrivals.
            Console.WriteLine($"events from {summary.FirstEventTime:yyyy-MM-dd'T'HH:mm:ss'Z'} to {summary.LastEventTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>
    /// The day's events and the duplicates written beside them: a replay reads more lines than the day has events,
    /// and this says why (EventBridge delivers at least once, so the simulator delivers some events twice).
    /// </summary>
    public static string EventCount(SimulationSummary summary)
    {
        var events = summary.EventsByKind.Values.Sum();
        return summary.DuplicatesDelivered == 0
            ? $"{events:N0} events"
            : $"{events:N0} events, {summary.DuplicatesDelivered:N0} of them delivered twice ({events + summary.DuplicatesDelivered:N0} lines)";
    }

    public static SimulationSummary Run(int jobs, int seed, string start, string output)
    {
        if (!DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var startTime))
        {
            throw new UserErrorException($"--start '{start}' is not an ISO 8601 time");
        }

        if (jobs < 1)
        {
            throw new UserErrorException("--jobs must be at least 1");
        }

        return DaySimulator.Run(new SimulationOptions { Jobs = jobs, Seed = seed, Start = startTime, OutputDirectory = output });
    }
}
