using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BatchRuntimeMonitor.Local.EventBridge.Routing;

/// <summary>
/// Finds which resource a rule target's Arn names, without resolving it: !Ref X, !GetAtt X.Arn,
/// or a !Sub whose only variable is ${X} or ${X.Arn}.
/// </summary>
internal static partial class TargetReference
{
    public static string? LogicalId(JsonNode? arn)
    {
        if (arn is not JsonObject { Count: 1 } intrinsic)
        {
            return null;
        }

        var (function, argument) = intrinsic.First();
        return function switch
        {
            "Ref" => Text(argument),
            "Fn::GetAtt" when argument is JsonArray { Count: 2 } parts => Text(parts[0]),
            "Fn::Sub" => SubVariable(argument is JsonArray { Count: > 0 } parts ? Text(parts[0]) : Text(argument)),
            _ => null,
        };
    }

    private static string? SubVariable(string? template)
    {
        var match = template is null ? null : SubReference().Match(template);
        return match is { Success: true } ? match.Groups["id"].Value : null;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    [GeneratedRegex(@"^\$\{(?<id>[A-Za-z0-9]+)(\.Arn)?\}$")]
    private static partial Regex SubReference();
}
