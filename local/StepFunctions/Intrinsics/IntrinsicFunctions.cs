using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>The States.* intrinsic functions of the JSONPath dialect. Argument values arrive already evaluated.</summary>
internal static class IntrinsicFunctions
{
    public delegate JsonNode? Implementation(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope);

    private const int MaxArrayRangeItems = 1000;

    private static readonly Dictionary<string, Implementation> ByName = new(StringComparer.Ordinal)
    {
        ["States.Format"] = Format,
        ["States.StringToJson"] = (c, a, s) => JsonValues.Parse(String(c, a, 0, s)),
        ["States.JsonToString"] = (c, a, s) => JsonValue.Create(JsonValues.ToCompactJson(Single(c, a, s))),
        ["States.Array"] = (_, a, _) => new JsonArray(a.Select(JsonValues.Clone).ToArray()),
        ["States.ArrayPartition"] = ArrayPartition,
        ["States.ArrayContains"] = (c, a, s) => JsonValue.Create(Array(c, a, 0, s, 2).Any(item => JsonValues.DeepEquals(item, a[1]))),
        ["States.ArrayRange"] = ArrayRange,
        ["States.ArrayGetItem"] = ArrayGetItem,
        ["States.ArrayLength"] = (c, a, s) => JsonValue.Create(Array(c, a, 0, s, 1).Count),
        ["States.ArrayUnique"] = ArrayUnique,
        ["States.Base64Encode"] = (c, a, s) => JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(String(c, a, 0, s, 1)))),
        ["States.Base64Decode"] = (c, a, s) => JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(String(c, a, 0, s, 1)))),
        ["States.Hash"] = Hash,
        ["States.JsonMerge"] = JsonMerge,
        ["States.MathRandom"] = MathRandom,
        ["States.MathAdd"] = (c, a, s) => JsonValue.Create(checked(Integer(c, a, 0, s, 2) + Integer(c, a, 1, s, 2))),
        ["States.StringSplit"] = StringSplit,
        ["States.UUID"] = Uuid,
    };

    public static Implementation? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Same arguments, same value: every function but those that draw from the execution's Random.</summary>
    public static bool IsDeterministic(string name) => name is not ("States.UUID" or "States.MathRandom");

    private static JsonNode? Format(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        if (call.Arguments.Count == 0 || call.Arguments[0] is not StringArgument template)
        {
            throw call.Failure(scope, "the first argument must be a string literal template");
        }

        var result = new StringBuilder();
        var next = 1;
        var raw = template.Raw;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                result.Append(raw[++i]);
            }
            else if (c == '{' && i + 1 < raw.Length && raw[i + 1] == '}')
            {
                if (next >= args.Length)
                {
                    throw call.Failure(scope, "the template has more {} placeholders than arguments");
                }

                result.Append(FormatValue(args[next++]));
                i++;
            }
            else
            {
                result.Append(c);
            }
        }

        if (next != args.Length)
        {
            throw call.Failure(scope, "the template has fewer {} placeholders than arguments");
        }

        return JsonValue.Create(result.ToString());
    }

    private static string FormatValue(JsonNode? value) =>
        JsonValues.TryGetString(value, out var text) ? text : JsonValues.ToCompactJson(value);

    private static JsonNode ArrayPartition(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        var array = Array(call, args, 0, scope, 2);
        var size = Integer(call, args, 1, scope, 2);
        if (size <= 0)
        {
            throw call.Failure(scope, "the chunk size must be greater than 0");
        }

        var result = new JsonArray();
        for (var start = 0; start < array.Count; start += size)
        {
            var chunk = new JsonArray();
            for (var i = start; i < Math.Min(start + size, array.Count); i++)
            {
                chunk.Add(JsonValues.Clone(array[i]));
            }

            result.Add(chunk);
        }

        return result;
    }

    private static JsonNode ArrayRange(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        var start = Integer(call, args, 0, scope, 3);
        var end = Integer(call, args, 1, scope, 3);
        var step = Integer(call, args, 2, scope, 3);
        if (step == 0)
        {
            throw call.Failure(scope, "the step must not be 0");
        }

        var result = new JsonArray();
        for (long i = start; step > 0 ? i <= end : i >= end; i += step)
        {
            if (result.Count == MaxArrayRangeItems)
            {
                throw call.Failure(scope, $"the range has more than {MaxArrayRangeItems} items");
            }

            result.Add(JsonValue.Create((int)i));
        }

        return result;
    }

    private static JsonNode? ArrayGetItem(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        var array = Array(call, args, 0, scope, 2);
        var index = Integer(call, args, 1, scope, 2);
        if (index < 0 || index >= array.Count)
        {
            throw call.Failure(scope, $"index {index} is out of bounds for an array of {array.Count}");
        }

        return JsonValues.Clone(array[index]);
    }

    private static JsonNode ArrayUnique(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        var result = new JsonArray();
        foreach (var item in Array(call, args, 0, scope, 1))
        {
            if (!result.Any(kept => JsonValues.DeepEquals(kept, item)))
            {
                result.Add(JsonValues.Clone(item));
            }
        }

        return result;
    }

    private static JsonNode Hash(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        ExpectCount(call, args, scope, 2);
        var data = Encoding.UTF8.GetBytes(FormatValue(args[0]));
        byte[] digest = String(call, args, 1, scope) switch
        {
            "MD5" => MD5.HashData(data),
            "SHA-1" => SHA1.HashData(data),
            "SHA-256" => SHA256.HashData(data),
            "SHA-384" => SHA384.HashData(data),
            "SHA-512" => SHA512.HashData(data),
            var other => throw call.Failure(scope, $"unsupported hash algorithm '{other}' (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
        };
        return JsonValue.Create(Convert.ToHexStringLower(digest));
    }

    private static JsonNode JsonMerge(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        ExpectCount(call, args, scope, 3);
        if (args[0] is not JsonObject left || args[1] is not JsonObject right)
        {
            throw call.Failure(scope, "both values to merge must be JSON objects");
        }

        if (!JsonValues.TryGetBoolean(args[2], out var deep) || deep)
        {
            // Step Functions only supports the shallow merge.
            throw call.Failure(scope, "the deep-merge flag must be false");
        }

        var merged = (JsonObject)left.DeepClone();
        foreach (var pair in right)
        {
            merged[pair.Key] = JsonValues.Clone(pair.Value);
        }

        return merged;
    }

    private static JsonNode MathRandom(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        if (args.Length is not (2 or 3))
        {
            throw call.Failure(scope, "expected a start, an end and an optional seed");
        }

        var start = Integer(call, args, 0, scope);
        var end = Integer(call, args, 1, scope);
        // With a seed the value is reproducible; without one it comes from the execution's (seedable) random source.
        var random = args.Length == 3 ? new Random(Integer(call, args, 2, scope)) : scope.Random;
        return JsonValue.Create(random.Next(start, end));
    }

    private static JsonNode StringSplit(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        var text = String(call, args, 0, scope, 2);
        var separators = String(call, args, 1, scope, 2).ToCharArray();
        var result = new JsonArray();
        foreach (var part in text.Split(separators, StringSplitOptions.RemoveEmptyEntries))
        {
            result.Add(JsonValue.Create(part));
        }

        return result;
    }

    private static JsonNode Uuid(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        ExpectCount(call, args, scope, 0);
        return JsonValue.Create(RandomIds.NewUuid(scope.Random));
    }

    private static JsonNode? Single(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope)
    {
        ExpectCount(call, args, scope, 1);
        return args[0];
    }

    private static void ExpectCount(IntrinsicCall call, JsonNode?[] args, EvaluationScope scope, int count)
    {
        if (args.Length != count)
        {
            throw call.Failure(scope, $"expected {count} argument(s) but got {args.Length}");
        }
    }

    private static string String(IntrinsicCall call, JsonNode?[] args, int index, EvaluationScope scope, int count = -1)
    {
        if (count >= 0)
        {
            ExpectCount(call, args, scope, count);
        }

        return index < args.Length && JsonValues.TryGetString(args[index], out var text)
            ? text
            : throw call.Failure(scope, $"argument {index + 1} must be a string");
    }

    private static JsonArray Array(IntrinsicCall call, JsonNode?[] args, int index, EvaluationScope scope, int count)
    {
        ExpectCount(call, args, scope, count);
        return args[index] as JsonArray ?? throw call.Failure(scope, $"argument {index + 1} must be an array");
    }

    private static int Integer(IntrinsicCall call, JsonNode?[] args, int index, EvaluationScope scope, int count = -1)
    {
        if (count >= 0)
        {
            ExpectCount(call, args, scope, count);
        }

        if (index < args.Length && JsonValues.TryGetNumber(args[index], out var number) && number == Math.Floor(number)
            && number is >= int.MinValue and <= int.MaxValue)
        {
            return (int)number;
        }

        throw call.Failure(scope, $"argument {index + 1} must be an integer, got {JsonValues.ToCompactJson(index < args.Length ? args[index] : null)}");
    }
}
