using System.Globalization;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions.Moto;

/// <summary>
/// Runs <see cref="MotoScenario"/>s on moto_server with the aws CLI. moto 5.2 cannot start a second execution once
/// one has run (its StartExecution deep-copies the state machine and fails on a lock), so every scenario starts
/// from a reset server and creates its tables, queues and state machine afresh.
/// </summary>
public sealed class MotoStepFunctions(MotoServer server)
{
    private const string Account = "123456789012";
    private readonly AwsCli _cli = new(server);
    private int _executions;

    public async Task ResetAsync()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(server.Endpoint!, "/moto-api/reset"), null);
        response.EnsureSuccessStatusCode();
        await server.EnableStepFunctionsExecutionAsync();
    }

    public async Task CreateTableAsync(MotoTable table)
    {
        await _cli.RunAsync(
            "dynamodb", "create-table", "--table-name", table.Name,
            "--attribute-definitions", $"AttributeName={table.KeyAttribute},AttributeType=S",
            "--key-schema", $"AttributeName={table.KeyAttribute},KeyType=HASH",
            "--billing-mode", "PAY_PER_REQUEST");
        foreach (var item in table.Items)
        {
            await _cli.RunAsync("dynamodb", "put-item", "--table-name", table.Name, "--item", item);
        }
    }

    public async Task<string> CreateQueueAsync(string name) =>
        (await _cli.RunAsync("sqs", "create-queue", "--queue-name", name))!["QueueUrl"]!.GetValue<string>();

    public async Task<IReadOnlyList<string>> ReceiveBodiesAsync(string queueUrl)
    {
        var bodies = new List<string>();
        while (true)
        {
            var received = await _cli.RunAsync("sqs", "receive-message", "--queue-url", queueUrl, "--max-number-of-messages", "10");
            if (received?["Messages"] is not JsonArray messages || messages.Count == 0)
            {
                return bodies;
            }

            bodies.AddRange(messages.Select(m => m!["Body"]!.GetValue<string>()));
        }
    }

    public async Task<string> CreateStateMachineAsync(string name, string definition) =>
        (await _cli.RunAsync(
            "stepfunctions", "create-state-machine", "--name", name, "--definition", definition,
            "--role-arn", $"arn:aws:iam::{Account}:role/local", "--type", "EXPRESS"))!["stateMachineArn"]!.GetValue<string>();

    /// <summary>start-execution, then describe-execution until it is no longer RUNNING (moto has no start-sync-execution).</summary>
    public async Task<(string Status, JsonNode? Output, string? Error, string? Cause)> ExecuteAsync(string stateMachineArn, string input, TimeSpan timeout)
    {
        var name = "run-" + Interlocked.Increment(ref _executions).ToString(CultureInfo.InvariantCulture);
        var started = await _cli.RunAsync("stepfunctions", "start-execution", "--state-machine-arn", stateMachineArn, "--name", name, "--input", input);
        var executionArn = started!["executionArn"]!.GetValue<string>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var described = await _cli.RunAsync("stepfunctions", "describe-execution", "--execution-arn", executionArn);
            var status = described!["status"]!.GetValue<string>();
            if (status != "RUNNING")
            {
                var output = described["output"] is { } text ? JsonNode.Parse(text.GetValue<string>()) : null;
                return (status, output, described["error"]?.GetValue<string>(), described["cause"]?.GetValue<string>());
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"moto execution {executionArn} still RUNNING after {timeout}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Runs a whole scenario on a freshly reset moto; returns the outcome and the queue URLs it used.</summary>
    public async Task<(ScenarioOutcome Outcome, IReadOnlyDictionary<string, string> QueueUrls)> RunAsync(MotoScenario scenario)
    {
        await ResetAsync();
        foreach (var table in scenario.Tables)
        {
            await CreateTableAsync(table);
        }

        var queueUrls = new Dictionary<string, string>();
        foreach (var (key, queueName) in scenario.Queues)
        {
            queueUrls[key] = await CreateQueueAsync(queueName);
        }

        var definition = ScenarioDefinition.Substitute(scenario, queueUrls);
        var arn = await CreateStateMachineAsync("scenario-" + Interlocked.Increment(ref _executions).ToString(CultureInfo.InvariantCulture), definition);
        var (status, output, error, cause) = await ExecuteAsync(arn, scenario.Input, TimeSpan.FromSeconds(60));
        var bodies = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (key, url) in queueUrls)
        {
            bodies[key] = await ReceiveBodiesAsync(url);
        }

        return (new ScenarioOutcome(status, output, error, cause, bodies), queueUrls);
    }
}

/// <summary>Applies a scenario's substitutions plus its queue URLs to its definition, failing on leftovers.</summary>
internal static class ScenarioDefinition
{
    public static string Substitute(MotoScenario scenario, IReadOnlyDictionary<string, string> queueUrls)
    {
        var all = new Dictionary<string, string>(scenario.Substitutions);
        foreach (var (key, url) in queueUrls)
        {
            all[key] = url;
        }

        var result = DefinitionSubstitutions.Apply(scenario.Definition, all);
        return result.UnknownPlaceholders.Count == 0
            ? result.Text
            : throw new InvalidOperationException("Unsubstituted placeholders: " + string.Join(", ", result.UnknownPlaceholders));
    }
}
