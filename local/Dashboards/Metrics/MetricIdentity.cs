namespace BatchRuntimeMonitor.Local.Dashboards.Metrics;

/// <summary>One CloudWatch metric: namespace, name and its dimensions in the order they were emitted.</summary>
public sealed class MetricIdentity : IEquatable<MetricIdentity>
{
    public MetricIdentity(string @namespace, string name, IReadOnlyList<KeyValuePair<string, string>> dimensions)
    {
        Namespace = @namespace;
        Name = name;
        Dimensions = dimensions;
        // CloudWatch treats dimension order as irrelevant for identity, so the key is built from the sorted set.
        Key = @namespace + "\u0001" + name + "\u0001" + string.Join("\u0002",
            dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => d.Key + "=" + d.Value));
    }

    public string Namespace { get; }

    public string Name { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Dimensions { get; }

    public string Key { get; }

    /// <summary>The totals key of docs/metrics.md: "Dim=value,Dim=value" in emitted order.</summary>
    public string TotalsKey => string.Join(",", Dimensions.Select(d => d.Key + "=" + d.Value));

    public string? DimensionValue(string name) =>
        Dimensions.FirstOrDefault(d => d.Key == name) is { Key: not null } found ? found.Value : null;

    public bool HasExactlyDimensions(IEnumerable<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        return wanted.Count == Dimensions.Count && Dimensions.All(d => wanted.Contains(d.Key));
    }

    public bool Equals(MetricIdentity? other) => other is not null && other.Key == Key;

    public override bool Equals(object? obj) => Equals(obj as MetricIdentity);

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => $"{Namespace} {Name} {TotalsKey}";
}
