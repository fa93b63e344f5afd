using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BatchRuntimeMonitor.Local.EventBridge.Templates;

/// <summary>
/// Reads CloudFormation YAML into the same JSON tree a JSON template gives: short tags (!Ref, !Sub, ...) become
/// their long forms ({"Ref": ..}, {"Fn::Sub": ..}) so everything downstream sees one representation.
/// </summary>
public static partial class CloudFormationYaml
{
    /// <summary>Tags whose long form is "Fn::&lt;Name&gt;" with the tagged node as its argument.</summary>
    private static readonly HashSet<string> FunctionTags =
    [
        "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And", "Or", "FindInMap",
        "ImportValue", "Base64", "GetAZs", "Cidr", "Length", "ToJsonString", "Transform",
    ];

    public static JsonNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"template YAML is invalid at {e.Start}: {e.Message}", e);
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is not null && tag.StartsWith('!') && !tag.StartsWith("!!", StringComparison.Ordinal))
        {
            return ExpandShortTag(tag[1..], node);
        }

        return ConvertUntagged(node, tag);
    }

    private static JsonNode? ConvertUntagged(YamlNode node, string? tag) => node switch
    {
        YamlScalarNode scalar => ConvertScalar(scalar, tag),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlMappingNode mapping => ConvertMapping(mapping),
        _ => throw new FormatException($"unsupported YAML node at {node.Start}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode { Value: { } text }
                ? text
                : throw new FormatException($"mapping keys must be scalars (at {key.Start})");
            obj[name] = Convert(value);
        }

        return obj;
    }

    private static JsonNode ExpandShortTag(string name, YamlNode node)
    {
        switch (name)
        {
            case "Ref":
            case "Condition":
                return new JsonObject { [name] = ScalarText(node, name) };
            case "GetAtt":
                if (node is YamlScalarNode)
                {
                    // "Resource.Attribute"; attributes may themselves contain dots (Endpoint.Address).
                    var text = ScalarText(node, name);
                    var dot = text.IndexOf('.', StringComparison.Ordinal);
                    if (dot <= 0)
                    {
                        throw new FormatException($"!GetAtt \"{text}\" needs Resource.Attribute (at {node.Start})");
                    }

                    return new JsonObject { ["Fn::GetAtt"] = new JsonArray(text[..dot], text[(dot + 1)..]) };
                }

                return new JsonObject { ["Fn::GetAtt"] = ConvertUntagged(node, null) };
            default:
                if (!FunctionTags.Contains(name))
                {
                    throw new FormatException($"unknown CloudFormation tag !{name} (at {node.Start})");
                }

                // A tagged scalar is always a string argument (!GetAZs '' or !Base64 text, never a number).
                JsonNode? argument = node is YamlScalarNode ? JsonValue.Create(ScalarText(node, name)) : ConvertUntagged(node, null);
                return new JsonObject { [$"Fn::{name}"] = argument };
        }
    }

    private static string ScalarText(YamlNode node, string tag) =>
        node is YamlScalarNode scalar
            ? scalar.Value ?? string.Empty
            : throw new FormatException($"!{tag} needs a scalar (at {node.Start})");

    private static JsonNode? ConvertScalar(YamlScalarNode scalar, string? tag)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || tag == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(text);
        }

        // YAML 1.2 core schema for plain scalars; leading-zero numbers (account ids) stay strings.
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?(0|[1-9][0-9]*)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9]*)?(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
