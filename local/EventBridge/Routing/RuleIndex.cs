using System.Text.Json;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;

namespace BatchRuntimeMonitor.Local.EventBridge.Routing;

/// <summary>
/// The enabled rules grouped by the "source" and "detail-type" their patterns accept. Most rules list both exactly
/// ({"source": ["aws.batch"], "detail-type": ["Batch Job State Change"]}): an event whose "source" and "detail-type"
/// are strings need only be matched against the rules that list those strings (or list no exact value for the
/// field), in template order. A field that is not a string (absent, null, an array) leaves out no rule on its
/// account. Each candidate's whole pattern is still matched: the index only leaves out rules that cannot match.
/// </summary>
/// <remarks>
/// Keyed by source alone, an ECS task event was still matched against every ECS rule (four, three of them for
/// CloudTrail calls) and each of those looked its fields up in the event; by both, nearly every event is tried
/// against the one rule that takes it, or none.
/// </remarks>
internal sealed class RuleIndex
{
    private readonly ExactValueKeys _sources;
    private readonly ExactValueKeys _detailTypes;

    /// <summary>The candidates per (source key, detail-type key), laid out source-major.</summary>
    private readonly int[][] _candidates;

    /// <param name="routes">The rules, in template order; candidates are given as indexes into it.</param>
    public RuleIndex(IReadOnlyList<EventRoute> routes)
    {
        var sources = routes.Select(route => route.Pattern.ExactStringsOf("source")).ToList();
        var detailTypes = routes.Select(route => route.Pattern.ExactStringsOf("detail-type")).ToList();
        _sources = new ExactValueKeys(sources);
        _detailTypes = new ExactValueKeys(detailTypes);
        _candidates = new int[_sources.Count * _detailTypes.Count][];
        for (var source = 0; source < _sources.Count; source++)
        {
            for (var detailType = 0; detailType < _detailTypes.Count; detailType++)
            {
                _candidates[(source * _detailTypes.Count) + detailType] =
                [
                    .. Enumerable.Range(0, routes.Count).Where(i => routes[i].Enabled
                        && _sources.Admits(sources[i], source) && _detailTypes.Admits(detailTypes[i], detailType)),
                ];
            }
        }
    }

    /// <summary>Indexes of the rules that may match the parsed event, in template order.</summary>
    /// <param name="top">The event's top-level members when a pass found them (<see cref="TopLevelMembers.IsComplete"/>); otherwise they are looked up.</param>
    public int[] Candidates(JsonElement @event, in TopLevelMembers top)
    {
        JsonElement source, detailType;
        if (top.IsComplete)
        {
            (source, detailType) = (top.Source, top.DetailType);
        }
        else if (@event.ValueKind == JsonValueKind.Object)
        {
            @event.TryGetProperty("source"u8, out source);
            @event.TryGetProperty("detail-type"u8, out detailType);
        }
        else
        {
            (source, detailType) = (default, default);
        }

        return _candidates[(_sources.KeyOf(source) * _detailTypes.Count) + _detailTypes.KeyOf(detailType)];
    }
}
