using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.EventBridge.Routing;
using BatchRuntimeMonitor.Local.EventBridge.Templates;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.Support;
using AslDefinition = BatchRuntimeMonitor.Local.StepFunctions.StateMachineDefinition;

namespace BatchRuntimeMonitor.Benchmarks;

/// <summary>The sample events the interpreter is measured on, one per kind of execution a replay runs most.</summary>
public enum InterpreterCase
{
    /// <summary>job-states on a RUNNABLE job event: no container instance yet, so no join (SendWithoutJoin).</summary>
    JobRunnable,

    /// <summary>job-states on a RUNNING job event: GetItem finds the instance (SendJoined).</summary>
    JobRunning,

    /// <summary>job-states on a SUCCEEDED job event, joined through its attempts.</summary>
    JobSucceeded,

    /// <summary>task-placement on an ECS task event started by Batch, joined.</summary>
    TaskStateChange,

    RunTaskCall,
    SubmitJobCall,
    ContainerInstanceStateChange,
}

/// <summary>
/// The replay's interpreter set-up without the rest of the pipeline: template.yaml's state machines with their
/// DefinitionSubstitutions (as <see cref="LocalPipeline"/> loads them), the replay's <see cref="LocalServices"/>
/// options, the instances table backed by the registry store (<see cref="InstancesTableView"/>, holding the joined
/// instance) and queues that only count. Inputs are parsed and routed before they are measured, as the replay has
/// done by the time it starts an execution, so a measurement is the interpreter's own cost.
/// </summary>
public sealed class InterpreterWorkload
{
    private readonly TemplateRouting _routing;
    private readonly Dictionary<string, AslDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly InMemoryRecordStore<InstanceRecord> _instances = new();
    private readonly CountingQueues _queues;
    private readonly StepFunctionsInterpreter _interpreter;
    private readonly byte[] _eventUtf8;
    private readonly string _instancesTable;
    private readonly string _stateMachineArn;
    private long _executions;

    public InterpreterWorkload(InterpreterCase kind)
    {
        var template = CloudFormationTemplate.Load(RepositoryPaths.InRepo("template.yaml"));
        _routing = TemplateRouting.From(template, LocalResourceNames.For(template));
        foreach (var stateMachine in _routing.StateMachines)
        {
            _definitions[stateMachine.LogicalId] = AslDefinition.Parse(LocalPipeline.DefinitionText(stateMachine));
        }

        _queues = new CountingQueues(_routing.QueueLogicalIds.Select(LocalResourceNames.QueueUrl));
        _instancesTable = LocalPipeline.FindTable(template, InstanceItemMapping.KeyAttribute);
        var tables = new InstancesTableView(_instancesTable, _instances);
        var services = new LocalServices(tables, _queues, new LocalServicesOptions { RandomSeed = 7, ComputeBodyDigests = false, IncludeSdkMetadata = false });
        _interpreter = new StepFunctionsInterpreter(services, new ScheduledClock(DateTimeOffset.UnixEpoch));
        _eventUtf8 = System.Text.Encoding.UTF8.GetBytes(EventOf(kind));
        StateMachine = Route(Prepare(1)[0].Event);
        _stateMachineArn = $"arn:aws:states:{LocalResourceNames.Region}:{LocalResourceNames.Account}:stateMachine:{StateMachine}";
        RegisterJoinedInstance();
    }

    /// <summary>The logical id of the state machine the template's rules start for this case's event.</summary>
    public string StateMachine { get; }

    /// <summary>The body of the last message an execution sent.</summary>
    public string LastMessage => _queues.LastBody;

    /// <summary>
    /// Fresh inputs, parsed and routed as the replay's reader leaves them: each its own copy of the line, parsed in
    /// place, the event a JsonObject over that parse that nothing has materialised (routing reads a copy).
    /// </summary>
    public PreparedInput[] Prepare(int count)
    {
        var inputs = new PreparedInput[count];
        for (var i = 0; i < count; i++)
        {
            var line = _eventUtf8.ToArray();
            var parsed = System.Text.Json.JsonDocument.Parse(line.AsMemory()).RootElement;
            var input = JsonObject.Create(parsed)!;
            Route(input);
            inputs[i] = new PreparedInput(input, line, parsed);
        }

        return inputs;
    }

    /// <summary>One execution as the replay starts it; throws unless it succeeded without parking on the clock.</summary>
    public ExecutionResult Execute(PreparedInput input)
    {
        _executions++;
        var execution = _interpreter.ExecuteAsync(
            _definitions[StateMachine],
            input.Event,
            new ExecutionContextOptions
            {
                // As the replay starts them: the ARN made once, the name only if read (these definitions never do),
                // the outputs unread, the states counted, not listed.
                StateMachineName = StateMachine,
                StateMachineArn = _stateMachineArn,
                ExecutionNamer = ReplayRunner.ExecutionNamer,
                ExecutionNumber = _executions,
                RandomSeed = (int)(_executions & int.MaxValue),
                InputText = input.Text,
                DiscardOutput = true,
                RecordStatesEntered = false,
            },
            CancellationToken.None);
        if (!execution.IsCompletedSuccessfully || execution.Result.Status != ExecutionResult.Succeeded)
        {
            throw new InvalidOperationException($"{StateMachine}: the execution did not complete synchronously with SUCCEEDED");
        }

        return execution.Result;
    }

    private string Route(JsonObject input)
    {
        var targets = _routing.RoutesFor(input).SelectMany(r => r.Targets).ToList();
        return targets.Count == 1
            ? targets[0].StateMachine.LogicalId
            : throw new InvalidOperationException($"the sample event starts {targets.Count} state machines; a case measures exactly one");
    }

    /// <summary>
    /// Puts the instance a joining execution looks up into the registry, so the GetItem finds it as in most of a
    /// replay's joins. The ARN comes from the message of a first run with the table empty (which does not park:
    /// the instant clock of that run answers the join's waits at once).
    /// </summary>
    private void RegisterJoinedInstance()
    {
        var probe = new StepFunctionsInterpreter(new LocalServices(new InstancesTableView(_instancesTable, new InMemoryRecordStore<InstanceRecord>()), _queues), new InstantClock(DateTimeOffset.UnixEpoch));
        var result = probe.ExecuteAsync(_definitions[StateMachine], Prepare(1)[0].Event, new ExecutionContextOptions(), CancellationToken.None).GetAwaiter().GetResult();
        if (result.Status != ExecutionResult.Succeeded)
        {
            throw new InvalidOperationException($"{StateMachine}: the probe run failed: {result.Error} {result.Cause}");
        }

        if (JsonNode.Parse(_queues.LastBody)?["join"]?["containerInstanceArn"]?.GetValue<string>() is { } arn)
        {
            _instances.TryWriteAsync(arn, EventSamples.Instance(arn), 0, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }

    private static string EventOf(InterpreterCase kind)
    {
        var body = kind switch
        {
            InterpreterCase.JobRunnable => EventSamples.JobBody("runnable", Guid.NewGuid().ToString()),
            InterpreterCase.JobRunning => EventSamples.JobBody("running", Guid.NewGuid().ToString()),
            InterpreterCase.JobSucceeded => EventSamples.JobBody("succeeded", Guid.NewGuid().ToString()),
            InterpreterCase.TaskStateChange => EventSamples.TaskBody(Guid.NewGuid().ToString()),
            InterpreterCase.RunTaskCall => EventSamples.RunTaskBody(Guid.NewGuid().ToString()),
            InterpreterCase.SubmitJobCall => EventSamples.SubmitJobBody(Guid.NewGuid().ToString()),
            InterpreterCase.ContainerInstanceStateChange => EventSamples.ContainerInstanceBody(1),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        // The samples are pipeline records (what the state machine sends); the state machine's input is their event,
        // one compact line as a replay reads it.
        return JsonNode.Parse(body)!["event"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>An input ready for <see cref="Execute"/>; used once (an execution may change nothing of it, but reads materialise it).</summary>
    /// <param name="Text">The line it was parsed from, as the replay passes it (<see cref="ExecutionContextOptions.InputText"/>).</param>
    /// <param name="Parsed">The parse <paramref name="Event"/> is over (the replay's InputEvent.Parsed).</param>
    public readonly record struct PreparedInput(JsonObject Event, ReadOnlyMemory<byte> Text, System.Text.Json.JsonElement Parsed);

    /// <summary>The template's queues, keeping only a count and the last body: what is sent is not part of the measurement.</summary>
    private sealed class CountingQueues(IEnumerable<string> queueUrls) : ISqsQueues
    {
        private readonly HashSet<string> _urls = new(queueUrls, StringComparer.Ordinal);

        private SqsMessage? _last;

        // Made on request: a UTF-16 copy of every body is no part of what the interpreter costs.
        public string LastBody => _last?.Body ?? string.Empty;

        public long Sent { get; private set; }

        public bool QueueExists(string queueUrl) => _urls.Contains(queueUrl);

        public void Send(SqsMessage message)
        {
            Sent++;
            _last = message;
        }
    }
}
