using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Templates;

/// <summary>
/// Evaluates CloudFormation intrinsic functions locally.
/// <list type="bullet">
/// <item><c>localValues</c>: logical id -> what !Ref returns here (a queue URL, a table name), and
/// "LogicalId.Attribute" -> what !GetAtt returns (e.g. "JobEventsQueue.Arn"). Also used for ${..} in !Sub.
/// Without an explicit entry, ARN/name attributes of common types are derived from the !Ref value or logical id
/// (see DerivedAttributes).</item>
/// <item><c>parameterValues</c>: overrides; other parameters take their template Default.</item>
/// <item>Fn::ImportValue reads localValues["ImportValue:&lt;export name&gt;"].</item>
/// </list>
/// Anything not given raises <see cref="UnresolvableIntrinsicException"/> naming what to supply.
/// </summary>
public sealed class IntrinsicResolver
{
    private const string ImportPrefix = "ImportValue:";

    /// <summary>Stands for AWS::NoValue while resolving; never attached to a tree, compared by reference.</summary>
    private static readonly JsonValue NoValue = JsonValue.Create("AWS::NoValue");

    private readonly CloudFormationTemplate _template;
    private readonly IReadOnlyDictionary<string, string> _localValues;
    private readonly Dictionary<string, string> _parameters;
    private readonly Dictionary<string, bool> _conditionCache = new(StringComparer.Ordinal);
    private readonly HashSet<string> _conditionsInProgress = new(StringComparer.Ordinal);

    public IntrinsicResolver(
        CloudFormationTemplate template,
        IReadOnlyDictionary<string, string>? localValues = null,
        IReadOnlyDictionary<string, string>? parameterValues = null,
        PseudoParameters? pseudoParameters = null)
    {
        _template = template ?? throw new ArgumentNullException(nameof(template));
        _localValues = localValues ?? new Dictionary<string, string>();
        _parameters = new Dictionary<string, string>(template.ParameterDefaults(), StringComparer.Ordinal);
        foreach (var (name, value) in parameterValues ?? new Dictionary<string, string>())
        {
            _parameters[name] = value;
        }

        Pseudo = pseudoParameters ?? new PseudoParameters();
    }

    public PseudoParameters Pseudo { get; }

    /// <summary>A resolved deep copy of <paramref name="node"/>; null when it resolves to AWS::NoValue.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        var resolved = ResolveNode(node);
        return ReferenceEquals(resolved, NoValue) ? null : resolved;
    }

    /// <summary>Resolves a node that must end up a string (numbers and booleans are written as JSON text).</summary>
    public string ResolveString(JsonNode? node) => AsText(ResolveNode(node), "value");

    /// <summary>Evaluates a named entry of the Conditions section.</summary>
    public bool EvaluateCondition(string name)
    {
        if (_conditionCache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        if (!_template.Conditions.TryGetPropertyValue(name, out var definition))
        {
            throw new UnresolvableIntrinsicException($"condition {name} is not defined in Conditions");
        }

        if (!_conditionsInProgress.Add(name))
        {
            throw new UnresolvableIntrinsicException($"condition {name} refers to itself");
        }

        try
        {
            var value = AsBool(ResolveNode(definition), $"condition {name}");
            _conditionCache[name] = value;
            return value;
        }
        finally
        {
            _conditionsInProgress.Remove(name);
        }
    }

    private JsonNode? ResolveNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 1 && IsIntrinsic(obj.First()):
                var (name, argument) = obj.First();
                return Evaluate(name, argument);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var resolved = ResolveNode(value);
                    if (!ReferenceEquals(resolved, NoValue))
                    {
                        copy[key] = resolved;
                    }
                }

                return copy;
            case JsonArray array:
                var list = new JsonArray();
                foreach (var item in array)
                {
                    var resolved = ResolveNode(item);
                    if (!ReferenceEquals(resolved, NoValue))
                    {
                        list.Add(resolved);
                    }
                }

                return list;
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>
    /// Ref and Condition only count with a string argument: IAM policies have a "Condition" key holding an object.
    /// </summary>
    private static bool IsIntrinsic(KeyValuePair<string, JsonNode?> entry) =>
        entry.Key.StartsWith("Fn::", StringComparison.Ordinal)
        || (entry.Key is "Ref" or "Condition" && entry.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String);

    private JsonNode? Evaluate(string function, JsonNode? argument) => function switch
    {
        "Ref" => Ref(argument!.GetValue<string>()),
        "Condition" => JsonValue.Create(EvaluateCondition(argument!.GetValue<string>())),
        "Fn::GetAtt" => GetAtt(argument),
        "Fn::Sub" => Sub(argument),
        "Fn::Join" => Join(argument),
        "Fn::Select" => Select(argument),
        "Fn::Split" => Split(argument),
        "Fn::If" => If(argument),
        "Fn::Equals" => JsonValue.Create(EqualsFunction(argument)),
        "Fn::Not" => JsonValue.Create(!AsBool(ResolveNode(Arguments(argument, function, 1)[0]), function)),
        "Fn::And" => JsonValue.Create(Arguments(argument, function).All(c => AsBool(ResolveNode(c), function))),
        "Fn::Or" => JsonValue.Create(Arguments(argument, function).Any(c => AsBool(ResolveNode(c), function))),
        "Fn::FindInMap" => FindInMap(argument),
        "Fn::ImportValue" => ImportValue(argument),
        "Fn::Base64" => JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(AsText(ResolveNode(argument), function)))),
        "Fn::GetAZs" => GetAZs(argument),
        "Fn::Cidr" => Cidr(argument),
        _ => throw new UnresolvableIntrinsicException($"{function} is not supported locally"),
    };

    private JsonNode? Ref(string name)
    {
        switch (name)
        {
            case "AWS::Region": return Pseudo.Region;
            case "AWS::AccountId": return Pseudo.AccountId;
            case "AWS::Partition": return Pseudo.Partition;
            case "AWS::StackName": return Pseudo.StackName;
            case "AWS::StackId": return Pseudo.StackId;
            case "AWS::URLSuffix": return Pseudo.UrlSuffix;
            case "AWS::NotificationARNs": return new JsonArray();
            case "AWS::NoValue": return NoValue;
        }

        if (_localValues.TryGetValue(name, out var local))
        {
            return local;
        }

        if (_parameters.TryGetValue(name, out var parameter))
        {
            return IsListParameter(name) ? new JsonArray([.. parameter.Split(',').Select(p => (JsonNode)p.Trim())]) : parameter;
        }

        var what = _template.FindResource(name) is { } resource ? $"resource {name} ({resource.Type})" : $"{name}";
        throw new UnresolvableIntrinsicException($"Ref {what}: no local value; pass localValues[\"{name}\"] (or a parameter value)");
    }

    private bool IsListParameter(string name) =>
        _template.Parameters[name]?["Type"]?.GetValue<string>() is { } type
        && (type == "CommaDelimitedList" || type.StartsWith("List<", StringComparison.Ordinal));

    private JsonNode GetAtt(JsonNode? argument)
    {
        var parts = Arguments(argument, "Fn::GetAtt", 2);
        var resource = AsText(ResolveNode(parts[0]), "Fn::GetAtt");
        var attribute = AsText(ResolveNode(parts[1]), "Fn::GetAtt");
        return LookupAttribute(resource, attribute);
    }

    private JsonValue LookupAttribute(string resource, string attribute)
    {
        var key = $"{resource}.{attribute}";
        if (_localValues.TryGetValue(key, out var value))
        {
            return JsonValue.Create(value);
        }

        if (_template.FindResource(resource) is { } definition)
        {
            _localValues.TryGetValue(resource, out var refValue);
            var derived = DerivedAttributes.Derive(definition.Type, attribute, DerivedAttributes.LocalName(resource, refValue), refValue, Pseudo);
            if (derived is not null)
            {
                return JsonValue.Create(derived);
            }
        }

        throw new UnresolvableIntrinsicException($"Fn::GetAtt {key}: no local value; pass localValues[\"{key}\"]");
    }

    private JsonValue Sub(JsonNode? argument)
    {
        string template;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (argument is JsonArray array)
        {
            var parts = Arguments(array, "Fn::Sub", 2);
            template = AsText(parts[0], "Fn::Sub");
            foreach (var (name, value) in parts[1] as JsonObject ?? throw new UnresolvableIntrinsicException("Fn::Sub: the second element must be a map"))
            {
                variables[name] = AsText(ResolveNode(value), $"Fn::Sub variable {name}");
            }
        }
        else
        {
            template = AsText(argument, "Fn::Sub");
        }

        return JsonValue.Create(SubTemplate.Expand(template, name =>
        {
            if (variables.TryGetValue(name, out var value))
            {
                return value;
            }

            var dot = name.IndexOf('.', StringComparison.Ordinal);
            return dot > 0
                ? LookupAttribute(name[..dot], name[(dot + 1)..]).GetValue<string>()
                : AsText(Ref(name), $"${{{name}}}");
        }));
    }

    private JsonValue Join(JsonNode? argument)
    {
        var parts = Arguments(argument, "Fn::Join", 2);
        var delimiter = AsText(parts[0], "Fn::Join");
        var items = ResolveNode(parts[1]) as JsonArray ?? throw new UnresolvableIntrinsicException("Fn::Join: the second element must be a list");
        return JsonValue.Create(string.Join(delimiter, items.Select(i => AsText(i, "Fn::Join"))));
    }

    private JsonNode? Select(JsonNode? argument)
    {
        var parts = Arguments(argument, "Fn::Select", 2);
        var indexText = AsText(ResolveNode(parts[0]), "Fn::Select");
        var items = ResolveNode(parts[1]) as JsonArray ?? throw new UnresolvableIntrinsicException("Fn::Select: the second element must be a list");
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= items.Count)
        {
            throw new UnresolvableIntrinsicException($"Fn::Select: index {indexText} is outside a list of {items.Count}");
        }

        return items[index]?.DeepClone();
    }

    private JsonArray Split(JsonNode? argument)
    {
        var parts = Arguments(argument, "Fn::Split", 2);
        var delimiter = AsText(parts[0], "Fn::Split");
        var source = AsText(ResolveNode(parts[1]), "Fn::Split");
        return new JsonArray([.. source.Split(delimiter).Select(s => (JsonNode)s)]);
    }

    private JsonNode? If(JsonNode? argument)
    {
        var parts = Arguments(argument, "Fn::If", 3);
        var condition = AsText(parts[0], "Fn::If");
        return ResolveNode(EvaluateCondition(condition) ? parts[1] : parts[2]);
    }

    private bool EqualsFunction(JsonNode? argument)
    {
        var parts = Arguments(argument, "Fn::Equals", 2);
        return AsText(ResolveNode(parts[0]), "Fn::Equals") == AsText(ResolveNode(parts[1]), "Fn::Equals");
    }

    private JsonNode? FindInMap(JsonNode? argument)
    {
        var parts = argument as JsonArray ?? throw new UnresolvableIntrinsicException("Fn::FindInMap needs a list");
        if (parts.Count is < 3 or > 4)
        {
            throw new UnresolvableIntrinsicException("Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey]");
        }

        var map = AsText(ResolveNode(parts[0]), "Fn::FindInMap");
        var top = AsText(ResolveNode(parts[1]), "Fn::FindInMap");
        var second = AsText(ResolveNode(parts[2]), "Fn::FindInMap");
        if (_template.Mappings[map]?[top] is JsonObject level && level.TryGetPropertyValue(second, out var value))
        {
            return value?.DeepClone();
        }

        // The AWS::LanguageExtensions form allows a fourth {"DefaultValue": ..} element.
        if (parts.Count == 4 && parts[3] is JsonObject fallback && fallback.TryGetPropertyValue("DefaultValue", out var defaultValue))
        {
            return ResolveNode(defaultValue);
        }

        throw new UnresolvableIntrinsicException($"Fn::FindInMap: {map}/{top}/{second} is not in Mappings");
    }

    private JsonValue ImportValue(JsonNode? argument)
    {
        var name = AsText(ResolveNode(argument), "Fn::ImportValue");
        return _localValues.TryGetValue(ImportPrefix + name, out var value)
            ? JsonValue.Create(value)
            : throw new UnresolvableIntrinsicException($"Fn::ImportValue {name}: pass localValues[\"{ImportPrefix}{name}\"]");
    }

    private JsonArray GetAZs(JsonNode? argument)
    {
        var region = AsText(ResolveNode(argument), "Fn::GetAZs");
        region = region.Length == 0 ? Pseudo.Region : region;
        return [$"{region}a", $"{region}b", $"{region}c"];
    }

    private JsonArray Cidr(JsonNode? argument)
    {
        var parts = Arguments(argument, "Fn::Cidr", 3);
        var block = AsText(ResolveNode(parts[0]), "Fn::Cidr");
        var count = int.Parse(AsText(ResolveNode(parts[1]), "Fn::Cidr"), CultureInfo.InvariantCulture);
        var bits = int.Parse(AsText(ResolveNode(parts[2]), "Fn::Cidr"), CultureInfo.InvariantCulture);
        return [.. CidrFunction.Subnets(block, count, bits).Select(s => (JsonNode)s)];
    }

    private static JsonArray Arguments(JsonNode? argument, string function, int? count = null) =>
        argument is JsonArray list && (count is null || list.Count == count)
            ? list
            : throw new UnresolvableIntrinsicException($"{function} needs a list{(count is null ? string.Empty : $" of {count}")}");

    private static string AsText(JsonNode? node, string context)
    {
        if (ReferenceEquals(node, NoValue))
        {
            throw new UnresolvableIntrinsicException($"{context}: AWS::NoValue where a value is needed");
        }

        return node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            _ => throw new UnresolvableIntrinsicException($"{context}: expected a string, got {node?.ToJsonString() ?? "null"}"),
        };
    }

    private static bool AsBool(JsonNode? node, string context) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(node.GetValue<string>(), out var b) => b,
        _ => throw new UnresolvableIntrinsicException($"{context}: expected a boolean, got {node?.ToJsonString() ?? "null"}"),
    };
}
