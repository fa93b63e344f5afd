using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// How many events no rule matched, per kind: "source: detail-type", with the API call's name for a CloudTrail
/// event ("aws.ecs: AWS API Call via CloudTrail (DescribeTasks)") and the statuses of an ECS task event
/// ("aws.ecs: ECS Task State Change (RUNNING -> STOPPED)", last -> desired). A count of unmatched events alone does
/// not say whether they were events the monitor has no use for (stopping tasks, which the placement rule leaves out)
/// or events it should have taken (running tasks of a cluster named so that the rules' wildcards miss it).
/// </summary>
public sealed class UnmatchedEventKinds
{
    private const string CloudTrailDetailType = "AWS API Call via CloudTrail";
    private const string TaskDetailType = "ECS Task State Change";

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(InputEvent input)
    {
        var kind = KindOf(input);
        _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
    }

    /// <summary>The counts, most frequent first (then by kind), as summary.json lists them.</summary>
    public Dictionary<string, long> ToOrdered() =>
        _counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    /// <summary>The event's kind, read from the parsed line when there is one (cheaper than the JsonObject over it).</summary>
    public static string KindOf(InputEvent input)
    {
        string? source, detailType, detail = null;
        if (input.Parsed.ValueKind == JsonValueKind.Object)
        {
            source = Text(input.Parsed, "source");
            detailType = Text(input.Parsed, "detail-type");
            if (input.Parsed.TryGetProperty("detail", out var members) && members.ValueKind == JsonValueKind.Object)
            {
                detail = Detail(detailType, name => Text(members, name));
            }
        }
        else
        {
            source = Text(input.Event["source"]);
            detailType = Text(input.Event["detail-type"]);
            if (input.Event["detail"] is JsonObject members)
            {
                detail = Detail(detailType, name => Text(members[name]));
            }
        }

        var kind = $"{source ?? "(no source)"}: {detailType ?? "(no detail-type)"}";
        return detail is null ? kind : $"{kind} ({detail})";
    }

    /// <summary>What tells such events apart, read from the detail's members: the API call, or a task's statuses.</summary>
    private static string? Detail(string? detailType, Func<string, string?> member) => detailType switch
    {
        CloudTrailDetailType => member("eventName"),
        TaskDetailType => $"{member("lastStatus") ?? "?"} -> {member("desiredStatus") ?? "?"}",
        _ => null,
    };

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
