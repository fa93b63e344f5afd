using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BatchRuntimeMonitor.Local.Brm.Hosting;

/// <summary>
/// Runs the long commands (replay, demo, bench) in a child process with the runtime's tier-1 call-counting delay off
/// (<c>DOTNET_TC_CallCountingDelayMs=0</c>), and returns its exit code.
/// </summary>
/// <remarks>
/// The runtime first compiles a method quickly (tier 0) and recompiles it optimised after 30 calls, but only once 100
/// ms have passed without any new tier-0 compilation. A replay keeps reaching new code for its first seconds (about
/// 8,700 methods compiled over 9 s of the 100,000-job day), so its hottest loops ran unoptimised all that time: with
/// the delay off the 100,000-job day replays about 12 % faster, the 10,000-job day 38 % (docs/performance.md, "Round
/// three: the JIT's call-counting delay"). The setting is read from the environment only, when the runtime starts (not
/// from runtimeconfig.json), hence the child. Setting the variable yourself (any value, read as hexadecimal: 64 is the
/// runtime's default of 100 ms, see <see cref="CallCountingDelay"/>) runs in this process, as does every other command:
/// their run is too short to gain what a second process start costs.
/// </remarks>
public static class TieringRelaunch
{
    public const string DelayVariable = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>The same setting's older spelling, which the runtime still reads (after <see cref="DelayVariable"/>).</summary>
    public const string LegacyDelayVariable = "COMPlus_TC_CallCountingDelayMs";

    private static readonly string[] LongCommands = ["replay", "demo", "bench"];

    /// <summary>How long a child that was sent Ctrl+C or SIGTERM through this process gets to stop before it is killed.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    /// <summary>Whether this invocation runs in a child: a long command, with neither variable spelling set.</summary>
    public static bool Applies(IReadOnlyList<string> args, Func<string, string?> environment) =>
        args.Count > 0
        && LongCommands.Contains(args[0], StringComparer.Ordinal)
        && environment(DelayVariable) is null
        && environment(LegacyDelayVariable) is null;

    /// <summary>
    /// The child's start: the same program (the apphost, or <c>dotnet</c> with this assembly) and arguments, the
    /// variable set, standard streams inherited.
    /// </summary>
    public static ProcessStartInfo ChildStart(IReadOnlyList<string> args, string processPath, string assemblyPath)
    {
        var start = SelfProcess.Start(args, processPath, assemblyPath);
        start.Environment[DelayVariable] = "0";
        return start;
    }

    /// <summary>
    /// The child's exit code when this invocation ran in a child; null when it did not (it does not apply, or the
    /// child could not be started) and the caller runs the command itself.
    /// </summary>
    public static async Task<int?> TryRunInChildAsync(string[] args)
    {
        // Under a debugger the child would run unobserved: stay in this process.
        if (!Applies(args, Environment.GetEnvironmentVariable) || Debugger.IsAttached || Environment.ProcessPath is not { } processPath)
        {
            return null;
        }

        // Registered before the child starts, so no signal can end this process and leave the child running. A
        // signal before then ends this process as usual; after, it is passed on to the child, which stops as it
        // would have alone, and this process waits for its exit code (a terminal's Ctrl+C reaches both: the child
        // gets it twice, which stops it once).
        Process? child = null;
        using var interrupt = Register(PosixSignal.SIGINT, context => StopChild(context, Volatile.Read(ref child), Signal.Interrupt));
        using var terminate = Register(PosixSignal.SIGTERM, context => StopChild(context, Volatile.Read(ref child), Signal.Terminate));
        try
        {
            Volatile.Write(ref child, Process.Start(ChildStart(args, processPath, typeof(TieringRelaunch).Assembly.Location)));
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }

        if (child is null)
        {
            return null;
        }

        using (child)
        {
            await child.WaitForExitAsync().ConfigureAwait(false);
            return child.ExitCode;
        }
    }

    /// <summary>The handler, or null where the platform cannot deliver the signal (the child then gets it or not on its own).</summary>
    private static PosixSignalRegistration? Register(PosixSignal signal, Action<PosixSignalContext> handler)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, handler);
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    private static void StopChild(PosixSignalContext context, Process? child, Signal signal)
    {
        if (child is null)
        {
            return;
        }

        context.Cancel = true;
        if (!OperatingSystem.IsWindows())
        {
            // Windows' console events reach every process of the console already.
            _ = Kill(child.Id, (int)signal);
        }

        // Whatever happens to the signal, a child still running after the grace period is killed.
        _ = Task.Delay(StopGrace).ContinueWith(_ =>
        {
            try
            {
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Exited (and disposed) meanwhile.
            }
        }, TaskScheduler.Default);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>The POSIX numbers of the signals passed on (the same on Linux and macOS).</summary>
    private enum Signal
    {
        Interrupt = 2,
        Terminate = 15,
    }
}
