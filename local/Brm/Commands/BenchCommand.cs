using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// Measures replay throughput (events/s) and peak memory on simulated days; the figures go to docs/performance.md.
/// Timings are printed, never asserted.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var jobs = new Option<int[]>("--jobs") { Description = "Simulated day sizes", DefaultValueFactory = _ => [10_000], AllowMultipleArgumentsPerToken = true };
        var work = new Option<string>("--work") { Description = "Scratch folder", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "brm-bench") };
        var command = new Command("bench", "Measure replay throughput and peak memory on simulated days") { jobs, work };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            Console.WriteLine("| jobs | events | replay s | events/s | peak working set MB |");
            Console.WriteLine("|---:|---:|---:|---:|---:|");
            foreach (var size in result.GetValue(jobs)!)
            {
                var folder = Path.Combine(result.GetValue(work)!, size.ToString(CultureInfo.InvariantCulture));
                var events = Path.Combine(folder, "events");
                if (!Directory.Exists(events))
                {
                    SimulateCommand.Run(size, 42, "2026-11-20T00:00:00Z", events);
                }

                GC.Collect();
                var runner = new ReplayRunner(new ReplayOptions { TemplatePath = RepositoryLocator.Template(null), OutputDirectory = Path.Combine(folder, "out"), ValidateEmf = false });
                var watch = Stopwatch.StartNew();
                var summary = await runner.RunAsync([events], null, TextWriter.Null, cancellationToken).ConfigureAwait(false);
                watch.Stop();
                var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
                Console.WriteLine($"| {size:N0} | {summary.EventsRead:N0} | {watch.Elapsed.TotalSeconds:0.0} | {summary.EventsRead / watch.Elapsed.TotalSeconds:N0} | {peakMb:N0} |");
            }

            return 0;
        }));
        return command;
    }
}
