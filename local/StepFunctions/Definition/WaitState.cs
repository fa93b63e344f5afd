using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Wait: parks on the virtual clock for Seconds/SecondsPath or until Timestamp/TimestampPath.</summary>
internal sealed class WaitState : StateNode
{
    private readonly double? _seconds;
    private readonly JsonPath? _secondsPath;
    private readonly DateTimeOffset? _timestamp;
    private readonly JsonPath? _timestampPath;

    public WaitState(string name, JsonObject json)
        : base(name, json)
    {
        _seconds = DefinitionReader.OptionalNumber(json, "Seconds", name);
        var secondsPath = DefinitionReader.OptionalString(json, "SecondsPath", name);
        _secondsPath = secondsPath is null ? null : DefinitionReader.Path(secondsPath, name, "SecondsPath");
        var timestamp = DefinitionReader.OptionalString(json, "Timestamp", name);
        if (timestamp is not null)
        {
            _timestamp = Timestamps.TryParse(timestamp, out var at) ? at : throw new DefinitionException($"State '{name}': Timestamp '{timestamp}' is not an RFC 3339 timestamp");
        }

        var timestampPath = DefinitionReader.OptionalString(json, "TimestampPath", name);
        _timestampPath = timestampPath is null ? null : DefinitionReader.Path(timestampPath, name, "TimestampPath");
        var count = (_seconds is null ? 0 : 1) + (_secondsPath is null ? 0 : 1) + (_timestamp is null ? 0 : 1) + (_timestampPath is null ? 0 : 1);
        if (count != 1)
        {
            throw new DefinitionException($"State '{name}': a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath");
        }
    }

    public override async ValueTask<StateOutcome> RunAsync(JsonNode? rawInput, StateRun run)
    {
        var effective = InputPath.Apply(run.Scope(rawInput));
        var wakeAt = WakeTime(run.Scope(effective), run.Clock.Now);
        await run.Clock.WaitUntilAsync(wakeAt, run.CancellationToken).ConfigureAwait(false);
        return Continue(OutputPath.Apply(run.Scope(effective)));
    }

    private DateTimeOffset WakeTime(EvaluationScope scope, DateTimeOffset now)
    {
        if (_seconds is { } seconds)
        {
            return now.AddSeconds(seconds);
        }

        if (_timestamp is { } timestamp)
        {
            return timestamp;
        }

        if (_secondsPath is not null)
        {
            var value = Read(scope, _secondsPath);
            return JsonValues.TryGetNumber(value, out var s) && s >= 0
                ? now.AddSeconds(s)
                : throw Invalid(_secondsPath, "a non-negative number of seconds", value);
        }

        var text = Read(scope, _timestampPath!);
        return JsonValues.TryGetString(text, out var t) && Timestamps.TryParse(t, out var at)
            ? at
            : throw Invalid(_timestampPath!, "an RFC 3339 timestamp", text);
    }

    private JsonNode? Read(EvaluationScope scope, JsonPath path) =>
        scope.TrySelect(path, out var value)
            ? value
            : throw new StatesErrorException(StatesErrors.Runtime, $"An error occurred while executing the state '{Name}'. Invalid path '{path.Text}': the path did not select a value from the input");

    private StatesErrorException Invalid(JsonPath path, string expected, JsonNode? value) =>
        new(StatesErrors.Runtime, $"An error occurred while executing the state '{Name}'. The value at '{path.Text}' must be {expected}, got {JsonValues.ToCompactJson(value)}");
}
