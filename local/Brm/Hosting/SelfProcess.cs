using System.Diagnostics;

namespace BatchRuntimeMonitor.Local.Brm.Hosting;

/// <summary>This program started again with other arguments (a relaunch, a bench child): the apphost, or the dotnet host with this assembly.</summary>
public static class SelfProcess
{
    /// <summary>The start of <paramref name="processPath"/> with <paramref name="args"/>; under the dotnet host, <paramref name="assemblyPath"/> comes first.</summary>
    public static ProcessStartInfo Start(IEnumerable<string> args, string processPath, string assemblyPath)
    {
        var start = new ProcessStartInfo(processPath) { UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(processPath), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(assemblyPath);
        }

        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>The start of this process's own program with <paramref name="args"/>.</summary>
    public static ProcessStartInfo Start(IEnumerable<string> args) =>
        Start(args, Environment.ProcessPath ?? throw new InvalidOperationException("this process's program is not known"), typeof(SelfProcess).Assembly.Location);
}
