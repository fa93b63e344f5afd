using System.Globalization;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>A document path inside an item (a.b[2].c), with #aliases already resolved; reads, writes and removes.</summary>
internal sealed class AttributePath
{
    private readonly List<object> _steps; // string = map key, int = list index

    private AttributePath(List<object> steps) => _steps = steps;

    public string TopLevelName => (string)_steps[0];

    public static AttributePath Parse(ExpressionTokenizer tokens, ExpressionContext context)
    {
        var steps = new List<object> { context.Name(tokens.Next()) };
        while (true)
        {
            if (tokens.TryTake("."))
            {
                steps.Add(context.Name(tokens.Next()));
            }
            else if (tokens.Peek() == "[")
            {
                tokens.Next();
                steps.Add(int.Parse(tokens.Next(), CultureInfo.InvariantCulture));
                tokens.Expect("]");
            }
            else
            {
                return new AttributePath(steps);
            }
        }
    }

    public JsonNode? Get(JsonObject? item)
    {
        if (item is null || !item.TryGetPropertyValue((string)_steps[0], out var current))
        {
            return null;
        }

        for (var i = 1; i < _steps.Count && current is not null; i++)
        {
            current = Child(current, _steps[i]);
        }

        return current;
    }

    public void Set(JsonObject item, JsonNode value)
    {
        var parent = ParentOf(item) ?? throw new DynamoDbValidationException("The document path provided in the update expression is invalid for update");
        switch (_steps[^1], parent)
        {
            case (string key, JsonObject map):
                map[key] = value;
                break;
            case (int index, JsonArray list):
                if (index >= list.Count)
                {
                    list.Add(value); // DynamoDB appends when the index is past the end
                }
                else
                {
                    list[index] = value;
                }

                break;
            default:
                throw new DynamoDbValidationException("The document path provided in the update expression is invalid for update");
        }
    }

    public void Remove(JsonObject item)
    {
        switch (_steps[^1], ParentOf(item))
        {
            case (string key, JsonObject map):
                map.Remove(key);
                break;
            case (int index, JsonArray list) when index < list.Count:
                list.RemoveAt(index);
                break;
        }
    }

    /// <summary>The JSON container (item, a map's "M" object or a list's "L" array) holding the last step.</summary>
    private JsonNode? ParentOf(JsonObject item)
    {
        if (_steps.Count == 1)
        {
            return item;
        }

        var attribute = item[(string)_steps[0]];
        for (var i = 1; i < _steps.Count - 1 && attribute is not null; i++)
        {
            attribute = Child(attribute, _steps[i]);
        }

        return attribute is JsonObject holder && holder.Count == 1 && (holder.ContainsKey("M") || holder.ContainsKey("L"))
            ? holder.First().Value
            : null;
    }

    private static JsonNode? Child(JsonNode? attribute, object step)
    {
        if (attribute is not JsonObject obj || obj.Count != 1)
        {
            return null;
        }

        return (step, obj.First().Value) switch
        {
            (string key, JsonObject map) when obj.ContainsKey("M") => map[key],
            (int index, JsonArray list) when obj.ContainsKey("L") && index < list.Count => list[index],
            _ => null,
        };
    }
}
