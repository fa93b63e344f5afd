using System.Collections.Concurrent;

namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>Keys of <see cref="JobRecord.Emitted"/>: one per thing counted once per job.</summary>
public static class EmissionKeys
{
    public const string Insight = "insight";
    public const string Summary = "summary";

    // Status and duration keys come from closed sets (statuses, metric names, the catalog's dimension sets), so
    // every job shares one instance of each instead of concatenating its own. Bounded in case an event carries
    // statuses we do not know: past the bound keys are built, not cached.
    private const int MaxShared = 1024;
    private static readonly ConcurrentDictionary<string, string> SharedStatusKeys = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> SharedDurationKeys = new(StringComparer.Ordinal);

    public static string Status(string status) =>
        SharedStatusKeys.TryGetValue(status, out var key) ? key : Share(SharedStatusKeys, status, "status:" + status);

    public static string Duration(string metricName) =>
        SharedDurationKeys.TryGetValue(metricName, out var key) ? key : Share(SharedDurationKeys, metricName, "duration:" + metricName);

    /// <summary>
    /// An attempt's placement, by the task id that ends its key (the key is the task ARN, unique per account and
    /// region by its id alone): the full ARN would put ~100 more bytes into every key of the set, stored per job.
    /// </summary>
    public static string Placed(string attemptKey) => string.Concat("placed:", attemptKey.AsSpan(attemptKey.LastIndexOf('/') + 1));

    /// <summary><see cref="InSet"/> of <see cref="Placed"/>, without the intermediate key string.</summary>
    public static string PlacedInSet(string attemptKey, string[] dimensionSet) =>
        InSet("placed:", attemptKey.AsSpan(attemptKey.LastIndexOf('/') + 1), dimensionSet);

    public static string Blocked(string reason) => "blocked:" + reason;

    /// <summary>An observation counted in one dimension set: "status:RUNNING|JobQueue", "placed:&lt;task&gt;|InstanceType".</summary>
    public static string InSet(string key, string[] dimensionSet) => InSet(key, default, dimensionSet);

    /// <summary>
    /// <paramref name="prefix"/> and <paramref name="rest"/> of a key, then "|" and the set's names joined by ",", written
    /// straight into the key: a placement's keys are built for every attempt, and joining the set first was a second
    /// string each time.
    /// </summary>
    private static string InSet(string prefix, ReadOnlySpan<char> rest, string[] dimensionSet)
    {
        var length = prefix.Length + rest.Length + 1 + Math.Max(0, dimensionSet.Length - 1);
        foreach (var name in dimensionSet)
        {
            length += name?.Length ?? 0; // string.Join writes a null name as empty
        }

        return string.Create(length, new KeyParts(prefix, rest, dimensionSet), static (key, parts) =>
        {
            parts.Prefix.CopyTo(key);
            var at = parts.Prefix.Length;
            parts.Rest.CopyTo(key[at..]);
            at += parts.Rest.Length;
            key[at++] = '|';
            for (var i = 0; i < parts.Set.Length; i++)
            {
                if (i > 0)
                {
                    key[at++] = ',';
                }

                parts.Set[i].AsSpan().CopyTo(key[at..]);
                at += parts.Set[i]?.Length ?? 0;
            }
        });
    }

    private readonly ref struct KeyParts(string prefix, ReadOnlySpan<char> rest, string[] set)
    {
        public string Prefix { get; } = prefix;

        public ReadOnlySpan<char> Rest { get; } = rest;

        public string[] Set { get; } = set;
    }

    private static string Share<TKey>(ConcurrentDictionary<TKey, string> shared, TKey key, string value)
        where TKey : notnull =>
        shared.Count < MaxShared ? shared.GetOrAdd(key, value) : value;
}
