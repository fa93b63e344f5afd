using Xunit;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BatchRuntimeMonitor.Tests.Support;

/// <summary>
/// Starts moto_server on 127.0.0.1 on a free port for one test class (IClassFixture) and stops it after.
/// When moto_server is missing: with CI=true the fixture fails loudly; elsewhere tests call
/// <see cref="SkipIfUnavailable"/> and report why they did nothing.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    private Process? _process;

    public Uri? Endpoint { get; private set; }

    public string? UnavailableReason { get; private set; }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async Task InitializeAsync()
    {
        var executable = FindOnPath("moto_server");
        if (executable is null)
        {
            UnavailableReason = "moto_server is not on PATH (pip install 'moto[server]')";
            if (IsCi)
            {
                throw new InvalidOperationException($"CI=true but {UnavailableReason}");
            }

            return;
        }

        var port = FreePort();
        var start = new ProcessStartInfo(executable, ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // moto's Step Functions executor calls its own DynamoDB and SQS at localhost:$MOTO_PORT (default 5000).
        start.Environment["MOTO_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/moto-api/"));
                if (response.StatusCode != HttpStatusCode.NotFound || response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("moto_server did not answer within 30 s");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// moto only records Step Functions executions unless told to run them; this turns on real execution of
    /// Task states against its own DynamoDB and SQS (POST /moto-api/config).
    /// </summary>
    public async Task EnableStepFunctionsExecutionAsync()
    {
        using var http = new HttpClient();
        using var body = new StringContent("{\"stepfunctions\": {\"execute_state_machine\": true}}", System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(Endpoint!, "/moto-api/config"), body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>CPU time the moto_server process has used so far, all threads (a harness reports it beside wall time).</summary>
    public TimeSpan ProcessorTime()
    {
        _process!.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Returns true (and writes why) when the server is not available here; the caller then returns early.</summary>
    public bool SkipIfUnavailable(Xunit.Abstractions.ITestOutputHelper output)
    {
        if (Endpoint is not null)
        {
            return false;
        }

        output.WriteLine($"SKIPPED: {UnavailableReason}");
        return true;
    }

    /// <summary>Environment for aws CLI processes pointed at this server.</summary>
    public IReadOnlyDictionary<string, string> AwsCliEnvironment() => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_REGION"] = "us-east-1",
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
