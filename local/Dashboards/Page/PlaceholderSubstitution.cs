using System.Text.Json;
using System.Text.RegularExpressions;

namespace BatchRuntimeMonitor.Local.Dashboards.Page;

/// <summary>
/// Replaces the template placeholders of dashboard bodies (${MetricsNamespace}, ${AWS::Region}, ${XLogGroup}, ...)
/// with local values. Values are JSON-escaped because the substitution runs on the JSON text before parsing.
/// </summary>
public static partial class PlaceholderSubstitution
{
    public static string Apply(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            string? value = values.TryGetValue(name, out var known) ? known
                : name.EndsWith("LogGroup", StringComparison.Ordinal) ? "/brm/local/" + name[..^"LogGroup".Length]
                : null;
            return value is null ? match.Value : JsonEncodedText.Encode(value).ToString();
        });

    public static Dictionary<string, string> Defaults(string metricsNamespace, string region) => new(StringComparer.Ordinal)
    {
        ["MetricsNamespace"] = metricsNamespace,
        ["AWS::Region"] = region,
        ["AWS::AccountId"] = "000000000000",
        ["AWS::StackName"] = "brm-local",
        ["AWS::Partition"] = "aws",
        ["AWS::URLSuffix"] = "amazonaws.com",
    };

    [GeneratedRegex(@"\$\{([A-Za-z0-9_:.]+)\}")]
    private static partial Regex Placeholder();
}
