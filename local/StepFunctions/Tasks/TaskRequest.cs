using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// The top-level fields of a task's request as the DynamoDB and SQS invokers read them (TableName, Key, QueueUrl,
/// MessageBody...): either the Parameters object the general path built, or the fields of a Parameters template
/// evaluated one by one, in the template's order, without the <see cref="JsonObject"/> around them
/// (<see cref="PayloadTemplate.TryEvaluateFields"/>). That object and its dictionary were about 270 bytes per GetItem or
/// SQS send, and building them a sixth of the pipeline's thread in a replay. The invokers read both forms through
/// the same code, so they answer alike.
/// </summary>
internal readonly struct TaskRequest
{
    private readonly JsonObject? _object;
    private readonly string[]? _names;
    private readonly JsonNode?[]? _values;

    private TaskRequest(JsonObject? parameters, string[]? names, JsonNode?[]? values)
    {
        _object = parameters;
        _names = names;
        _values = values;
    }

    /// <summary>A request read from evaluated Parameters; anything but an object is a request without fields.</summary>
    public static TaskRequest Of(JsonNode? parameters) => new(parameters as JsonObject, null, null);

    /// <summary>A request of these fields (unique names, ordinal, as a JsonObject compares them); the arrays are not copied.</summary>
    public static TaskRequest OfFields(string[] names, JsonNode?[] values) => new(null, names, values);

    /// <summary>The field's value; null when it is absent or JSON null (as the JsonObject indexer answers).</summary>
    public JsonNode? this[string name] => TryGetPropertyValue(name, out var value) ? value : null;

    /// <summary>Whether the request has the field, even with a null value.</summary>
    public bool TryGetPropertyValue(string name, out JsonNode? value)
    {
        if (_object is not null)
        {
            return _object.TryGetPropertyValue(name, out value);
        }

        if (_names is not null)
        {
            // A handful of fields: a scan beats hashing the name.
            for (var i = 0; i < _names.Length; i++)
            {
                if (string.Equals(_names[i], name, StringComparison.Ordinal))
                {
                    value = _values![i];
                    return true;
                }
            }
        }

        value = null;
        return false;
    }
}
