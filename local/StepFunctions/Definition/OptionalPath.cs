using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// InputPath or OutputPath: absent means "$" (pass everything), JSON null means "{}" (pass nothing), otherwise a
/// path whose selection must exist.
/// </summary>
internal sealed class OptionalPath
{
    private static readonly OptionalPath Identity = new(null, false);
    private static readonly OptionalPath Nothing = new(null, true);

    private readonly JsonPath? _path;
    private readonly bool _isNull;

    private OptionalPath(JsonPath? path, bool isNull)
    {
        _path = path;
        _isNull = isNull;
    }

    public string Field { get; private init; } = string.Empty;

    /// <summary>Absent or "$": the input passes whole, and applying it cannot fail.</summary>
    public bool IsIdentity => ReferenceEquals(this, Identity);

    public static OptionalPath Read(JsonObject state, string field, string stateName)
    {
        if (!state.TryGetPropertyValue(field, out var node))
        {
            return Identity;
        }

        if (node is null)
        {
            return Nothing;
        }

        var text = DefinitionReader.String(node, stateName, field);
        try
        {
            var path = JsonPath.Parse(text);
            return path.IsRoot && !path.IsContextPath ? Identity : new OptionalPath(path, false) { Field = field };
        }
        catch (FormatException ex)
        {
            throw new DefinitionException($"State '{stateName}': invalid {field}: {ex.Message}");
        }
    }

    /// <summary>Selects from the input; the result may still be attached to the input (read it, do not change it).</summary>
    public JsonNode? Apply(EvaluationScope scope)
    {
        if (_isNull)
        {
            return new JsonObject();
        }

        if (_path is null)
        {
            return scope.Input;
        }

        if (!scope.TrySelect(_path, out var value))
        {
            throw new StatesErrorException(
                StatesErrors.Runtime,
                $"An error occurred while executing the state '{scope.StateName}'. Invalid path '{_path.Text}' : No results for path: {Field} '{_path.Text}' in the input '{JsonValues.ToCompactJson(scope.Input)}'");
        }

        return value;
    }
}
