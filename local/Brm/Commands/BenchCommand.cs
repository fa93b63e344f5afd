using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using BatchRuntimeMonitor.Local.Brm.Hosting;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.Brm.Replay.Spill;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// Measures replay throughput (events/s) and peak memory on simulated days; the figures go to docs/performance.md.
/// Each size is replayed in a child process of its own, because a process's peak working set only ever grows: measured
/// in one process, every size after the first would report the largest before it. Timings are printed, never asserted.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var jobs = new Option<int[]>("--jobs") { Description = "Simulated day sizes", DefaultValueFactory = _ => [10_000], AllowMultipleArgumentsPerToken = true };
        var work = new Option<string>("--work") { Description = "Scratch folder", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "brm-bench") };
        var spillOptions = new SpillCommandOptions();
        var allocations = new Option<bool>("--allocations") { Description = "Also list the types that allocated most (sampled; slows the replay)" };
        var oneThread = new Option<bool>("--one-thread") { Description = "Run the functions on the pipeline's thread, as before they had one of their own, the input read on a thread of its own (same output; for comparison)" };
        var inputThread = new Option<bool>("--input-thread") { Description = "Read the input on a thread of its own beside the pipeline's and the functions' threads, as before round seven (same output; for comparison)" };
        var jitTimeline = new Option<bool>("--jit-timeline") { Description = "Also print, once a second on standard error, how many methods the JIT has compiled and its time so far" };
        var child = new Option<int?>("--child-size") { Description = "Replay this one size in this process and print its row (what the parent runs per size)", Hidden = true };
        var command = new Command("bench", "Measure replay throughput and peak memory on simulated days") { jobs, work, allocations, oneThread, inputThread, jitTimeline, child };
        spillOptions.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var spill = spillOptions.Read(result);
            var switches = new BenchSwitches(result.GetValue(allocations), result.GetValue(oneThread), result.GetValue(inputThread), result.GetValue(jitTimeline));
            if (result.GetValue(child) is { } size)
            {
                Console.WriteLine(await ReplayOneAsync(size, result.GetValue(work)!, spill, switches, cancellationToken).ConfigureAwait(false));
                return 0;
            }

            // Checked before the table's header, so that a wrong size prints one line and nothing else.
            var days = result.GetValue(jobs)!;
            if (Array.FindIndex(days, day => day < 1) is var tooSmall and >= 0)
            {
                throw new UserErrorException($"--jobs {days[tooSmall]}: a day has at least 1 job");
            }

            Console.WriteLine("| jobs | events | replay s | events/s | CPU s | GC pause s | KB allocated per event | GCs gen0/1/2 | peak working set MB | largest GC heap MB | jobs in memory at most | jobs spilled | reloaded | functions thread busy s | pipeline waited for it s |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var day in days)
            {
                var events = Path.Combine(DayFolder(result.GetValue(work)!, day), "events");
                if (!Directory.Exists(events))
                {
                    SimulateCommand.Run(day, 42, "2026-11-20T00:00:00Z", events);
                }

                Console.WriteLine(await RunChildAsync(day, result.GetValue(work)!, spill, switches, cancellationToken).ConfigureAwait(false));
            }

            Console.WriteLine();
            Console.WriteLine(RuntimeLine());
            return 0;
        }));
        return command;
    }

    private static async Task<string> ReplayOneAsync(int size, string work, SpillOptions? spill, BenchSwitches switches, CancellationToken cancellationToken)
    {
        var folder = DayFolder(work, size);
        var runner = new ReplayRunner(new ReplayOptions
        {
            TemplatePath = RepositoryLocator.Template(null),
            OutputDirectory = Path.Combine(folder, "out"),
            ValidateEmf = false,
            Spill = spill,
            FunctionsThread = !switches.OneThread,
            InputThread = switches.InputThread ? true : null,
        });
        using var heap = new HeapPeakSampler();
        using var allocations = switches.Allocations ? new AllocationSampler() : null;
        // CPU time and allocation tell whether a change helped even when other work shares the machine and the
        // wall time does not; allocation is exact and repeatable.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var pausedBefore = GC.GetTotalPauseDuration();
        var watch = Stopwatch.StartNew();

        // How long the replay keeps compiling new code (docs/performance.md, "the JIT's call-counting delay").
        using var jitSampler = switches.JitTimeline
            ? new Timer(_ => Console.Error.WriteLine(FormattableString.Invariant($"jit: {watch.Elapsed.TotalSeconds:0.0} s, {JitInfo.GetCompiledMethodCount():N0} methods compiled, {JitInfo.GetCompilationTime().TotalMilliseconds:N0} ms compiling")), null, TimeSpan.Zero, TimeSpan.FromSeconds(1))
            : null;
        var summary = await runner.RunAsync([Path.Combine(folder, "events")], null, TextWriter.Null, cancellationToken).ConfigureAwait(false);
        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocatedPerEvent = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / Math.Max(summary.EventsRead, 1);
        var collections = $"{GC.CollectionCount(0) - collectionsBefore.Item1:N0}/{GC.CollectionCount(1) - collectionsBefore.Item2:N0}/{GC.CollectionCount(2) - collectionsBefore.Item3:N0}";
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
        var jobs = runner.Spill!.Jobs;
        var row = $"| {size:N0} | {summary.EventsRead:N0} | {watch.Elapsed.TotalSeconds:0.0} | {summary.EventsRead / watch.Elapsed.TotalSeconds:N0} | {cpu.TotalSeconds:0.0} | {paused.TotalSeconds:0.0} | {allocatedPerEvent:N1} | {collections} | {peakMb:N0} | {heap.PeakBytes / 1e6:N0} | {jobs.PeakLive:N0} | {jobs.SpilledKeys:N0} | {jobs.Reloaded:N0} | {Seconds(runner.FunctionsThreadStatistics?.Running)} | {Seconds(runner.FunctionsThreadStatistics?.Waited)} |";
        return allocations is null ? row : row + Environment.NewLine + AllocationReport(allocations, summary.EventsRead);
    }

    /// <summary>The types that allocated most, then the same per thread that allocated a twentieth or more, in bytes per event.</summary>
    private static string AllocationReport(AllocationSampler allocations, long events)
    {
        var lines = allocations.Top(12).Select(top => $"  {top.Share:P1} of sampled allocations: {top.Type}").ToList();
        foreach (var (thread, bytes, types) in allocations.ByThread(leastShare: 0.05, typesPerThread: 8))
        {
            lines.Add(FormattableString.Invariant($"  thread {thread}: {bytes / 1024.0 / Math.Max(events, 1):N2} KB per event sampled"));
            lines.AddRange(types.Select(top => $"    {top.Share:P1} of the thread's: {top.Type}"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>What the rows ran on: the runtime, the collector and the JIT tiering setting the children inherited.</summary>
    private static string RuntimeLine()
    {
        var delay = CallCountingDelay.Describe(Environment.GetEnvironmentVariable);
        // Batch is the latency mode of a collector without background collections (what Brm.csproj asks for).
        var background = System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? "off" : "on";
        return $"runtime: .NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, background GC {background}, tier-1 call-counting delay {delay}";
    }

    private static string Seconds(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    /// <summary>A simulated day's events and replay output; the events are written once per size and reused.</summary>
    private static string DayFolder(string work, int size) => Path.Combine(work, size.ToString(CultureInfo.InvariantCulture));

    private static async Task<string> RunChildAsync(int size, string work, SpillOptions? spill, BenchSwitches switches, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "bench", "--child-size", size.ToString(CultureInfo.InvariantCulture), "--work", work };
        if (switches.Allocations)
        {
            arguments.Add("--allocations");
        }

        if (switches.OneThread)
        {
            arguments.Add("--one-thread");
        }

        if (switches.InputThread)
        {
            arguments.Add("--input-thread");
        }

        if (switches.JitTimeline)
        {
            arguments.Add("--jit-timeline");
        }

        if (spill is null)
        {
            arguments.Add("--no-spill");
        }
        else
        {
            arguments.Add("--spill-window");
            arguments.Add(spill.Window.TotalMinutes.ToString(CultureInfo.InvariantCulture));
        }

        // The child's standard error is this process's: a JIT timeline shows as the replay runs.
        var start = SelfProcess.Start(arguments);
        start.RedirectStandardOutput = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the bench child process");
        var row = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bench of {size:N0} jobs exited with {process.ExitCode}");
        }

        return row.TrimEnd();
    }

    /// <summary>The bench's switches, passed on to the child that replays each size.</summary>
    private sealed record BenchSwitches(bool Allocations, bool OneThread, bool InputThread, bool JitTimeline);
}
