using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.Local.Brm.Replay.Spill;
using BatchRuntimeMonitor.Local.EventBridge.Routing;
using BatchRuntimeMonitor.Local.EventBridge.Templates;
using BatchRuntimeMonitor.Local.StepFunctions;
using AslDefinition = BatchRuntimeMonitor.Local.StepFunctions.StateMachineDefinition;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// The deployed pipeline in process, assembled from template.yaml itself: its rules (EventBridge patterns), its
/// state machines (the statemachines/ files with their DefinitionSubstitutions), its queues with their event
/// source mappings, and its functions (loaded by Handler string) on the embedded store.
/// </summary>
public sealed class LocalPipeline : IDisposable
{
    private Action? _spilling;

    private LocalPipeline(TemplateRouting routing, IReadOnlyDictionary<string, AslDefinition> definitions, MonitorStores stores,
        ReplayOutput output, LocalQueues queues, ScheduledClock clock, StepFunctionsInterpreter interpreter, LocalServices services, string instancesTable)
    {
        Routing = routing;
        Definitions = definitions;
        Stores = stores;
        Output = output;
        Queues = queues;
        Clock = clock;
        Interpreter = interpreter;
        Services = services;
        InstancesTable = instancesTable;
    }

    public TemplateRouting Routing { get; }

    public IReadOnlyDictionary<string, AslDefinition> Definitions { get; }

    public MonitorStores Stores { get; }

    public InMemoryRecordStore<InstanceRecord> Instances => (InMemoryRecordStore<InstanceRecord>)Stores.Instances;

    public SpillingRecordStore<Core.Jobs.JobRecord> Jobs => (SpillingRecordStore<Core.Jobs.JobRecord>)Stores.Jobs;

    public SpillingRecordStore<EventMarker> Markers => (SpillingRecordStore<EventMarker>)Stores.Markers;

    public ReplayOutput Output { get; }

    public LocalQueues Queues { get; }

    public ScheduledClock Clock { get; }

    public StepFunctionsInterpreter Interpreter { get; }

    public LocalServices Services { get; }

    public string InstancesTable { get; }

    /// <param name="scratchDirectory">Where the stores spill settled records (scratch files, deleted on dispose).</param>
    /// <param name="functionsOnOwnThread">Run the functions' batches on a thread of their own (<see cref="FunctionsThread"/>); the output is the same.</param>
    public static LocalPipeline Create(string templatePath, ReplayOutput output, MonitorOptions options, Action<DeadLetter> deadLetter, string scratchDirectory,
        IReadOnlyDictionary<string, string>? parameters = null, bool functionsOnOwnThread = false)
    {
        var template = CloudFormationTemplate.Load(templatePath);
        var localValues = LocalResourceNames.For(template);
        var routing = TemplateRouting.From(template, localValues, parameters);
        var clock = new ScheduledClock(DateTimeOffset.UnixEpoch);
        var functionsClock = new FunctionsClock();
        var stores = ReplayStores.Create(scratchDirectory, () => functionsClock.Now);
        var queueUrls = routing.QueueLogicalIds.ToDictionary(LocalResourceNames.QueueUrl, id => id, StringComparer.Ordinal);

        var errors = new FunctionErrors();
        var queues = new LocalQueues(queueUrls, ReadConsumers(template, stores, output, options, errors), errors, deadLetter, functionsClock, functionsOnOwnThread);

        var instancesTable = FindTable(template, InstanceItemMapping.KeyAttribute);
        // No definition of ours reads a service result's SDK metadata or a message's MD5 digest, and executions' outputs
        // are not part of a replay's output: building them was ~12 % of a replay's time (docs/performance.md).
        var serviceOptions = new LocalServicesOptions { RandomSeed = 7, ComputeBodyDigests = false, IncludeSdkMetadata = false };
        var services = new LocalServices(new InstancesTableView(instancesTable, (InMemoryRecordStore<InstanceRecord>)stores.Instances, queues.Fence), queues, serviceOptions);
        var definitions = new Dictionary<string, AslDefinition>(StringComparer.Ordinal);
        foreach (var stateMachine in routing.StateMachines)
        {
            definitions[stateMachine.LogicalId] = LoadDefinition(stateMachine);
        }

        return new LocalPipeline(routing, definitions, stores, output, queues, clock, new StepFunctionsInterpreter(services, clock), services, instancesTable);
    }

    /// <summary>
    /// Spills the jobs and markers untouched since <paramref name="untouchedSince"/> that have settled, where the
    /// functions run and in their order: after the batches delivered so far, before later ones. On the functions'
    /// thread the pipeline does not wait for it (it waited for that thread to be idle, then spilled, while the
    /// functions idled); a failure surfaces at the next spill or at <see cref="FinishSpilling"/>.
    /// </summary>
    public void SpillSettled(DateTimeOffset untouchedSince)
    {
        FinishSpilling();
        _spilling = Queues.AfterDeliveredBatches(() =>
        {
            Jobs.SpillSettled(untouchedSince);
            Markers.SpillSettled(untouchedSince);
        });
    }

    /// <summary>Waits for the last spill to have run, rethrowing its failure.</summary>
    public void FinishSpilling()
    {
        var spilling = _spilling;
        _spilling = null;
        spilling?.Invoke();
    }

    public void Dispose()
    {
        // The functions' thread first: it may still be using the stores.
        Queues.Dispose();
        Jobs.Dispose();
        Markers.Dispose();
    }

    private static AslDefinition LoadDefinition(EventBridge.Routing.StateMachineDefinition stateMachine) => AslDefinition.Parse(DefinitionText(stateMachine));

    /// <summary>The state machine's DefinitionUri file with its DefinitionSubstitutions applied, as CloudFormation deploys it.</summary>
    public static string DefinitionText(EventBridge.Routing.StateMachineDefinition stateMachine)
    {
        var path = stateMachine.DefinitionPath ?? throw new InvalidOperationException($"state machine {stateMachine.LogicalId} has no DefinitionUri file");
        var substituted = DefinitionSubstitutions.Apply(File.ReadAllText(path), stateMachine.DefinitionSubstitutions);
        if (substituted.UnknownPlaceholders.Count > 0)
        {
            throw new InvalidOperationException($"{path}: placeholders without a DefinitionSubstitutions value: {string.Join(", ", substituted.UnknownPlaceholders)}");
        }

        return substituted.Text;
    }

    /// <summary>The template's SQS event source mappings, each with its function loaded by Handler string on the given stores.</summary>
    public static List<QueueConsumer> ReadConsumers(CloudFormationTemplate template, MonitorStores stores, IMonitorOutput output, MonitorOptions options, TextWriter errors)
    {
        var consumers = new List<QueueConsumer>();
        foreach (var function in template.ResourcesOfType("AWS::Serverless::Function"))
        {
            var handler = function.Properties["Handler"]?.GetValue<string>();
            foreach (var (_, source) in function.Properties["Events"] as JsonObject ?? [])
            {
                if (source?["Type"]?.GetValue<string>() != "SQS" || handler is null)
                {
                    continue;
                }

                var properties = source["Properties"]!;
                var queueId = QueueLogicalId(properties["Queue"]) ?? throw new InvalidOperationException($"{function.LogicalId}: SQS event without a queue reference");
                consumers.Add(new QueueConsumer(
                    queueId,
                    function.LogicalId,
                    handler,
                    FunctionLoader.Load(handler, stores, output, options, errors),
                    IntOf(properties["BatchSize"]) ?? 10,
                    TimeSpan.FromSeconds(IntOf(properties["MaximumBatchingWindowInSeconds"]) ?? 0),
                    MaxReceiveCount(template, queueId),
                    TimeSpan.FromSeconds(IntOf(template.FindResource(queueId)?.Properties["VisibilityTimeout"]) ?? DefaultVisibilityTimeoutSeconds)));
            }
        }

        return consumers;
    }

    private static string? QueueLogicalId(JsonNode? reference) => reference switch
    {
        JsonObject o when o["Fn::GetAtt"] is JsonArray a => a[0]?.GetValue<string>(),
        JsonObject o when o["Fn::GetAtt"] is JsonValue v => v.GetValue<string>().Split('.')[0],
        JsonObject o when o["Ref"] is JsonValue r => r.GetValue<string>(),
        _ => null,
    };

    /// <summary>SQS's own default, for a queue the template gives none.</summary>
    private const int DefaultVisibilityTimeoutSeconds = 30;

    private static int MaxReceiveCount(CloudFormationTemplate template, string queueId)
    {
        var redrive = template.FindResource(queueId)?.Properties["RedrivePolicy"];
        return IntOf(redrive?["maxReceiveCount"]) ?? 3;
    }

    /// <summary>YAML numbers arrive as long, JSON ones as int, and CloudFormation also accepts numeric strings.</summary>
    private static int? IntOf(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<long>(out var number) ? (int)number
        : value.TryGetValue<int>(out var small) ? small
        : value.TryGetValue<string>(out var text) && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null
        : null;

    /// <summary>The logical id of the template's DynamoDB table whose key is <paramref name="keyAttribute"/>.</summary>
    public static string FindTable(CloudFormationTemplate template, string keyAttribute)
    {
        foreach (var table in template.ResourcesOfType("AWS::DynamoDB::Table"))
        {
            if (table.Properties["KeySchema"] is JsonArray keys && keys.Any(k => k?["AttributeName"]?.GetValue<string>() == keyAttribute))
            {
                return table.LogicalId;
            }
        }

        throw new InvalidOperationException($"template has no DynamoDB table keyed on {keyAttribute}");
    }
}
