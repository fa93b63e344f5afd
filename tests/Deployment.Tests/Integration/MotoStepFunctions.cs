using System.Diagnostics;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Deployment.Integration;

/// <summary>
/// moto_server (TestSupport's fixture, which sets MOTO_PORT so moto's Step Functions tasks reach this server) with
/// Step Functions execution turned on, for one test class. After the first execution moto cannot start another one
/// in the same backend (it deep-copies the state machine, which references running executions), so each scenario
/// resets.
/// </summary>
public sealed class MotoStepFunctions : IAsyncLifetime
{
    private readonly MotoServer _server = new();

    public Uri? Endpoint => _server.Endpoint;

    public string? UnavailableReason { get; private set; }

    public async Task InitializeAsync()
    {
        if (MotoServer.FindOnPath("python3") is null)
        {
            UnavailableReason = "python3 (with boto3) is not on PATH";
            if (MotoServer.IsCi)
            {
                throw new InvalidOperationException($"CI=true but {UnavailableReason}");
            }

            return;
        }

        await _server.InitializeAsync();
        UnavailableReason = _server.UnavailableReason;
        if (Endpoint is not null)
        {
            await ResetAsync();
        }
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    /// <summary>Empties every backend and turns Step Functions execution (back) on.</summary>
    public async Task ResetAsync()
    {
        using (var http = new HttpClient())
        using (var reset = await http.PostAsync(new Uri(Endpoint!, "/moto-api/reset"), null))
        {
            reset.EnsureSuccessStatusCode();
        }

        await _server.EnableStepFunctionsExecutionAsync();
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
}
