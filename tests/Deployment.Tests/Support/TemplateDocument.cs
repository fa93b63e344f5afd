using System.Globalization;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BatchRuntimeMonitor.Tests.Deployment.Support;

/// <summary>
/// template.yaml as a JSON tree, with short-form intrinsics expanded the way CloudFormation reads them
/// (!Ref x -> {"Ref": x}, !GetAtt a.b -> {"Fn::GetAtt": [a, b]}, !Sub s -> {"Fn::Sub": s}), so tests query paths.
/// </summary>
public sealed class TemplateDocument
{
    private TemplateDocument(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public JsonObject Resources => Root["Resources"]!.AsObject();

    public JsonObject Parameters => Root["Parameters"]!.AsObject();

    public static string PathOnDisk => RepositoryPaths.InRepo("template.yaml");

    public static TemplateDocument Load() => Parse(File.ReadAllText(PathOnDisk));

    public static TemplateDocument Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new TemplateDocument(Convert(stream.Documents[0].RootNode)!.AsObject());
    }

    public IEnumerable<(string Id, JsonObject Properties)> OfType(string type) =>
        Resources
            .Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => (r.Key, r.Value!["Properties"]?.AsObject() ?? new JsonObject()));

    public JsonObject Properties(string logicalId) => Resources[logicalId]!["Properties"]!.AsObject();

    /// <summary>The logical id named by {"Ref": id} or {"Fn::GetAtt": [id, attr]}.</summary>
    public static string? ReferencedId(JsonNode? node) => node switch
    {
        JsonObject o when o["Ref"] is JsonValue v => (string?)v,
        JsonObject o when o["Fn::GetAtt"] is JsonArray a => (string?)a[0],
        _ => null,
    };

    private static JsonNode? Convert(YamlNode node)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        JsonNode? value = node switch
        {
            YamlScalarNode s => tag is null ? Scalar(s) : JsonValue.Create(s.Value),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
            YamlMappingNode map => Mapping(map),
            _ => throw new InvalidOperationException($"unexpected YAML node {node.GetType().Name}"),
        };

        if (tag is null || !tag.StartsWith('!'))
        {
            return value;
        }

        var name = tag[1..];
        if (name == "Ref" || name == "Condition")
        {
            return new JsonObject { [name] = value };
        }

        if (name == "GetAtt" && value is JsonValue dotted)
        {
            var text = (string)dotted!;
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            value = new JsonArray(JsonValue.Create(text[..dot]), JsonValue.Create(text[(dot + 1)..]));
        }

        return new JsonObject { ["Fn::" + name] = value };
    }

    private static JsonObject Mapping(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, child) in map.Children)
        {
            result[((YamlScalarNode)key).Value!] = Convert(child);
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        var text = s.Value ?? string.Empty;
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            "~" or "null" or "Null" or "NULL" or "" => null,
            _ when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => JsonValue.Create(i),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && text.Any(char.IsDigit) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }
}
