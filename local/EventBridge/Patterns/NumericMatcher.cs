using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// {"numeric": ["&gt;", 0, "&lt;=", 5]}: "=" alone, or at most one lower bound (&gt;, &gt;=) and one upper bound
/// (&lt;, &lt;=). Only JSON numbers in the event match; a numeric-looking string does not.
/// </summary>
internal sealed class NumericMatcher : ValueMatcher
{
    private readonly double _lower = double.NegativeInfinity;
    private readonly bool _lowerInclusive;
    private readonly double _upper = double.PositiveInfinity;
    private readonly bool _upperInclusive;

    public NumericMatcher(JsonNode? operands, string path)
    {
        if (operands is not JsonArray list || list.Count == 0 || list.Count % 2 != 0 || list.Count > 4)
        {
            throw new EventPatternException($"{path}: numeric needs [op, number] or [lower-op, number, upper-op, number]");
        }

        bool hasLower = false, hasUpper = false, hasEquals = false;
        for (var i = 0; i < list.Count; i += 2)
        {
            var op = list[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var number = ReadOperand(list[i + 1], path);
            switch (op)
            {
                case "=":
                    hasEquals = true;
                    (_lower, _lowerInclusive, _upper, _upperInclusive) = (number, true, number, true);
                    break;
                case ">" or ">=" when !hasLower:
                    hasLower = true;
                    (_lower, _lowerInclusive) = (number, op == ">=");
                    break;
                case "<" or "<=" when !hasUpper:
                    hasUpper = true;
                    (_upper, _upperInclusive) = (number, op == "<=");
                    break;
                default:
                    throw new EventPatternException($"{path}: numeric operator \"{op}\" is unknown or repeated");
            }
        }

        if (hasEquals && list.Count != 2)
        {
            throw new EventPatternException($"{path}: numeric \"=\" cannot be combined with a range");
        }

        if (hasLower && hasUpper && _lower > _upper)
        {
            throw new EventPatternException($"{path}: numeric range is empty");
        }
    }

    public override bool Matches(LeafValue value)
    {
        if (!value.IsNumber)
        {
            return false;
        }

        var n = value.Number;
        var aboveLower = _lowerInclusive ? n >= _lower : n > _lower;
        var belowUpper = _upperInclusive ? n <= _upper : n < _upper;
        return aboveLower && belowUpper;
    }

    private static double ReadOperand(JsonNode? node, string path)
    {
        if (node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            return LeafReader.ReadNumber(value);
        }

        throw new EventPatternException($"{path}: numeric operands must be numbers");
    }
}
