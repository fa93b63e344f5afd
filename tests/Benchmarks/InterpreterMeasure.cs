using System.Diagnostics;

namespace BatchRuntimeMonitor.Benchmarks;

/// <summary>
/// <c>Benchmarks interpreter [executions [case...]]</c>: µs and bytes per execution of each <see cref="InterpreterCase"/>,
/// measured directly (no BenchmarkDotNet) so a before/after comparison takes seconds. Bytes are this thread's
/// allocations during the executions only (inputs are parsed and routed beforehand), so they are exact and do not
/// depend on the load of the machine; the time is the best of several rounds, as wall time and as this thread's CPU
/// time (which does not count the time other processes held the core: the steadier figure on a shared machine).
/// </summary>
public static class InterpreterMeasure
{
    private const int Rounds = 5;

    // Inputs are prepared in small chunks: a pool of thousands of parsed events would be live data that every
    // garbage collection during the measurement has to walk, which a replay (a few events in flight) does not have.
    private const int Chunk = 256;

    public static int Run(string[] args)
    {
        var executions = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5000;

        // Further arguments name the cases to run (all by default): one case alone, to profile it.
        var cases = args.Length > 1 ? args[1..].Select(Enum.Parse<InterpreterCase>).ToArray() : Enum.GetValues<InterpreterCase>();
        Console.WriteLine($"{"case",-30} {"state machine",-34} {"µs/execution",12} {"CPU µs",8} {"bytes/execution",16}");
        foreach (var kind in cases)
        {
            var workload = new InterpreterWorkload(kind);
            Measure(workload, executions); // warm-up: JIT, tiering, caches
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            long bytes = 0;
            for (var round = 0; round < Rounds; round++)
            {
                var (microseconds, cpuMicroseconds, allocated) = Measure(workload, executions);
                best = Math.Min(best, microseconds);
                bestCpu = Math.Min(bestCpu, cpuMicroseconds);
                bytes = allocated;
            }

            Console.WriteLine($"{kind,-30} {workload.StateMachine,-34} {best,12:F2} {bestCpu,8:F2} {bytes,16:N0}");
        }

        return 0;
    }

    private static (double Microseconds, double CpuMicroseconds, long Bytes) Measure(InterpreterWorkload workload, int executions)
    {
        var elapsed = TimeSpan.Zero;
        var cpu = TimeSpan.Zero;
        long allocated = 0;
        for (var done = 0; done < executions; done += Chunk)
        {
            var inputs = workload.Prepare(Math.Min(Chunk, executions - done));
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = ThreadCpuTime.Now();
            var watch = Stopwatch.StartNew();
            foreach (var input in inputs)
            {
                workload.Execute(input);
            }

            elapsed += watch.Elapsed;
            cpu += ThreadCpuTime.Now() - cpuBefore ?? TimeSpan.Zero;
            allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        }

        return (elapsed.TotalMicroseconds / executions, cpu.TotalMicroseconds / executions, allocated / executions);
    }
}
