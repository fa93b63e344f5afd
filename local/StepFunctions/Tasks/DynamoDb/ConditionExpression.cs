using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// DynamoDB ConditionExpression: comparisons (= &lt;&gt; &lt; &lt;= &gt; &gt;=), BETWEEN, IN, AND, OR, NOT, parentheses and the
/// functions attribute_exists, attribute_not_exists, attribute_type, begins_with, contains and size.
/// </summary>
internal static class ConditionExpression
{
    public static bool Evaluate(string expression, ExpressionContext context, JsonObject? item)
    {
        var tokens = new ExpressionTokenizer(expression);
        var result = Or(tokens, context, item);
        if (!tokens.AtEnd)
        {
            throw tokens.Error($"unexpected '{tokens.Peek()}'");
        }

        return result;
    }

    // Every branch is evaluated (no short-circuit) so a syntax error anywhere is always reported.
    private static bool Or(ExpressionTokenizer t, ExpressionContext c, JsonObject? item)
    {
        var value = And(t, c, item);
        while (t.TryTake("OR"))
        {
            value |= And(t, c, item);
        }

        return value;
    }

    private static bool And(ExpressionTokenizer t, ExpressionContext c, JsonObject? item)
    {
        var value = Not(t, c, item);
        while (t.TryTake("AND"))
        {
            value &= Not(t, c, item);
        }

        return value;
    }

    private static bool Not(ExpressionTokenizer t, ExpressionContext c, JsonObject? item) =>
        t.TryTake("NOT") ? !Not(t, c, item) : Primary(t, c, item);

    private static bool Primary(ExpressionTokenizer t, ExpressionContext c, JsonObject? item)
    {
        if (t.TryTake("("))
        {
            var inner = Or(t, c, item);
            t.Expect(")");
            return inner;
        }

        var function = t.Peek()?.ToLowerInvariant();
        if (t.Peek(1) == "(" && function is "attribute_exists" or "attribute_not_exists" or "attribute_type" or "begins_with" or "contains")
        {
            return Function(t, c, item);
        }

        var left = Operand(t, c, item);
        if (t.TryTake("BETWEEN"))
        {
            var low = Operand(t, c, item);
            t.Expect("AND");
            var high = Operand(t, c, item);
            return left is not null && low is not null && high is not null
                && AttributeValues.Compare(left, low) >= 0 && AttributeValues.Compare(left, high) <= 0;
        }

        if (t.TryTake("IN"))
        {
            t.Expect("(");
            var found = false;
            do
            {
                var candidate = Operand(t, c, item);
                found |= left is not null && candidate is not null && AttributeValues.AreEqual(left, candidate);
            }
            while (t.TryTake(","));

            t.Expect(")");
            return found;
        }

        var op = t.Next();
        var right = Operand(t, c, item);
        if (left is null || right is null)
        {
            // A missing attribute compares false, except "<>" which holds.
            return op == "<>";
        }

        return op switch
        {
            "=" => AttributeValues.AreEqual(left, right),
            "<>" => !AttributeValues.AreEqual(left, right),
            "<" => AttributeValues.Compare(left, right) < 0,
            "<=" => AttributeValues.Compare(left, right) <= 0,
            ">" => AttributeValues.Compare(left, right) > 0,
            ">=" => AttributeValues.Compare(left, right) >= 0,
            _ => throw t.Error($"unknown comparator '{op}'"),
        };
    }

    private static bool Function(ExpressionTokenizer t, ExpressionContext c, JsonObject? item)
    {
        var name = t.Next().ToLowerInvariant();
        t.Expect("(");
        var path = AttributePath.Parse(t, c);
        var value = path.Get(item);
        bool result;
        switch (name)
        {
            case "attribute_exists":
                result = value is not null;
                break;
            case "attribute_not_exists":
                result = value is null;
                break;
            case "attribute_type":
                t.Expect(",");
                var type = c.Value(t.Next());
                result = value is not null && JsonValues.TryGetString(AttributeValues.Payload(type), out var expected) && AttributeValues.TypeOf(value) == expected;
                break;
            case "begins_with":
                t.Expect(",");
                var prefix = Operand(t, c, item);
                result = value is not null && prefix is not null && AttributeValues.TypeOf(value) == "S" && AttributeValues.TypeOf(prefix) == "S"
                    && AttributeValues.Payload(value)!.GetValue<string>().StartsWith(AttributeValues.Payload(prefix)!.GetValue<string>(), StringComparison.Ordinal);
                break;
            default: // contains
                t.Expect(",");
                var operand = Operand(t, c, item);
                result = value is not null && operand is not null && Contains(value, operand);
                break;
        }

        t.Expect(")");
        return result;
    }

    private static bool Contains(JsonNode value, JsonNode operand)
    {
        var type = AttributeValues.TypeOf(value);
        if (type == "S" && AttributeValues.TypeOf(operand) == "S")
        {
            return AttributeValues.Payload(value)!.GetValue<string>().Contains(AttributeValues.Payload(operand)!.GetValue<string>(), StringComparison.Ordinal);
        }

        if (AttributeValues.IsSet(type))
        {
            var element = AttributeValues.Payload(operand);
            return JsonValues.TryGetString(element, out var text) && AttributeValues.SetItems(value).Contains(text);
        }

        return type == "L" && AttributeValues.Payload(value) is JsonArray list && list.Any(v => AttributeValues.AreEqual(v, operand));
    }

    /// <summary>A value operand: :value, size(path) or a path (null when the attribute is missing).</summary>
    internal static JsonNode? Operand(ExpressionTokenizer t, ExpressionContext c, JsonObject? item)
    {
        var token = t.Peek() ?? throw t.Error("expected an operand");
        if (token.StartsWith(':'))
        {
            return c.Value(t.Next());
        }

        if (token.Equals("size", StringComparison.OrdinalIgnoreCase) && t.Peek(1) == "(")
        {
            t.Next();
            t.Expect("(");
            var value = AttributePath.Parse(t, c).Get(item);
            t.Expect(")");
            return value is null ? null : AttributeValues.Number(Size(value));
        }

        return AttributePath.Parse(t, c).Get(item);
    }

    private static decimal Size(JsonNode value) => AttributeValues.Payload(value) switch
    {
        JsonArray array => array.Count,
        JsonObject map => map.Count,
        var scalar when AttributeValues.TypeOf(value) == "B" => Convert.FromBase64String(scalar!.GetValue<string>()).Length,
        var scalar => scalar!.GetValue<string>().Length,
    };
}
