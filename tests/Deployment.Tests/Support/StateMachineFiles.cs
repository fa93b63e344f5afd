using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Deployment.Support;

/// <summary>The statemachines/*.asl.json definitions and their ${Placeholder} substitutions.</summary>
public static partial class StateMachineFiles
{
    public static readonly IReadOnlyList<string> Names =
        ["instance-registration", "runtask-calls", "task-placement", "job-states", "submit-job", "asg-created"];

    public static string PathOf(string name) => RepositoryPaths.InRepo("statemachines", name + ".asl.json");

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static JsonObject Definition(string name) => JsonNode.Parse(Text(name))!.AsObject();

    public static IReadOnlySet<string> Placeholders(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>What DefinitionSubstitutions does: plain text replacement of ${Name}.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values) =>
        PlaceholderPattern().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v)
            ? v
            : throw new KeyNotFoundException($"no value for ${{{m.Groups[1].Value}}}"));

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names)
        {
            data.Add(name);
        }

        return data;
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9_]+)\}")]
    private static partial Regex PlaceholderPattern();
}
