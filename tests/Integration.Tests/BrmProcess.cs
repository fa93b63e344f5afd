using System.Diagnostics;
using System.Text;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>What one brm run printed and returned.</summary>
public sealed record BrmResult(int ExitCode, string Stdout, string Stderr, string CommandLine)
{
    /// <summary>stdout without ANSI escape sequences (Spectre.Console colours even redirected output).</summary>

    public override string ToString() => $"$ {CommandLine}\nexit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the real brm (brm.dll copied into this test project's output by the project reference) as a child process:
/// `dotnet brm.dll args...` in a given working folder, with a timeout after which the process tree is killed.
/// </summary>
public static class BrmProcess
{
    public static string BrmDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "brm.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"brm.dll is not in the test output folder {AppContext.BaseDirectory}", path);
        }
    }

    /// <param name="standardInput">What brm reads from its standard input, which is closed after it; null: closed at once.</param>
    public static async Task<BrmResult> RunAsync(string workingDirectory, IEnumerable<string> args, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null, byte[]? standardInput = null)
    {
        var arguments = args.ToList();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(BrmDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var commandLine = "brm " + string.Join(' ', arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{commandLine} did not finish within {timeout ?? TimeSpan.FromMinutes(3)}\n--- stdout\n{await stdout}\n--- stderr\n{await stderr}");
        }

        return new BrmResult(process.ExitCode, await stdout, await stderr, commandLine);
    }

    public static Task<BrmResult> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, (IEnumerable<string>)args);
}
