using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A compiled Parameters / ResultSelector / ItemSelector template. Keys ending in ".$" take their value from a
/// path, a "$$" context path or an intrinsic function; everything else is copied literally.
/// </summary>
internal abstract class PayloadTemplate
{
    /// <param name="field">The state field being evaluated (e.g. "Parameters"), for error messages.</param>
    public static PayloadTemplate Compile(JsonNode? template, string stateName, string field)
    {
        switch (template)
        {
            case JsonObject obj:
                var entries = new List<(string Key, PayloadTemplate Value)>(obj.Count);
                var allStatic = true;
                foreach (var (key, value) in obj)
                {
                    PayloadTemplate compiled;
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        compiled = CompileDynamic(key, value, stateName, field);
                    }
                    else
                    {
                        compiled = Compile(value, stateName, field);
                    }

                    allStatic &= compiled is StaticTemplate;
                    entries.Add((key, compiled));
                }

                return allStatic ? new StaticTemplate(obj) : new ObjectTemplate(entries);
            case JsonArray array:
                var items = array.Select(item => Compile(item, stateName, field)).ToList();
                return items.TrueForAll(item => item is StaticTemplate) ? new StaticTemplate(array) : new ArrayTemplate(items);
            default:
                return new StaticTemplate(template);
        }
    }

    public abstract JsonNode? Evaluate(EvaluationScope scope);

    private static PayloadTemplate CompileDynamic(string key, JsonNode? value, string stateName, string field)
    {
        var targetKey = key[..^2];
        if (!JsonValues.TryGetString(value, out var expression))
        {
            throw new DefinitionException($"State '{stateName}': {field} field '{key}' must be a string holding a path or an intrinsic function");
        }

        try
        {
            if (IntrinsicCall.IsIntrinsicSyntax(expression))
            {
                return new IntrinsicTemplate(targetKey, IntrinsicCall.Parse(expression));
            }

            if (JsonPath.IsPathSyntax(expression))
            {
                return new PathTemplate(key, JsonPath.Parse(expression));
            }
        }
        catch (FormatException ex)
        {
            throw new DefinitionException($"State '{stateName}': {field} field '{key}': {ex.Message}");
        }

        throw new DefinitionException($"State '{stateName}': {field} field '{key}' value '{expression}' is neither a path nor an intrinsic function");
    }

    /// <summary>Literal JSON; cloned on every use so no execution can change the definition.</summary>
    private sealed class StaticTemplate(JsonNode? value) : PayloadTemplate
    {
        public override JsonNode? Evaluate(EvaluationScope scope) => JsonValues.Clone(value);
    }

    private sealed class ObjectTemplate(List<(string Key, PayloadTemplate Value)> entries) : PayloadTemplate
    {
        public override JsonNode? Evaluate(EvaluationScope scope)
        {
            var result = new JsonObject();
            foreach (var (key, value) in entries)
            {
                var name = value is DynamicTemplate dynamic ? dynamic.TargetKey : key;
                result[name] = value.Evaluate(scope);
            }

            return result;
        }
    }

    private sealed class ArrayTemplate(List<PayloadTemplate> items) : PayloadTemplate
    {
        public override JsonNode? Evaluate(EvaluationScope scope)
        {
            var result = new JsonArray();
            foreach (var item in items)
            {
                result.Add(item.Evaluate(scope));
            }

            return result;
        }
    }

    private abstract class DynamicTemplate(string targetKey) : PayloadTemplate
    {
        public string TargetKey { get; } = targetKey;
    }

    private sealed class PathTemplate(string key, JsonPath path) : DynamicTemplate(key[..^2])
    {
        public override JsonNode? Evaluate(EvaluationScope scope)
        {
            if (!scope.TrySelect(path, out var value))
            {
                var source = path.IsContextPath ? scope.Context.Build() : scope.Input;
                throw new StatesErrorException(
                    StatesErrors.Runtime,
                    $"An error occurred while executing the state '{scope.StateName}'. The JSONPath '{path.Text}' specified for the field '{key}' could not be found in the input '{JsonValues.ToCompactJson(source)}'");
            }

            // A definite path yields a node of someone else's tree (maybe the caller's input root, which has no
            // parent yet must never be adopted), so it is copied; an indefinite path already yields a fresh array.
            return path.IsDefinite ? JsonValues.Clone(value) : value;
        }
    }

    private sealed class IntrinsicTemplate(string targetKey, IntrinsicCall call) : DynamicTemplate(targetKey)
    {
        public override JsonNode? Evaluate(EvaluationScope scope) => JsonValues.Detach(call.Evaluate(scope));
    }
}
