using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Tests.StepFunctions.Moto;

/// <summary>Runs a <see cref="MotoScenario"/> on the in-process interpreter with in-memory services.</summary>
public static class LocalScenarioRunner
{
    public static async Task<ScenarioOutcome> RunAsync(MotoScenario scenario, IReadOnlyDictionary<string, string> queueUrls)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(queueUrls);
        var tables = new InMemoryDynamoDbTables();
        foreach (var table in scenario.Tables)
        {
            tables.CreateTable(table.Name, table.KeyAttribute);
            tables.Preload(table.Name, table.Items.Select(i => (JsonObject)JsonNode.Parse(i)!));
        }

        var queues = new InMemorySqsQueues();
        foreach (var url in queueUrls.Values)
        {
            queues.CreateQueue(url);
        }

        var services = new LocalServices(tables, queues, new LocalServicesOptions { RandomSeed = 1 });
        var definition = StateMachineDefinition.Parse(ScenarioDefinition.Substitute(scenario, queueUrls));
        var interpreter = new StepFunctionsInterpreter(services, new InstantClock());
        var result = await interpreter.ExecuteAsync(definition, JsonNode.Parse(scenario.Input), new ExecutionContextOptions(), CancellationToken.None);
        var bodies = queueUrls.ToDictionary(q => q.Key, q => (IReadOnlyList<string>)queues.Messages(q.Value).Select(m => m.Body).ToList());
        return new ScenarioOutcome(result.Status, result.Output, result.Error, result.Cause, bodies);
    }
}
