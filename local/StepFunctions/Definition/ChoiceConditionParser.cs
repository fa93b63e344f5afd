using System.Globalization;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Compiles Choice rule JSON into <see cref="ChoiceCondition"/>s, one comparison operator per data test.</summary>
internal static class ChoiceConditionParser
{
    private static readonly string[] Comparisons = ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"];

    public static ChoiceCondition Parse(JsonObject rule, string stateName)
    {
        if (rule["And"] is { } and)
        {
            return new AndCondition(Nested(and, stateName, "And"));
        }

        if (rule["Or"] is { } or)
        {
            return new OrCondition(Nested(or, stateName, "Or"));
        }

        if (rule["Not"] is { } not)
        {
            return new NotCondition(Parse(DefinitionReader.Object(not, stateName, "Not"), stateName));
        }

        var variableText = DefinitionReader.OptionalString(rule, "Variable", stateName)
            ?? throw new DefinitionException($"State '{stateName}': a Choice rule needs 'Variable' (or And/Or/Not)");
        var variable = DefinitionReader.Path(variableText, stateName, "Variable");
        foreach (var (key, operand) in rule)
        {
            if (key is "Variable" or "Next" or "Comment")
            {
                continue;
            }

            return DataTest(variable, key, operand, stateName);
        }

        throw new DefinitionException($"State '{stateName}': the Choice rule on '{variableText}' has no comparison operator");
    }

    private static ChoiceCondition[] Nested(JsonNode node, string stateName, string field) =>
        DefinitionReader.Array(node, stateName, field).Select(n => Parse(DefinitionReader.Object(n, stateName, field), stateName)).ToArray();

    private static ChoiceCondition DataTest(JsonPath variable, string op, JsonNode? operand, string stateName)
    {
        if (op == "IsPresent")
        {
            return new IsPresentCondition(variable, Flag(operand, op, stateName));
        }

        if (op.StartsWith("Is", StringComparison.Ordinal))
        {
            var expected = Flag(operand, op, stateName);
            Func<JsonNode?, bool> typeTest = op switch
            {
                "IsNull" => v => v is null,
                "IsString" => v => JsonValues.TryGetString(v, out _),
                "IsNumeric" => v => JsonValues.TryGetNumber(v, out _),
                "IsBoolean" => v => JsonValues.TryGetBoolean(v, out _),
                "IsTimestamp" => v => JsonValues.TryGetString(v, out var s) && Timestamps.TryParse(s, out _),
                _ => throw Unknown(op, stateName),
            };
            return new DataTestCondition(variable, op, (v, _) => typeTest(v) == expected);
        }

        if (op == "StringMatches")
        {
            var pattern = new WildcardPattern(DefinitionReader.String(operand, stateName, op));
            return new DataTestCondition(variable, op, (v, _) => pattern.MatchesValue(v));
        }

        var isPath = op.EndsWith("Path", StringComparison.Ordinal);
        var baseOp = isPath ? op[..^4] : op;
        var (kind, comparison) = Split(baseOp) ?? throw Unknown(op, stateName);
        Func<JsonNode?, JsonNode?, bool> compare = kind switch
        {
            "String" => (a, b) => JsonValues.TryGetString(a, out var x) && JsonValues.TryGetString(b, out var y) && Holds(comparison, string.CompareOrdinal(x, y)),
            "Numeric" => (a, b) => JsonValues.TryGetNumber(a, out var x) && JsonValues.TryGetNumber(b, out var y) && Holds(comparison, x.CompareTo(y)),
            "Boolean" when comparison == "Equals" => (a, b) => JsonValues.TryGetBoolean(a, out var x) && JsonValues.TryGetBoolean(b, out var y) && x == y,
            "Timestamp" => (a, b) => AsTime(a) is { } x && AsTime(b) is { } y && Holds(comparison, x.CompareTo(y)),
            _ => throw Unknown(op, stateName),
        };

        if (isPath)
        {
            var other = DefinitionReader.Path(DefinitionReader.String(operand, stateName, op), stateName, op);
            return new DataTestCondition(variable, op, (v, scope) => compare(v, Read(other, scope, op)));
        }

        CheckOperandType(kind, operand, op, stateName);
        if (kind == "String")
        {
            // The operand's text is read once, not on every evaluation; equality is tested without making a string.
            var expected = DefinitionReader.String(operand, stateName, op);
            var expectedUtf8 = JsonValues.Utf8OrNull(expected);
            return comparison == "Equals"
                ? new DataTestCondition(variable, op, (v, _) => JsonValues.StringEquals(v, expected, expectedUtf8))
                : new DataTestCondition(variable, op, (v, _) => JsonValues.TryGetString(v, out var x) && Holds(comparison, string.CompareOrdinal(x, expected)));
        }

        return new DataTestCondition(variable, op, (v, _) => compare(v, operand));
    }

    private static (string Kind, string Comparison)? Split(string op)
    {
        foreach (var kind in (string[])["String", "Numeric", "Boolean", "Timestamp"])
        {
            if (op.StartsWith(kind, StringComparison.Ordinal) && Array.IndexOf(Comparisons, op[kind.Length..]) >= 0)
            {
                return (kind, op[kind.Length..]);
            }
        }

        return null;
    }

    private static bool Holds(string comparison, int order) => comparison switch
    {
        "Equals" => order == 0,
        "LessThan" => order < 0,
        "GreaterThan" => order > 0,
        "LessThanEquals" => order <= 0,
        _ => order >= 0,
    };

    private static DateTimeOffset? AsTime(JsonNode? node) =>
        JsonValues.TryGetString(node, out var s) && Timestamps.TryParse(s, out var t) ? t : null;

    private static JsonNode? Read(JsonPath path, EvaluationScope scope, string op) =>
        scope.TrySelect(path, out var value)
            ? value
            : throw new StatesErrorException(StatesErrors.Runtime, $"An error occurred while executing the state '{scope.StateName}'. Invalid path '{path.Text}': The choice state's condition path references an invalid value (operator {op}).");

    private static void CheckOperandType(string kind, JsonNode? operand, string op, string stateName)
    {
        var ok = kind switch
        {
            "String" => JsonValues.TryGetString(operand, out _),
            "Numeric" => JsonValues.TryGetNumber(operand, out _),
            "Boolean" => JsonValues.TryGetBoolean(operand, out _),
            _ => JsonValues.TryGetString(operand, out var s) && Timestamps.TryParse(s, out _),
        };
        if (!ok)
        {
            throw new DefinitionException($"State '{stateName}': the value of {op} has the wrong type: {JsonValues.ToCompactJson(operand)}");
        }
    }

    private static bool Flag(JsonNode? operand, string op, string stateName) =>
        JsonValues.TryGetBoolean(operand, out var flag) ? flag : throw new DefinitionException($"State '{stateName}': {op} must be true or false");

    private static DefinitionException Unknown(string op, string stateName) =>
        new(string.Create(CultureInfo.InvariantCulture, $"State '{stateName}': unknown Choice comparison operator '{op}'"));
}
