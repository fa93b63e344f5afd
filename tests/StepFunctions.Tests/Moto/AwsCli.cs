using System.Diagnostics;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions.Moto;

/// <summary>Runs the aws CLI against a moto server and returns its JSON output.</summary>
internal sealed class AwsCli(MotoServer server)
{
    public async Task<JsonNode?> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("aws")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(server.Endpoint!.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in server.AwsCliEnvironment())
        {
            start.Environment[name] = value;
        }

        // A moto server that failed must not leave the CLI retrying for minutes.
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("aws CLI did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        }

        var text = await stdout;
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }
}
