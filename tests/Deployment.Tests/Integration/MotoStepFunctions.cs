using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Deployment.Integration;

/// <summary>
/// moto_server with Step Functions execution turned on, for one test class.
/// Why not TestSupport's MotoServer: in server mode moto's Step Functions interpreter calls DynamoDB, SQS and the
/// AWS SDK integrations through a boto client aimed at localhost:$MOTO_PORT (default 5000), not at the port the
/// server listens on; the server must be started with MOTO_PORT set to its own port or every Task state talks to
/// whatever else listens on 5000. Also, after the first execution moto cannot start another one in the same
/// backend (it deep-copies the state machine, which references running executions), so each scenario resets.
/// </summary>
public sealed class MotoStepFunctions : IAsyncLifetime
{
    private Process? _process;

    public Uri? Endpoint { get; private set; }

    public string? UnavailableReason { get; private set; }

    public async Task InitializeAsync()
    {
        var moto = MotoServer.FindOnPath("moto_server");
        var python = MotoServer.FindOnPath("python3");
        if (moto is null || python is null)
        {
            UnavailableReason = moto is null ? "moto_server is not on PATH (pip install 'moto[server]')" : "python3 (with boto3) is not on PATH";
            if (MotoServer.IsCi)
            {
                throw new InvalidOperationException($"CI=true but {UnavailableReason}");
            }

            return;
        }

        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(moto, ["-H", "127.0.0.1", "-p", port])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["MOTO_PORT"] = port;
        _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/moto-api/"));
                break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
        }

        await ResetAsync();
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

    /// <summary>Empties every backend and turns Step Functions execution (back) on.</summary>
    public async Task ResetAsync()
    {
        using var http = new HttpClient();
        using (var reset = await http.PostAsync(new Uri(Endpoint!, "/moto-api/reset"), null))
        {
            reset.EnsureSuccessStatusCode();
        }

        using var body = new StringContent("{\"stepfunctions\": {\"execute_state_machine\": true}}", System.Text.Encoding.UTF8, "application/json");
        using var config = await http.PostAsync(new Uri(Endpoint!, "/moto-api/config"), body);
        config.EnsureSuccessStatusCode();
    }

    /// <summary>Runs tools/moto_scenario.py (boto3, one process per scenario) with the spec on stdin.</summary>
    public async Task<JsonObject> ScenarioAsync(JsonObject spec)
    {
        var script = RepositoryPaths.InRepo("tests", "Deployment.Tests", "tools", "moto_scenario.py");
        var start = new ProcessStartInfo("python3", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        await process.StandardInput.WriteAsync(spec.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"moto scenario failed (exit {process.ExitCode}): {await stderr}");
        }

        return JsonNode.Parse(await stdout)!.AsObject();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
