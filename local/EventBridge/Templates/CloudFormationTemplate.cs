using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Templates;

/// <summary>
/// A CloudFormation or SAM template (YAML with short tags, or JSON) as a JSON tree in long intrinsic form,
/// with accessors for the sections the local runtime needs.
/// </summary>
public sealed class CloudFormationTemplate
{
    private static readonly JsonObject EmptySection = [];

    private CloudFormationTemplate(JsonObject root, string directory, string? path)
    {
        Root = root;
        Directory = directory;
        Path = path;
        Resources = [.. Section("Resources").Select(ToResource)];
    }

    /// <summary>The file the template came from; null when parsed from text.</summary>
    public string? Path { get; }

    /// <summary>The folder relative paths in the template (CodeUri, DefinitionUri) are resolved against.</summary>
    public string Directory { get; }

    public JsonObject Root { get; }

    public IReadOnlyList<TemplateResource> Resources { get; }

    public JsonObject Parameters => Section("Parameters");

    public JsonObject Conditions => Section("Conditions");

    public JsonObject Mappings => Section("Mappings");

    public JsonObject Outputs => Section("Outputs");

    /// <summary>SAM's Globals section (e.g. Globals.Function.Runtime), empty when absent.</summary>
    public JsonObject Globals => Section("Globals");

    public static CloudFormationTemplate Load(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        return Parse(File.ReadAllText(fullPath), System.IO.Path.GetDirectoryName(fullPath)!, fullPath);
    }

    /// <param name="directory">Where relative paths in the template point; the current folder by default.</param>
    public static CloudFormationTemplate Parse(string text, string? directory = null) =>
        Parse(text, directory ?? Environment.CurrentDirectory, null);

    private static CloudFormationTemplate Parse(string text, string directory, string? path)
    {
        // JSON is also YAML, but JSON's own parser gives exact numbers and better error positions.
        var node = text.TrimStart().StartsWith('{') ? ParseJson(text) : CloudFormationYaml.Parse(text);
        if (node is not JsonObject root)
        {
            throw new FormatException($"template {path ?? "(text)"} is not a mapping");
        }

        return new CloudFormationTemplate(root, directory, path);
    }

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new FormatException($"template JSON is invalid: {e.Message}", e);
        }
    }

    public IEnumerable<TemplateResource> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.Ordinal));

    public TemplateResource? FindResource(string logicalId) =>
        Resources.FirstOrDefault(r => string.Equals(r.LogicalId, logicalId, StringComparison.Ordinal));

    /// <exception cref="KeyNotFoundException">No resource has that logical id.</exception>
    public JsonObject PropertiesOf(string logicalId) =>
        (FindResource(logicalId) ?? throw new KeyNotFoundException($"no resource {logicalId} in the template")).Properties;

    /// <summary>Parameter name -> Default as text (lists joined by commas, as CloudFormation passes them).</summary>
    public IReadOnlyDictionary<string, string> ParameterDefaults()
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, definition) in Parameters)
        {
            if (definition is JsonObject obj && obj.TryGetPropertyValue("Default", out var value) && value is not null)
            {
                defaults[name] = value is JsonArray list
                    ? string.Join(',', list.Select(v => v?.ToString()))
                    : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            }
        }

        return defaults;
    }

    /// <summary>A resolver over this template; see <see cref="IntrinsicResolver"/> for what each map holds.</summary>
    public IntrinsicResolver CreateResolver(
        IReadOnlyDictionary<string, string>? localValues = null,
        IReadOnlyDictionary<string, string>? parameterValues = null,
        PseudoParameters? pseudoParameters = null) =>
        new(this, localValues, parameterValues, pseudoParameters);

    private JsonObject Section(string name) =>
        Root.TryGetPropertyValue(name, out var section) && section is JsonObject obj ? obj : EmptySection;

    private static TemplateResource ToResource(KeyValuePair<string, JsonNode?> entry)
    {
        var (logicalId, node) = entry;
        if (node is not JsonObject definition)
        {
            throw new FormatException($"resource {logicalId} is not a mapping");
        }

        var type = definition["Type"]?.GetValue<string>() ?? throw new FormatException($"resource {logicalId} has no Type");
        var properties = definition["Properties"] as JsonObject ?? [];
        var condition = definition["Condition"] is JsonValue c && c.TryGetValue<string>(out var name) ? name : null;
        return new TemplateResource(logicalId, type, properties, condition, definition);
    }
}
