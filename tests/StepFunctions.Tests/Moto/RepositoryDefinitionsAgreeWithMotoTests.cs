using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Local.EventBridge;
using BatchRuntimeMonitor.Tests.Support;
using FluentAssertions.Execution;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.StepFunctions.Moto;

/// <summary>
/// Requirement: the interpreter runs every definition in statemachines/ on every event in ../shared/events and
/// agrees with moto_server's execution of the same definition and input (output, and failure or success).
///
/// (a) Every (definition, event) pair runs on the local interpreter (fast).
/// (b) moto runs a pair when the local run went further than the first Choice filter (sent any message or failed);
///     for pairs the local run filtered out, moto runs one representative per definition (the first filtered event
///     in ordinal order) to show moto filters it too; the other filtered pairs are local-only (reported as such).
///     A job event whose record carries a join runs three times on both sides: its container instance present in the
///     instances table (ContainerInstanceArn, InstanceType, AvailabilityZone, Architecture), absent (bounded
///     wait-and-retry with JoinWaitSeconds=1, JoinMaxAttempts=2 -> found=false), and present only as the placeholder
///     the job functions write for an unregistered instance (waiting job ids, no type -> found=false, as absent).
///
/// Agreement (via <see cref="OutcomeComparer"/>): status; the error name on failure; the output after
/// <see cref="OutcomeNormaliser"/>; and every queue's message bodies parsed as JSON. Normalised differences, and why,
/// are exactly <see cref="OutcomeNormaliser.DroppedKeys"/> (SdkHttpMetadata/SdkResponseMetadata: AWS adds them, moto
/// does not; MessageId: random per send; MD5OfMessageBody/MD5OfMessageAttributes: moto serialises JSON bodies with
/// Python separators so the digests differ; ConsumedCapacity: moto adds it to UpdateItem results) plus request ids
/// inside causes. Message bodies are compared as parsed JSON (moto's separators differ). Failure causes are not
/// compared (wording differs: moto adds "(entered at the event id #N)"). Nothing else is normalised.
///
/// Numbers (6 definitions x 17 shared events = 102 pairs, measured 2026-11 on the loaded 2-core machine): 102 local
/// runs; 19 pairs on moto (the 13 batch-job events through job-states, 7 of which join and run three times, plus one
/// filtered representative per definition) = 33 moto executions of 1-4 s each (26 before the placeholder variant);
/// the class took about 1 minute then, so (b) is not reduced further.
///
/// moto runs in one python/boto3 process per execution (Moto/moto_execution.py) on a server reset before each run,
/// because moto 5.2 runs one execution per server lifetime and one aws CLI process per call is slow here. (The
/// Deployment.Tests tools/moto_scenario.py does not return the execution output, which this comparison needs.)
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class RepositoryDefinitionsAgreeWithMotoTests(MotoServer server, ITestOutputHelper output) : IClassFixture<MotoServer>
{
    private const string InstancesTable = "instances";

    /// <summary>Placeholder -> queue name: every queue exists for every definition, so a message on a wrong queue shows.</summary>
    private static readonly IReadOnlyDictionary<string, string> QueueNames = new Dictionary<string, string>
    {
        ["InstanceEventsQueueUrl"] = "instance-events",
        ["TaskEventsQueueUrl"] = "task-events",
        ["JobEventsQueueUrl"] = "job-events",
        ["AsgEventsQueueUrl"] = "asg-events",
        ["DeadLetterQueueUrl"] = "dead-letters",
    };

    /// <summary>The non-queue DefinitionSubstitutions of template.yaml, with the test join bounds.</summary>
    private static readonly IReadOnlyDictionary<string, string> Substitutions = new Dictionary<string, string>
    {
        ["InstancesTableName"] = InstancesTable,
        ["JoinWaitSeconds"] = "1",
        ["JoinMaxAttempts"] = "2",
    };

    /// <summary>Queue URLs for local-only runs (the shape moto uses; the interpreter only needs them to be distinct).</summary>
    private static readonly IReadOnlyDictionary<string, string> LocalQueueUrls =
        QueueNames.ToDictionary(q => q.Key, q => $"http://127.0.0.1:5000/123456789012/{q.Value}");

    private static readonly ConcurrentDictionary<string, Lazy<Task<string?>>> FilteredRepresentative = new();

    public static IReadOnlyList<string> DefinitionFiles() =>
        Directory.EnumerateFiles(RepositoryPaths.InRepo("statemachines"), "*.asl.json")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList()!;

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var definition in DefinitionFiles())
        {
            foreach (var evt in SharedEvents.AllFiles())
            {
                data.Add(definition, Path.GetRelativePath(RepositoryPaths.SharedEvents, evt));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Definition_on_shared_event_agrees_with_moto(string definitionFile, string eventPath)
    {
        var definition = await File.ReadAllTextAsync(RepositoryPaths.InRepo("statemachines", definitionFile));
        var input = EventInput(eventPath);

        // (a) local, instance absent from the table.
        var local = await LocalScenarioRunner.RunAsync(Scenario(definition, input, instanceArn: null), LocalQueueUrls);
        output.WriteLine($"local: {Describe(local)}");
        var passedFilter = PassedFilter(local);
        var joinedInstance = JoinedInstance(local);

        // (b) which moto runs this pair needs.
        var variants = new List<(string? Instance, bool Placeholder)>();
        if (passedFilter)
        {
            variants.Add((null, false));
            if (joinedInstance is not null)
            {
                variants.Add((joinedInstance, false));
                variants.Add((joinedInstance, true));
            }
        }
        else if (await RepresentativeFilteredEventAsync(definitionFile, definition) == eventPath)
        {
            variants.Add((null, false));
        }

        if (variants.Count == 0)
        {
            output.WriteLine("moto: not run (filtered out locally; this definition's filtered representative runs on moto)");
            local.Status.Should().Be("SUCCEEDED");
            return;
        }

        if (server.SkipIfUnavailable(output))
        {
            return;
        }

        foreach (var (instance, placeholder) in variants)
        {
            var scenario = Scenario(definition, input, instance, placeholder);
            var watch = Stopwatch.StartNew();
            var (moto, queueUrls) = await RunOnMotoAsync(scenario);
            var localRun = await LocalScenarioRunner.RunAsync(scenario, queueUrls);
            var label = instance is null ? "instances table empty" : placeholder ? "placeholder item (waiting jobs, no type)" : "instance present";
            output.WriteLine($"[{label}] moto ({watch.Elapsed.TotalSeconds:F1}s): {Describe(moto)}");
            output.WriteLine($"[{label}] local: {Describe(localRun)}");
            using (new AssertionScope(label))
            {
                OutcomeComparer.AssertSame(moto, localRun);
                if (joinedInstance is not null)
                {
                    // The variant must exercise what it claims: found only when the item is there.
                    JoinFound(localRun).Should().Be(instance is not null && !placeholder, "the join's found flag follows the table; a placeholder is not a registration");
                }
            }
        }
    }

    private static string EventInput(string eventPath)
    {
        var text = SharedEvents.Read(eventPath);
        return SharedEvents.IsRawCloudTrailRecord(eventPath) ? CloudTrailEnvelope.Wrap(JsonNode.Parse(text)!).ToJsonString() : text;
    }

    private static MotoScenario Scenario(string definition, string input, string? instanceArn, bool placeholder = false) => new()
    {
        Definition = definition,
        Input = input,
        Substitutions = Substitutions,
        Queues = QueueNames,
        Tables =
        [
            new MotoTable(InstancesTable, "ContainerInstanceArn", instanceArn is null
                ? []
                : placeholder
                ? [new JsonObject
                {
                    // What a job function writes for an instance not registered yet (InstanceItemMapping).
                    ["ContainerInstanceArn"] = new JsonObject { ["S"] = instanceArn },
                    ["AwaitingJobs"] = new JsonObject { ["SS"] = new JsonArray("job-waiting-1", "job-waiting-2") },
                    ["ExpiresAt"] = new JsonObject { ["N"] = "1762592000" },
                }.ToJsonString()]
                : [new JsonObject
                {
                    ["ContainerInstanceArn"] = new JsonObject { ["S"] = instanceArn },
                    ["InstanceType"] = new JsonObject { ["S"] = "m5.large" },
                    ["AvailabilityZone"] = new JsonObject { ["S"] = "us-east-1a" },
                    ["Architecture"] = new JsonObject { ["S"] = "x86_64" },
                }.ToJsonString()]),
        ],
    };

    /// <summary>Went further than the first Choice filter: sent any message or did not succeed.</summary>
    private static bool PassedFilter(ScenarioOutcome outcome) =>
        outcome.Status != "SUCCEEDED" || outcome.QueueBodies.Values.Any(b => b.Count > 0);

    private static IEnumerable<JsonObject> Records(ScenarioOutcome outcome) =>
        outcome.QueueBodies.Values.SelectMany(b => b).Select(OutcomeNormaliser.NormaliseBody).OfType<JsonObject>();

    private static string? JoinedInstance(ScenarioOutcome outcome) =>
        Records(outcome).Select(r => r["join"]?["containerInstanceArn"]?.GetValue<string>()).FirstOrDefault(a => a is not null);

    private static bool? JoinFound(ScenarioOutcome outcome) =>
        Records(outcome).Select(r => r["join"]?["found"]?.GetValue<bool>()).FirstOrDefault(f => f is not null);

    /// <summary>The first event (ordinal) that the local interpreter filters out for this definition.</summary>
    private static Task<string?> RepresentativeFilteredEventAsync(string definitionFile, string definition) =>
        FilteredRepresentative.GetOrAdd(definitionFile, _ => new Lazy<Task<string?>>(async () =>
        {
            foreach (var file in SharedEvents.AllFiles())
            {
                var relative = Path.GetRelativePath(RepositoryPaths.SharedEvents, file);
                var outcome = await LocalScenarioRunner.RunAsync(Scenario(definition, EventInput(relative), null), LocalQueueUrls);
                if (!PassedFilter(outcome))
                {
                    return relative;
                }
            }

            return null;
        })).Value;

    private async Task<(ScenarioOutcome Outcome, IReadOnlyDictionary<string, string> QueueUrls)> RunOnMotoAsync(MotoScenario scenario)
    {
        using (var http = new HttpClient())
        using (var response = await http.PostAsync(new Uri(server.Endpoint!, "/moto-api/reset"), null))
        {
            response.EnsureSuccessStatusCode();
        }

        await server.EnableStepFunctionsExecutionAsync();

        // Queue placeholders become ${queue:<name>} (not a \w+ placeholder), which the script replaces with moto's URL.
        var values = new Dictionary<string, string>(scenario.Substitutions);
        foreach (var (key, name) in scenario.Queues)
        {
            values[key] = "${queue:" + name + "}";
        }

        var definition = Placeholder().Replace(scenario.Definition, m => values.TryGetValue(m.Groups[1].Value, out var v)
            ? v
            : throw new InvalidOperationException($"Unsubstituted placeholder {m.Value}"));
        var spec = new JsonObject
        {
            ["endpoint"] = server.Endpoint!.ToString().TrimEnd('/'),
            ["name"] = "local", // the interpreter's default $$.StateMachine.Name, which dead-letter records carry
            ["definition"] = definition,
            ["input"] = scenario.Input,
            ["queues"] = new JsonArray(scenario.Queues.Values.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["tables"] = new JsonArray(scenario.Tables.Select(t => (JsonNode?)new JsonObject
            {
                ["name"] = t.Name,
                ["key"] = t.KeyAttribute,
                ["items"] = new JsonArray(t.Items.Select(i => JsonNode.Parse(i)).ToArray()),
            }).ToArray()),
        };

        var start = new ProcessStartInfo("python3", [RepositoryPaths.InRepo("tests", "StepFunctions.Tests", "Moto", "moto_execution.py")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(spec.ToJsonString());
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"moto execution failed (exit {process.ExitCode}): {await stderr}");
        }

        var result = JsonNode.Parse(await stdout)!.AsObject();
        var urls = result["queueUrls"]!.AsObject();
        var bodies = result["bodies"]!.AsObject();
        var queueUrls = scenario.Queues.ToDictionary(q => q.Key, q => urls[q.Value]!.GetValue<string>());
        var queueBodies = scenario.Queues.ToDictionary(
            q => q.Key,
            q => (IReadOnlyList<string>)bodies[q.Value]!.AsArray().Select(b => b!.GetValue<string>()).ToList());
        var outcome = new ScenarioOutcome(
            result["status"]!.GetValue<string>(),
            result["output"]?.GetValue<string>() is { } text ? JsonNode.Parse(text) : null,
            result["error"]?.GetValue<string>(),
            result["cause"]?.GetValue<string>(),
            queueBodies);
        return (outcome, queueUrls);
    }

    private static string Describe(ScenarioOutcome o)
    {
        var sent = string.Join(", ", o.QueueBodies.Where(q => q.Value.Count > 0).Select(q => $"{q.Key}x{q.Value.Count}"));
        var text = $"{o.Status} {o.Error} {o.Cause} sent[{sent}] output {o.Output?.ToJsonString()}";
        return text.Length > 600 ? text[..600] + "..." : text;
    }

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex Placeholder();
}
