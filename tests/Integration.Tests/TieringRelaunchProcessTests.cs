using System.Diagnostics;
using System.Globalization;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>brm as a parent of the child that replays for it: a signal sent to brm stops both.</summary>
[Trait("Category", "Integration")]
public sealed class TieringRelaunchProcessTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-relaunch-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_SIGTERM_sent_to_brm_alone_stops_the_child_replaying_for_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // POSIX signals, mkfifo and /proc
        }

        // A named pipe nobody writes to: the replay waits on it for ever, so it is still running when signalled.
        var events = Path.Combine(_work, "events.jsonl");
        (await RunAsync("mkfifo", events)).Should().Be(0);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _work, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { BrmProcess.BrmDll, "replay", events, "--out", "out" })
        {
            start.ArgumentList.Add(argument);
        }

        using var brm = Process.Start(start)!;
        var child = await ChildOfAsync(brm.Id, TimeSpan.FromSeconds(30));
        child.Should().NotBeNull("brm replay runs in a child of brm");

        (await RunAsync("kill", "-TERM", brm.Id.ToString(CultureInfo.InvariantCulture))).Should().Be(0);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await brm.WaitForExitAsync(deadline.Token);

        brm.ExitCode.Should().Be(128 + 15, "brm returns the child's exit code, and the child stopped on the SIGTERM brm passed on (killed after the grace period, it would be 128 + 9)");
        Directory.Exists($"/proc/{child}").Should().BeFalse("the child stopped with brm");
    }

    /// <summary>The first process whose parent is <paramref name="parent"/>, read from /proc, within <paramref name="wait"/>.</summary>
    private static async Task<int?> ChildOfAsync(int parent, TimeSpan wait)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < wait)
        {
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(folder), out var pid) && ParentOf(folder) == parent)
                {
                    return pid;
                }
            }

            await Task.Delay(100);
        }

        return null;
    }

    private static int? ParentOf(string procFolder)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText(Path.Combine(procFolder, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
    }

    private static async Task<int> RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
