using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Inline Map: runs ItemProcessor (or the older Iterator) once per item of ItemsPath; ItemSelector (or the older
/// Parameters) shapes each item with $$.Map.Item.Index/Value. MaxConcurrency is accepted and ignored: iterations
/// start together and are awaited in order.
/// </summary>
internal sealed class MapState : StateNode
{
    private readonly StatesBlock _processor;
    private readonly JsonPath? _itemsPath;
    private readonly PayloadTemplate? _itemSelector;
    private readonly PayloadTemplate? _resultSelector;
    private readonly OptionalResultPath _resultPath;
    private readonly ErrorHandling _errorHandling;

    // Cached once: converting the method group on every run would allocate a delegate per state execution.
    private readonly Func<JsonNode?, StateRun, ValueTask<StateOutcome>> _attempt;

    public MapState(string name, JsonObject json)
        : base(name, json)
    {
        var processor = json["ItemProcessor"] ?? json["Iterator"] ?? throw new DefinitionException($"State '{name}': a Map state needs 'ItemProcessor' (or 'Iterator')");
        _processor = StatesBlock.Parse(DefinitionReader.Object(processor, name, "ItemProcessor"), $"State '{name}' ItemProcessor");
        var itemsPath = DefinitionReader.OptionalString(json, "ItemsPath", name);
        _itemsPath = itemsPath is null ? null : DefinitionReader.Path(itemsPath, name, "ItemsPath");
        var selector = json["ItemSelector"] ?? json["Parameters"];
        _itemSelector = selector is null ? null : PayloadTemplate.Compile(selector, name, json.ContainsKey("ItemSelector") ? "ItemSelector" : "Parameters");
        _resultSelector = json.TryGetPropertyValue("ResultSelector", out var resultSelector) ? PayloadTemplate.Compile(resultSelector, name, "ResultSelector") : null;
        _resultPath = OptionalResultPath.Read(json, name);
        _errorHandling = new ErrorHandling(json, name);
        _attempt = AttemptAsync;
    }

    public override IEnumerable<string> Targets => base.Targets.Concat(_errorHandling.CatchTargets);

    public override IEnumerable<StatesBlock> Children => [_processor];

    public override ValueTask<StateOutcome> RunAsync(JsonNode? rawInput, StateRun run) => _errorHandling.RunAsync(rawInput, run, _attempt);

    private async ValueTask<StateOutcome> AttemptAsync(JsonNode? rawInput, StateRun run)
    {
        var effective = InputPath.Apply(run.Scope(rawInput));
        var items = Items(effective, run);
        var running = new Task<JsonNode?>[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var itemContext = run.Context.ForMapItem(i, items[i]);
            var itemInput = _itemSelector is null
                ? JsonValues.Clone(items[i])
                : _itemSelector.Evaluate(new EvaluationScope(effective, itemContext, Name));
            running[i] = run.Execution.RunBlockAsync(_processor, itemInput, new ContextObject(run.Execution), run.CancellationToken).AsTask();
        }

        JsonNode? result = await BranchResults.CollectAsync(running).ConfigureAwait(false);
        if (_resultSelector is not null)
        {
            result = _resultSelector.Evaluate(run.Scope(result));
        }

        var output = _resultPath.Apply(rawInput, result, run);
        return Continue(OutputPath.Apply(run.Scope(output)));
    }

    private JsonArray Items(JsonNode? effective, StateRun run)
    {
        JsonNode? items = effective;
        if (_itemsPath is not null && !run.Scope(effective).TrySelect(_itemsPath, out items))
        {
            throw new StatesErrorException(StatesErrors.Runtime, $"An error occurred while executing the state '{Name}'. Invalid path '{_itemsPath.Text}' for ItemsPath: no value at that path in the input");
        }

        return items as JsonArray
            ?? throw new StatesErrorException(StatesErrors.Runtime, $"An error occurred while executing the state '{Name}'. ItemsPath '{_itemsPath?.Text ?? "$"}' must select an array, got {JsonValues.ToCompactJson(items)}");
    }
}
