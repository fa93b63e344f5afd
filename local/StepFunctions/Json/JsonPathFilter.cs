using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>A compiled filter predicate, the part inside [?( ... )].</summary>
internal abstract class JsonPathFilter
{
    public abstract bool Matches(JsonNode? item, JsonNode? root);
}

/// <summary>A value inside a filter: a literal, or a path relative to the item (@) or to the document ($).</summary>
internal abstract class FilterOperand
{
    public abstract bool TryEvaluate(JsonNode? item, JsonNode? root, out JsonNode? value);
}

internal sealed class LiteralOperand(JsonNode? value) : FilterOperand
{
    public override bool TryEvaluate(JsonNode? item, JsonNode? root, out JsonNode? result)
    {
        result = value;
        return true;
    }
}

internal sealed class PathOperand(JsonPath path, bool relativeToItem) : FilterOperand
{
    public override bool TryEvaluate(JsonNode? item, JsonNode? root, out JsonNode? value) =>
        path.TrySelect(relativeToItem ? item : root, out value);
}

internal sealed class ExistsFilter(FilterOperand operand) : JsonPathFilter
{
    // Jayway treats a bare path as "exists"; a literal false stays false.
    public override bool Matches(JsonNode? item, JsonNode? root) =>
        operand.TryEvaluate(item, root, out var value) && !(operand is LiteralOperand && JsonValues.Kind(value) is JsonValueKind.False or JsonValueKind.Null);
}

internal sealed class NotFilter(JsonPathFilter inner) : JsonPathFilter
{
    public override bool Matches(JsonNode? item, JsonNode? root) => !inner.Matches(item, root);
}

internal sealed class AndFilter(JsonPathFilter left, JsonPathFilter right) : JsonPathFilter
{
    public override bool Matches(JsonNode? item, JsonNode? root) => left.Matches(item, root) && right.Matches(item, root);
}

internal sealed class OrFilter(JsonPathFilter left, JsonPathFilter right) : JsonPathFilter
{
    public override bool Matches(JsonNode? item, JsonNode? root) => left.Matches(item, root) || right.Matches(item, root);
}

internal sealed class ComparisonFilter(FilterOperand left, string op, FilterOperand right) : JsonPathFilter
{
    public override bool Matches(JsonNode? item, JsonNode? root)
    {
        if (!left.TryEvaluate(item, root, out var a) || !right.TryEvaluate(item, root, out var b))
        {
            // A missing value never compares true, not even with != (Jayway's behaviour).
            return false;
        }

        if (op is "==" or "!=")
        {
            var equal = AreEqual(a, b);
            return op == "==" ? equal : !equal;
        }

        int? order = Compare(a, b);
        return order switch
        {
            null => false,
            var o => op switch
            {
                "<" => o < 0,
                "<=" => o <= 0,
                ">" => o > 0,
                ">=" => o >= 0,
                _ => false,
            },
        };
    }

    private static bool AreEqual(JsonNode? a, JsonNode? b)
    {
        // Strings first: the common filter (@.name == '...') should not pay for a generic deep comparison.
        if (JsonValues.TryGetString(a, out var s) && JsonValues.TryGetString(b, out var t))
        {
            return string.Equals(s, t, StringComparison.Ordinal);
        }

        if (JsonValues.TryGetNumber(a, out var x) && JsonValues.TryGetNumber(b, out var y))
        {
            return x == y;
        }

        return JsonValues.DeepEquals(a, b);
    }

    private static int? Compare(JsonNode? a, JsonNode? b)
    {
        if (JsonValues.TryGetNumber(a, out var x) && JsonValues.TryGetNumber(b, out var y))
        {
            return x.CompareTo(y);
        }

        if (JsonValues.TryGetString(a, out var s) && JsonValues.TryGetString(b, out var t))
        {
            return string.CompareOrdinal(s, t);
        }

        return null;
    }
}
