using System.Text;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.EventBridge.Routing;

/// <summary>
/// The rules grouped by the event sources their patterns accept. A replay matches every event against every rule,
/// and most rules name their source exactly ({"source": ["aws.batch"]}): an event whose "source" is a string need
/// only be matched against the rules that list that string and those that name no exact source, in template order.
/// An event without a string "source" (absent, null, an array) is matched against every rule. Each candidate's whole
/// pattern is still matched: the index only leaves out rules that cannot match.
/// </summary>
internal sealed class SourceIndex
{
    private const string SourceField = "source";

    private readonly int[] _all;
    private readonly int[] _anySource;
    private readonly (byte[] Source, int[] Candidates)[] _bySource;

    /// <param name="routes">The rules, in template order; candidates are given as indexes into it.</param>
    public SourceIndex(IReadOnlyList<EventRoute> routes)
    {
        var exact = routes.Select(route => route.Pattern.ExactStringsOf(SourceField)).ToList();
        _all = [.. Enumerable.Range(0, routes.Count)];
        _anySource = [.. _all.Where(i => exact[i] is null)];
        _bySource =
        [
            .. exact.OfType<IReadOnlyList<string>>().SelectMany(sources => sources).Distinct(StringComparer.Ordinal)
                .Select(source => (Encoding.UTF8.GetBytes(source), _all.Where(i => exact[i] is null || exact[i]!.Contains(source, StringComparer.Ordinal)).ToArray())),
        ];
    }

    /// <summary>Indexes of the rules that may match the parsed event, in template order.</summary>
    public int[] Candidates(JsonElement @event)
    {
        if (@event.ValueKind != JsonValueKind.Object || !@event.TryGetProperty("source"u8, out var source) || source.ValueKind != JsonValueKind.String)
        {
            return _all;
        }

        foreach (var (name, candidates) in _bySource)
        {
            // Compared decoded, as the pattern's exact match compares it.
            if (source.ValueEquals(name))
            {
                return candidates;
            }
        }

        return _anySource;
    }
}
