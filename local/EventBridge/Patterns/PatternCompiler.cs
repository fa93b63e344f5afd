using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>Turns pattern JSON into matcher objects once, validating it the way EventBridge does.</summary>
internal static class PatternCompiler
{
    private const string OrKey = "$or";

    /// <summary>Filter keywords; a "$or" whose alternatives use them as field names is not an OR (EventBridge rule).</summary>
    private static readonly HashSet<string> FilterKeywords =
        ["prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "cidr", "exists"];

    public static ObjectPattern CompileObject(JsonObject pattern, string path)
    {
        var fields = new List<KeyValuePair<string, FieldPattern>>();
        var orGroups = new List<IReadOnlyList<ObjectPattern>>();
        foreach (var (name, value) in pattern)
        {
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            if (name == OrKey && IsOrPrimitive(value))
            {
                orGroups.Add([.. value!.AsArray().Select(alt => CompileObject(alt!.AsObject(), childPath))]);
                continue;
            }

            fields.Add(new(name, value switch
            {
                JsonObject nested => CompileObject(nested, childPath),
                JsonArray values => CompileLeaf(values, childPath),
                _ => throw new EventPatternException($"{childPath}: a pattern value must be an array or an object"),
            }));
        }

        return new ObjectPattern(fields, orGroups);
    }

    private static bool IsOrPrimitive(JsonNode? value) =>
        value is JsonArray { Count: >= 2 } alternatives
        && alternatives.All(alt => alt is JsonObject obj && !obj.Any(p => FilterKeywords.Contains(p.Key)));

    private static LeafPattern CompileLeaf(JsonArray values, string path)
    {
        if (values.Count == 0)
        {
            throw new EventPatternException($"{path}: an empty value array matches nothing and is rejected");
        }

        var matchers = new List<ValueMatcher>();
        bool existsTrue = false, existsFalse = false;
        foreach (var entry in values)
        {
            if (entry is JsonObject filter)
            {
                if (filter.Count != 1)
                {
                    throw new EventPatternException($"{path}: a filter object must have exactly one key");
                }

                var (key, operand) = filter.First();
                if (key == "exists")
                {
                    var exists = ReadBool(operand, path);
                    existsTrue |= exists;
                    existsFalse |= !exists;
                    continue;
                }

                matchers.Add(CompileFilter(key, operand, path));
            }
            else
            {
                matchers.Add(CompileExact(entry, path));
            }
        }

        return new LeafPattern(matchers, existsTrue, existsFalse);
    }

    private static ValueMatcher CompileExact(JsonNode? entry, string path)
    {
        if (entry is null)
        {
            return new ExactLiteralMatcher(JsonValueKind.Null);
        }

        if (entry is not JsonValue value)
        {
            throw new EventPatternException($"{path}: nested arrays are not allowed in a value array");
        }

        var kind = value.GetValueKind();
        return kind switch
        {
            JsonValueKind.String => new ExactStringMatcher(value.GetValue<string>()),
            JsonValueKind.Number => new ExactNumberMatcher(LeafReader.ReadNumber(value)),
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => new ExactLiteralMatcher(kind),
            _ => throw new EventPatternException($"{path}: unsupported value {value.ToJsonString()}"),
        };
    }

    private static ValueMatcher CompileFilter(string key, JsonNode? operand, string path) => key switch
    {
        "prefix" => operand is JsonObject caseOptions
            ? new PrefixMatcher(ReadIgnoreCaseOperand(caseOptions, path, key), ignoreCase: true)
            : new PrefixMatcher(ReadString(operand, path, key), ignoreCase: false),
        "suffix" => operand is JsonObject caseOptions
            ? new SuffixMatcher(ReadIgnoreCaseOperand(caseOptions, path, key), ignoreCase: true)
            : new SuffixMatcher(ReadString(operand, path, key), ignoreCase: false),
        "equals-ignore-case" => new EqualsIgnoreCaseMatcher(ReadString(operand, path, key)),
        "wildcard" => new WildcardMatcher(ReadString(operand, path, key)),
        "numeric" => new NumericMatcher(operand, path),
        "cidr" => new CidrMatcher(ReadString(operand, path, key), path),
        "anything-but" => new AnythingButMatcher(CompileAnythingBut(operand, path)),
        _ => throw new EventPatternException($"{path}: unknown filter \"{key}\""),
    };

    private static List<ValueMatcher> CompileAnythingBut(JsonNode? operand, string path)
    {
        switch (operand)
        {
            case JsonArray list:
                var kinds = list.Select(v => v?.GetValueKind()).Distinct().ToList();
                if (list.Count == 0 || kinds.Count != 1 || kinds[0] is not (JsonValueKind.String or JsonValueKind.Number))
                {
                    throw new EventPatternException($"{path}: anything-but list must hold only strings or only numbers");
                }

                return [.. list.Select(v => CompileExact(v, path))];
            case JsonObject inner when inner.Count == 1:
                var (key, value) = inner.First();
                if (key is not ("prefix" or "suffix" or "equals-ignore-case" or "wildcard"))
                {
                    throw new EventPatternException($"{path}: anything-but does not support \"{key}\"");
                }

                // equals-ignore-case and wildcard (and, leniently, prefix/suffix) also take a list of strings.
                return value is JsonArray several
                    ? [.. several.Select(v => CompileFilter(key, v, path))]
                    : [CompileFilter(key, value, path)];
            case JsonValue single when single.GetValueKind() is JsonValueKind.String or JsonValueKind.Number:
                return [CompileExact(single, path)];
            default:
                throw new EventPatternException($"{path}: anything-but needs a string, a number, a list or a filter object");
        }
    }

    private static string ReadIgnoreCaseOperand(JsonObject operand, string path, string filter)
    {
        if (operand.Count == 1 && operand.TryGetPropertyValue("equals-ignore-case", out var inner))
        {
            return ReadString(inner, path, filter);
        }

        throw new EventPatternException($"{path}: {filter} takes a string or {{\"equals-ignore-case\": string}}");
    }

    private static string ReadString(JsonNode? operand, string path, string filter) =>
        operand is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new EventPatternException($"{path}: {filter} needs a string");

    private static bool ReadBool(JsonNode? operand, string path) =>
        operand?.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new EventPatternException($"{path}: exists needs true or false"),
        };
}
