using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// Runs every shared event sample through the repository state machine for its family with in-memory services
/// (empty instances table, so joins take the wait-and-retry path on the virtual clock) and requires a clean finish:
/// no States.Runtime or other definition bug, and at most one message on a queue.
/// </summary>
public class RepositoryReplaySmokeTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> DefinitionByFamily = new()
    {
        ["batch-job"] = "job-states.asl.json",
        ["ecs-container-instance"] = "instance-registration.asl.json",
        ["ecs-task"] = "task-placement.asl.json",
        ["cloudtrail-create-asg"] = "asg-created.asl.json",
    };

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        if (!Directory.Exists(RepositoryPaths.SharedEvents))
        {
            data.Add("(none)");
            return data;
        }

        foreach (var path in SharedEvents.AllFiles())
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.SharedEvents, path).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_event_runs_cleanly_through_its_state_machine(string relativePath)
    {
        var family = relativePath.Split('/')[0];
        if (!DefinitionByFamily.TryGetValue(family, out var file) || !File.Exists(RepositoryPaths.InRepo("statemachines", file)))
        {
            output.WriteLine($"no state machine for {relativePath}");
            return;
        }

        var definition = StateMachineDefinition.Parse(RepositoryDefinition.Substituted(file));
        var input = JsonNode.Parse(SharedEvents.Read(relativePath))!;
        if (SharedEvents.IsRawCloudTrailRecord(relativePath))
        {
            input = new JsonObject
            {
                ["version"] = "0", ["id"] = "wrapped", ["detail-type"] = "AWS API Call via CloudTrail",
                ["source"] = input["eventSource"]!.GetValue<string>().Replace(".amazonaws.com", string.Empty, StringComparison.Ordinal).Insert(0, "aws."),
                ["account"] = "123456789012", ["time"] = input["eventTime"]?.DeepClone(), ["region"] = input["awsRegion"]?.DeepClone(),
                ["resources"] = new JsonArray(), ["detail"] = input,
            };
        }

        var queues = new InMemorySqsQueues { CreateQueuesOnDemand = true };
        var sent = new List<SqsMessage>();
        queues.MessageSent += sent.Add;
        var services = new LocalServices(new InMemoryDynamoDbTables { CreateTablesOnDemand = true }, queues);
        var result = await new StepFunctionsInterpreter(services, new InstantClock()).ExecuteAsync(definition, input, new ExecutionContextOptions(), CancellationToken.None);

        output.WriteLine($"{result.Status} {result.Error} {result.Cause}");
        output.WriteLine("states: " + string.Join(" > ", result.StatesEntered));
        foreach (var message in sent)
        {
            output.WriteLine($"{message.QueueUrl}: {message.Body[..Math.Min(400, message.Body.Length)]}");
        }

        result.Status.Should().Be("SUCCEEDED", $"{result.Error}: {result.Cause}");
        // Samples from non-Batch clusters are filtered out by design (no message); the rest send exactly one.
        sent.Count.Should().BeLessThanOrEqualTo(1);
    }
}
