using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Local.Dashboards.Search;

/// <summary>
/// A parsed CloudWatch search expression: an optional schema "{Namespace,Dim1,Dim2}" (metrics with exactly those
/// dimensions) and terms: MetricName="X" / Namespace=.. / Dim="value" (quoted = exact, bare = token match),
/// free-text tokens, AND / OR / NOT and parentheses.
/// </summary>
public sealed class SearchQuery
{
    private readonly Func<MetricIdentity, bool> _predicate;

    internal SearchQuery(string? schemaNamespace, IReadOnlyList<string>? schemaDimensions, Func<MetricIdentity, bool> predicate)
    {
        SchemaNamespace = schemaNamespace;
        SchemaDimensions = schemaDimensions;
        _predicate = predicate;
    }

    public string? SchemaNamespace { get; }

    public IReadOnlyList<string>? SchemaDimensions { get; }

    public bool Matches(MetricIdentity metric)
    {
        if (SchemaNamespace is not null
            && (metric.Namespace != SchemaNamespace || !metric.HasExactlyDimensions(SchemaDimensions ?? [])))
        {
            return false;
        }

        return _predicate(metric);
    }

    /// <summary>Namespaces the query can only match (for placeholders of AWS-published metrics).</summary>
    public string? ImpliedNamespace => SchemaNamespace;
}
