using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Local.Brm.Replay.Spill;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>Options of one replay.</summary>
public sealed record ReplayOptions
{
    public required string TemplatePath { get; init; }
    public required string OutputDirectory { get; init; }
    public MonitorOptions Monitor { get; init; } = new();
    public bool ValidateEmf { get; init; } = true;
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>
    /// Run the functions on a thread of their own, beside the state machines (the output is the same either way:
    /// Integration.Tests' ReplayFunctionsThreadTests).
    /// </summary>
    public bool FunctionsThread { get; init; } = true;

    /// <summary>
    /// Read, parse and route the input on a thread of its own, a few chunks ahead of the pipeline; null (the default)
    /// does so only when the functions run on the pipeline's thread (<see cref="RoutedInput"/> says why). The output is
    /// the same either way (Integration.Tests' ReplayFunctionsThreadTests).
    /// </summary>
    public bool? InputThread { get; init; }

    /// <summary>Whether this replay reads its input on a thread of its own (<see cref="InputThread"/>).</summary>
    public bool ReadsInputOnOwnThread => InputThread ?? !FunctionsThread;

    /// <summary>When settled jobs and markers leave memory for a scratch file in the output folder; null keeps them all in memory.</summary>
    public SpillOptions? Spill { get; init; } = new();

    /// <summary>
    /// Where events' bytes are rented, returned with their parsed documents once every execution an event started has
    /// finished (<see cref="PooledLine"/>); null gives each event bytes of its own. The output is the same either way
    /// (Integration.Tests' ReplayInputPoolingTests).
    /// </summary>
    public ArrayPool<byte>? InputPool { get; init; } = ArrayPool<byte>.Shared;
}

public readonly record struct ReplayProgress(long EventsRead, long BytesRead, string? CurrentFile);

/// <summary>
/// Replays events through the local pipeline: each event advances the virtual clock to its time (waking parked
/// executions and delivering due SQS batches), is matched against the rules, and starts one execution per target.
/// Executions run until they finish or park in a Wait; at the end everything pending is drained.
/// </summary>
public sealed class ReplayRunner(ReplayOptions options)
{
    /// <summary>EventBridge rejects events over 256 KB; a local run rejects them too.</summary>
    public const int MaxEventBytes = 256 * 1024;

    private readonly Dictionary<string, string> _stateMachineArns = new(StringComparer.Ordinal);

    /// <summary>How long the last run's functions ran on their own thread, and how long the pipeline waited for them.</summary>
    public (TimeSpan Running, TimeSpan Waited)? FunctionsThreadStatistics { get; private set; }

    /// <summary>What the spilling stores did in the last run.</summary>
    public SpillReport? Spill { get; private set; }

    public async Task<ReplaySummary> RunAsync(IEnumerable<string> inputs, IProgress<ReplayProgress>? progress, TextWriter diagnostics, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var summary = new ReplaySummary();
        var stopwatch = Stopwatch.StartNew();
        using var deadLetters = new StreamWriter(Path.Combine(options.OutputDirectory, "dlq.jsonl"));
        void DeadLetter(DeadLetter letter)
        {
            summary.DeadLetters++;
            summary.DeadLettersByStage[letter.Stage] = summary.DeadLettersByStage.GetValueOrDefault(letter.Stage) + 1;
            deadLetters.WriteLine(JsonSerializer.Serialize(letter, ReplayJson.Default.DeadLetter));
        }

        using var output = new ReplayOutput(options.OutputDirectory, options.ValidateEmf);
        // The pipeline's letters come from its queues (the template's dead-letter queues in the deployed stack).
        void QueueDeadLetter(DeadLetter letter)
        {
            summary.DeadLetterMessages++;
            DeadLetter(letter);
        }

        using var pipeline = LocalPipeline.Create(options.TemplatePath, output, options.Monitor, QueueDeadLetter, options.OutputDirectory, options.Parameters, options.FunctionsThread);
        var running = new List<RunningExecution>();
        var unmatchedKinds = new UnmatchedEventKinds();

        // One delegate for the replay: passing the local function to Collect after every event made one each time.
        Action<DeadLetter> deadLetter = DeadLetter;
        void Malformed(MalformedInput malformed)
        {
            if (malformed.IsFileNotRead)
            {
                summary.FilesNotRead.Add($"{malformed.File}: {malformed.Reason}");
                diagnostics.WriteLine($"{malformed.File}: not read: {malformed.Reason}");
                return;
            }

            summary.MalformedInputs++;
            summary.EventsRejected++;
            diagnostics.WriteLine($"{malformed.File}:{malformed.Line}: skipped: {malformed.Reason}");
            DeadLetter(new DeadLetter("input", $"{malformed.File}:{malformed.Line}", malformed.Reason, null, malformed.Text));
        }

        // Read, parsed and matched against the rules here or on a thread of its own (RoutedInput); the state machines and
        // queues run here, in event order.
        var items = options.ReadsInputOnOwnThread
            ? RoutedInput.ReadOnOwnThread(inputs, pipeline.Routing, options.InputPool, options.OutputDirectory)
            : RoutedInput.Read(inputs, pipeline.Routing, options.InputPool, options.OutputDirectory);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item.Malformed is { } malformed)
            {
                Malformed(malformed);
                continue;
            }

            var input = item.Event;
            summary.EventsRead++;
            if (summary.EventsRead % 10_000 == 0)
            {
                progress?.Report(new ReplayProgress(summary.EventsRead, 0, input.File));
            }

            if (options.Spill is { } spill && summary.EventsRead % spill.CheckEveryEvents == 0)
            {
                pipeline.SpillSettled(pipeline.Clock.Now - spill.Window);
            }

            var time = input.Time;
            if (time is null)
            {
                Reject(summary, diagnostics, deadLetter, input, "event has no valid \"time\"");
                input.Pooled?.Release();
                continue;
            }

            if (input.Size > MaxEventBytes)
            {
                Reject(summary, diagnostics, deadLetter, input, $"event is larger than EventBridge's {MaxEventBytes / 1024} KB limit");
                input.Pooled?.Release();
                continue;
            }

            summary.FirstEventTime = summary.FirstEventTime is { } first && first < time ? first : time;
            summary.LastEventTime = summary.LastEventTime is { } last && last > time ? last : time;
            await AdvanceAsync(pipeline, time.Value, cancellationToken).ConfigureAwait(false);

            // Indexed loops: foreach over the IReadOnlyList members boxed an enumerator per event and per route.
            var matched = false;
            var routes = item.Routes!;
            for (var r = 0; r < routes.Count; r++)
            {
                var targets = routes[r].Targets;
                for (var t = 0; t < targets.Count; t++)
                {
                    var target = targets[t];
                    matched = true;
                    summary.Executions++;
                    summary.ExecutionsByStateMachine[target.StateMachine.LogicalId] = summary.ExecutionsByStateMachine.GetValueOrDefault(target.StateMachine.LogicalId) + 1;
                    var execution = pipeline.Interpreter.ExecuteAsync(
                        pipeline.Definitions[target.StateMachine.LogicalId],
                        input.Event,
                        new ExecutionContextOptions
                        {
                            StateMachineName = target.StateMachine.LogicalId,
                            StateMachineArn = StateMachineArn(target.StateMachine.LogicalId),

                            // Named only when read ($$.Execution.Name or Id): naming every execution looked up every
                            // event's id.
                            ExecutionNamer = ExecutionNamer,
                            ExecutionNumber = summary.Executions,
                            RandomSeed = (int)(summary.Executions & int.MaxValue),

                            // The line the event was parsed from: message bodies copy it when it is already in the writer's form.
                            InputText = input.Utf8,
                            InputTextDepthBound = input.Utf8DepthBound,

                            // The replay keeps what the executions sent and counts their states; their outputs and the
                            // states' names would be built per execution for nothing.
                            DiscardOutput = true,
                            RecordStatesEntered = false,
                        },
                        cancellationToken);

                    // The execution holds the event until it finishes (Collect releases it), parked in a Wait or not.
                    input.Pooled?.Hold();
                    running.Add(new RunningExecution(execution, input, target.StateMachine.LogicalId));
                }
            }

            if (matched)
            {
                summary.EventsMatched++;
            }
            else
            {
                summary.EventsUnmatched++;
                unmatchedKinds.Add(input);
            }

            // The last use of the event here: what the executions still need they hold.
            input.Pooled?.Release();

            await pipeline.Queues.DeliverAsync(pipeline.Clock.Now, flush: false, cancellationToken).ConfigureAwait(false);
            Collect(running, summary, diagnostics, deadLetter, onlyCompleted: true);
        }

        await DrainAsync(pipeline, cancellationToken).ConfigureAwait(false);
        pipeline.Queues.WaitForFunctions();
        pipeline.FinishSpilling();
        Collect(running, summary, diagnostics, deadLetter, onlyCompleted: false);
        WriteLedger(pipeline, summary);
        Spill = new SpillReport(pipeline.Jobs.Statistics, pipeline.Markers.Statistics);
        FunctionsThreadStatistics = pipeline.Queues.FunctionsThreadStatistics;

        stopwatch.Stop();
        summary.ElapsedSeconds = stopwatch.Elapsed.TotalSeconds;
        summary.EventsPerSecond = summary.EventsRead / Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
        summary.MessagesByQueue = new Dictionary<string, long>(pipeline.Queues.MessagesSent, StringComparer.Ordinal);
        summary.MessageBytes = pipeline.Queues.SentBytes;
        summary.FunctionBatches = pipeline.Queues.Batches;
        summary.JoinsFound = pipeline.Queues.JoinsFound;
        summary.JoinsNotFound = pipeline.Queues.JoinsNotFound;
        summary.FunctionRecords = pipeline.Queues.Deliveries;
        summary.StoreWrites = pipeline.Instances.Writes + pipeline.Jobs.Writes + pipeline.Markers.Writes;
        summary.EmfDocuments = output.EmfDocuments;
        summary.EmfBytes = output.EmfBytes;
        summary.InsightRecords = output.InsightRecords;
        summary.InsightBytes = output.InsightBytes;
        summary.EmfViolations = output.EmfViolations.Distinct().Take(100).ToList();
        summary.EventsUnmatchedByKind = unmatchedKinds.ToOrdered();
        summary.Metrics = output.Totals.ToSorted();
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "summary.json"), JsonSerializer.Serialize(summary, ReplayJsonIndented.Default.ReplaySummary), cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>Moves the clock to <paramref name="time"/> in steps, so batches and parked executions interleave as they would in AWS.</summary>
    private static async Task AdvanceAsync(LocalPipeline pipeline, DateTimeOffset time, CancellationToken cancellationToken)
    {
        while (true)
        {
            var nextWake = pipeline.Clock.NextWakeTime;
            var nextDue = pipeline.Queues.NextDue;
            var next = Min(nextWake, nextDue);
            if (next is null || next > time)
            {
                break;
            }

            pipeline.Clock.AdvanceTo(next.Value > pipeline.Clock.Now ? next.Value : pipeline.Clock.Now);
            await pipeline.Queues.DeliverAsync(pipeline.Clock.Now, flush: false, cancellationToken).ConfigureAwait(false);
        }

        if (time > pipeline.Clock.Now)
        {
            pipeline.Clock.AdvanceTo(time);
        }

        await pipeline.Queues.DeliverAsync(pipeline.Clock.Now, flush: false, cancellationToken).ConfigureAwait(false);
    }

    private static async Task DrainAsync(LocalPipeline pipeline, CancellationToken cancellationToken)
    {
        for (var guard = 0; guard < 1_000_000 && (pipeline.Clock.NextWakeTime is not null || pipeline.Queues.HasPending); guard++)
        {
            var next = Min(pipeline.Clock.NextWakeTime, pipeline.Queues.NextDue) ?? pipeline.Clock.Now;
            pipeline.Clock.AdvanceTo(next > pipeline.Clock.Now ? next : pipeline.Clock.Now);
            await pipeline.Queues.DeliverAsync(pipeline.Clock.Now, flush: pipeline.Clock.NextWakeTime is null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Collect(List<RunningExecution> running, ReplaySummary summary, TextWriter diagnostics, Action<DeadLetter> deadLetter, bool onlyCompleted)
    {
        for (var i = running.Count - 1; i >= 0; i--)
        {
            var (task, input, stateMachine) = running[i];
            if (onlyCompleted && !task.IsCompleted)
            {
                continue;
            }

            running.RemoveAt(i);
            if (!task.IsCompleted)
            {
                summary.ExecutionsFailed++;
                deadLetter(ExecutionDeadLetter(input, stateMachine, "execution still waiting when the replay ended"));
                continue;
            }

            var result = task.IsCompletedSuccessfully ? task.Result : null;
            summary.ExecutionStateTransitions += result?.StateTransitions ?? 0;
            if (result is null || result.Status != ExecutionResult.Succeeded)
            {
                summary.ExecutionsFailed++;
                var reason = result is null ? task.AsTask().Exception?.GetBaseException().Message ?? "faulted" : $"{result.Error}: {result.Cause}";
                diagnostics.WriteLine($"{input.File}:{input.Line}: {stateMachine} execution failed: {reason}");
                deadLetter(ExecutionDeadLetter(input, stateMachine, reason));
            }

            // Finished and read: the execution no longer reads its input (an unfinished one above keeps it).
            input.Pooled?.Release();
        }
    }

    /// <summary>
    /// A failed or unfinished execution's dead letter keeps its event, the state machine and where the event was read,
    /// so that the event can be found and replayed again: nothing else holds it once the execution is gone. (A
    /// definition that caught the error has usually sent the event to its dead-letter queue too, as its own letter.)
    /// </summary>
    private static DeadLetter ExecutionDeadLetter(InputEvent input, string stateMachine, string reason) =>
        new("state-machine", $"{stateMachine} execution ({input.File}:{input.Line})", reason, EventId(input), Truncated(EventText(input)));

    /// <summary>
    /// The event as text for a dead letter: the very line it was read from when there is one, which is text whatever
    /// it holds; else written out from its JSON (an event built in code, which the reader made valid).
    /// </summary>
    private static string EventText(InputEvent input) =>
        input.Utf8.IsEmpty ? input.Event.ToJsonString() : System.Text.Encoding.UTF8.GetString(input.Utf8.Span);

    /// <summary>An execution started for an input event, which holds the event's pooled line (if any) until it has finished.</summary>
    /// <remarks>The execution's ValueTask is read once, by <see cref="Collect"/>, after it has completed.</remarks>
    private readonly record struct RunningExecution(ValueTask<ExecutionResult> Execution, InputEvent Input, string StateMachine);

    private void WriteLedger(LocalPipeline pipeline, ReplaySummary summary)
    {
        using (var jobs = new JsonLinesFile(Path.Combine(options.OutputDirectory, "jobs.jsonl"), CoreJsonContext.Default.Options))
        {
            // Spilled jobs are decoded on a second thread, for their ledger line only, while this one writes the lines.
            foreach (var job in ReadAhead<JobRecord>.Run(pipeline.Jobs.LatestInKeyOrder(JobRecordSpillCodec.ForLedgerLines), "brm ledger reader"))
            {
                jobs.Write(JobLedgerLine.FromRecord(job), CoreJsonContext.Default.JobLedgerLine);
                summary.Jobs++;
            }
        }

        using var instances = new JsonLinesFile(Path.Combine(options.OutputDirectory, "instances.jsonl"), ReplayJson.Default.Options);
        // Placeholders only hold jobs waiting for a registration that never came: not instances.
        foreach (var instance in pipeline.Instances.Records.Where(i => !i.IsPlaceholder).OrderBy(i => i.ContainerInstanceArn, StringComparer.Ordinal))
        {
            instances.Write(instance, ReplayJson.Default.InstanceRecord);
            summary.Instances++;
        }
    }

    // An execution's name: its event's id and its number in the replay, from the execution's input (the event's node).
    // One function for every execution (ExecutionContextOptions.ExecutionNamer). Reading "id" materialises the node's
    // members, but only for the rare execution that reads its name ($$.Execution.Name or Id, or the whole $$ in an
    // error handler).
    public static readonly Func<JsonNode?, long, string> ExecutionNamer =
        static (input, number) => $"{IdOf(input) ?? "event"}-{number}";

    /// <summary>
    /// The event's "id" when it is a string (EventBridge's are; an archive edited by hand may hold anything), read from
    /// the parse when there is one, so the event's members are not materialised just for a name.
    /// </summary>
    private static string? EventId(InputEvent input) =>
        input.Parsed.ValueKind == JsonValueKind.Object
            ? input.Parsed.TryGetProperty("id"u8, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null
            : IdOf(input.Event);

    private static string? IdOf(JsonNode? @event) => @event?["id"] is JsonValue value && value.TryGetValue<string>(out var id) ? id : null;

    private static void Reject(ReplaySummary summary, TextWriter diagnostics, Action<DeadLetter> deadLetter, InputEvent input, string reason)
    {
        summary.EventsRejected++;
        diagnostics.WriteLine($"{input.File}:{input.Line}: rejected: {reason}");
        deadLetter(new DeadLetter("input", $"{input.File}:{input.Line}", reason, input.Event["id"]?.ToString(), Truncated(EventText(input))));
    }

    /// <summary>Dead letters keep what was rejected, cut to a size that keeps dlq.jsonl readable.</summary>
    internal static string Truncated(string text) => text.Length <= 4096 ? text : text[..4096] + "…";

    /// <summary>UTF-8 text as <see cref="Truncated(string)"/> gives it, decoding no more than that needs (a Firehose object's line can be megabytes).</summary>
    internal static string Truncated(ReadOnlySpan<byte> utf8) => Truncated(System.Text.Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, (4096 * 4) + 4)]));

    /// <summary>A state machine's ARN, made once per machine rather than once per execution.</summary>
    private string StateMachineArn(string logicalId)
    {
        if (!_stateMachineArns.TryGetValue(logicalId, out var arn))
        {
            arn = $"arn:aws:states:{LocalResourceNames.Region}:{LocalResourceNames.Account}:stateMachine:{logicalId}";
            _stateMachineArns[logicalId] = arn;
        }

        return arn;
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
