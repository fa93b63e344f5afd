using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// DynamoDB UpdateExpression: SET (with if_not_exists, list_append, + and -), REMOVE, ADD (numbers and sets) and
/// DELETE (sets). Applies to a copy of the item and reports which top-level attributes it touched.
/// </summary>
internal static class UpdateExpression
{
    private static readonly string[] Clauses = ["SET", "REMOVE", "ADD", "DELETE"];

    /// <returns>The top-level attribute names the update touched (for UPDATED_OLD / UPDATED_NEW).</returns>
    public static HashSet<string> Apply(string expression, ExpressionContext context, JsonObject item)
    {
        var tokens = new ExpressionTokenizer(expression);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        // Every operand reads the item as it was before the update, as DynamoDB does.
        var before = (JsonObject)item.DeepClone();
        while (!tokens.AtEnd)
        {
            var clause = tokens.Next().ToUpperInvariant();
            if (Array.IndexOf(Clauses, clause) < 0)
            {
                throw tokens.Error($"unknown clause '{clause}'");
            }

            do
            {
                var path = AttributePath.Parse(tokens, context);
                touched.Add(path.TopLevelName);
                switch (clause)
                {
                    case "SET":
                        tokens.Expect("=");
                        path.Set(item, SetValue(tokens, context, before));
                        break;
                    case "REMOVE":
                        path.Remove(item);
                        break;
                    case "ADD":
                        Add(path, context.Value(tokens.Next()), item);
                        break;
                    default:
                        Delete(path, context.Value(tokens.Next()), item);
                        break;
                }
            }
            while (tokens.TryTake(","));
        }

        return touched;
    }

    private static JsonNode SetValue(ExpressionTokenizer t, ExpressionContext c, JsonObject before)
    {
        var left = SetOperand(t, c, before);
        if (t.TryTake("+"))
        {
            return AttributeValues.Number(AttributeValues.ToNumber(left) + AttributeValues.ToNumber(SetOperand(t, c, before)));
        }

        if (t.TryTake("-"))
        {
            return AttributeValues.Number(AttributeValues.ToNumber(left) - AttributeValues.ToNumber(SetOperand(t, c, before)));
        }

        return left.DeepClone();
    }

    private static JsonNode SetOperand(ExpressionTokenizer t, ExpressionContext c, JsonObject before)
    {
        var token = t.Peek()?.ToLowerInvariant();
        if (token == "if_not_exists" && t.Peek(1) == "(")
        {
            t.Next();
            t.Expect("(");
            var existing = AttributePath.Parse(t, c).Get(before);
            t.Expect(",");
            var fallback = SetOperand(t, c, before);
            t.Expect(")");
            return existing ?? fallback;
        }

        if (token == "list_append" && t.Peek(1) == "(")
        {
            t.Next();
            t.Expect("(");
            var first = SetOperand(t, c, before);
            t.Expect(",");
            var second = SetOperand(t, c, before);
            t.Expect(")");
            if (AttributeValues.TypeOf(first) != "L" || AttributeValues.TypeOf(second) != "L")
            {
                throw new DynamoDbValidationException("An operand in the update expression has an incorrect data type: list_append needs two lists");
            }

            var joined = new JsonArray();
            foreach (var item in ((JsonArray)AttributeValues.Payload(first)!).Concat((JsonArray)AttributeValues.Payload(second)!))
            {
                joined.Add(JsonValues.Clone(item));
            }

            return new JsonObject { ["L"] = joined };
        }

        return ConditionExpression.Operand(t, c, before)
            ?? throw new DynamoDbValidationException($"The provided expression refers to an attribute that does not exist in the item (in '{t.Expression}')");
    }

    private static void Add(AttributePath path, JsonNode value, JsonObject item)
    {
        var existing = path.Get(item);
        var type = AttributeValues.TypeOf(value);
        if (type == "N")
        {
            var sum = (existing is null ? 0 : AttributeValues.ToNumber(existing)) + AttributeValues.ToNumber(value);
            path.Set(item, AttributeValues.Number(sum));
        }
        else if (AttributeValues.IsSet(type))
        {
            if (existing is not null && AttributeValues.TypeOf(existing) != type)
            {
                throw new DynamoDbValidationException("An operand in the update expression has an incorrect data type");
            }

            var merged = new JsonArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var element in (existing is null ? [] : (JsonArray)AttributeValues.Payload(existing)!).Concat((JsonArray)AttributeValues.Payload(value)!))
            {
                if (seen.Add(element!.GetValue<string>()))
                {
                    merged.Add(element.GetValue<string>());
                }
            }

            path.Set(item, new JsonObject { [type] = merged });
        }
        else
        {
            throw new DynamoDbValidationException("Incorrect operand type for operator or function; operator: ADD, operand type: " + type);
        }
    }

    private static void Delete(AttributePath path, JsonNode value, JsonObject item)
    {
        var existing = path.Get(item);
        var type = AttributeValues.TypeOf(value);
        if (!AttributeValues.IsSet(type))
        {
            throw new DynamoDbValidationException("Incorrect operand type for operator or function; operator: DELETE, operand type: " + type);
        }

        if (existing is null)
        {
            return;
        }

        var removed = AttributeValues.SetItems(value);
        var kept = new JsonArray();
        foreach (var element in (JsonArray)AttributeValues.Payload(existing)!)
        {
            if (!removed.Contains(element!.GetValue<string>()))
            {
                kept.Add(element.GetValue<string>());
            }
        }

        // DynamoDB never stores an empty set: deleting the last element removes the attribute.
        if (kept.Count == 0)
        {
            path.Remove(item);
        }
        else
        {
            path.Set(item, new JsonObject { [type] = kept });
        }
    }
}
