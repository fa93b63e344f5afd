using System.Globalization;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// The "$$" context object of one execution. Built lazily and rebuilt only when a field changed, because most
/// states never read it and building JSON per state would cost more than the state itself.
/// </summary>
internal sealed class ContextObject
{
    private readonly ExecutionRun _run;
    private JsonObject? _built;
    private string _stateName = string.Empty;
    private DateTimeOffset _enteredTime;
    private int _retryCount;
    private int? _mapIndex;
    private JsonNode? _mapValue;

    public ContextObject(ExecutionRun run)
    {
        _run = run;
    }

    private ContextObject(ContextObject parent, int mapIndex, JsonNode? mapValue)
    {
        _run = parent._run;
        _stateName = parent._stateName;
        _enteredTime = parent._enteredTime;
        _mapIndex = mapIndex;
        _mapValue = mapValue;
    }

    /// <summary>A context for one Map iteration, which adds $$.Map.Item.Index and $$.Map.Item.Value.</summary>
    public ContextObject ForMapItem(int index, JsonNode? value) => new(this, index, value);

    public JsonNode? ExecutionInput => _run.ExecutionInput;

    /// <summary>$$.Execution.Input as the JSON text the writer would write for it, when the caller gave it (see <see cref="ExecutionRun.TryGetInputText"/>).</summary>
    public bool TryGetExecutionInputText(int maxDepth, out ReadOnlyMemory<byte> text) => _run.TryGetInputText(maxDepth, out text);

    /// <summary>The length of the execution input's text when the caller gave it, else 0 (a hint for sizing message bodies).</summary>
    public int ExecutionInputTextLength => _run.Options.InputText.Length;

    public Random Random => _run.Random;

    public void EnterState(string name, DateTimeOffset enteredTime)
    {
        _stateName = name;
        _enteredTime = enteredTime;
        _retryCount = 0;
        _built = null;
    }

    public void SetRetryCount(int retryCount)
    {
        _retryCount = retryCount;
        _built = null;
    }

    public JsonObject Build()
    {
        if (_built is not null)
        {
            return _built;
        }

        var options = _run.Options;
        var context = new JsonObject
        {
            ["Execution"] = new JsonObject
            {
                ["Id"] = _run.ExecutionArn,
                ["Input"] = JsonValues.Clone(_run.ExecutionInput),
                ["Name"] = _run.ExecutionName,
                ["RoleArn"] = options.RoleArn,
                ["StartTime"] = FormatTime(_run.StartTime),
                ["RedriveCount"] = 0,
            },
            ["State"] = new JsonObject
            {
                ["EnteredTime"] = FormatTime(_enteredTime),
                ["Name"] = _stateName,
                ["RetryCount"] = _retryCount,
            },
            ["StateMachine"] = new JsonObject
            {
                ["Id"] = options.StateMachineArn,
                ["Name"] = options.StateMachineName,
            },
        };
        if (_mapIndex is { } index)
        {
            context["Map"] = new JsonObject
            {
                ["Item"] = new JsonObject { ["Index"] = index, ["Value"] = JsonValues.Clone(_mapValue) },
            };
        }

        _built = context;
        return context;
    }

    /// <summary>Step Functions prints context times as ISO 8601 UTC with milliseconds, e.g. 2019-03-26T20:14:13.192Z.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
