using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

/// <summary>
/// CPU time consumed by the calling thread. Timing tests measure this instead of wall-clock time because the
/// build machine is shared: waiting for a core is not the matcher's cost. Falls back to a stopwatch off Linux.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static double NowNanoseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var now) == 0)
        {
            return (now.Seconds * 1e9) + now.Nanoseconds;
        }

        return Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency);
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code in the test project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
