namespace BatchRuntimeMonitor.Core.Naming;

/// <summary>Normalises the names AWS Batch and ECS put in ARNs into the values the ledger and metrics use.</summary>
public static class BatchNames
{
    private const string OldClusterMarker = "_Batch_";
    private const string NewClusterPrefix = "AWSBatch-";
    private const int UuidLength = 36;

    // The derivations every job event makes, remembered for inputs seen before (same results, no new substring).
    private static readonly DerivedNameCache SharedNames = new(NameFromArn);
    private static readonly DerivedNameCache SharedDefinitionNames = new(JobDefinitionName);
    private static readonly DerivedNameCache SharedResourceComputeEnvironments = new(static arn => ComputeEnvironmentFromCluster(ClusterFromResourceArn(arn)));
    private static readonly SharedSubstrings SharedParentJobIds = new();

    /// <summary><see cref="NameFromArn"/>, the same instance for an input seen recently.</summary>
    public static string? SharedNameFromArn(string? arnOrName) => SharedNames.Get(arnOrName);

    /// <summary><see cref="JobDefinitionName"/>, the same instance for an input seen recently.</summary>
    public static string? SharedJobDefinitionName(string? arnOrName) => SharedDefinitionNames.Get(arnOrName);

    /// <summary>The compute environment of the Batch cluster named in a container instance or task ARN, if any (shared instances).</summary>
    public static string? ComputeEnvironmentFromResourceArn(string? containerInstanceOrTaskArn) => SharedResourceComputeEnvironments.Get(containerInstanceOrTaskArn);

    /// <summary>The last path segment of an ARN ("arn:...:job-queue/q1" -> "q1"); a plain name is returned as is.</summary>
    public static string? NameFromArn(string? arnOrName)
    {
        if (string.IsNullOrEmpty(arnOrName))
        {
            return null;
        }

        var slash = arnOrName.LastIndexOf('/');
        return slash >= 0 ? arnOrName[(slash + 1)..] : arnOrName;
    }

    /// <summary>"arn:...:job-definition/name:3" -> "name:3" (the ledger keeps the revision).</summary>
    public static string? JobDefinitionWithRevision(string? arnOrName) => NameFromArn(arnOrName);

    /// <summary>"name:3" -> "name": metrics use the name alone so a new revision does not create new custom metrics.</summary>
    public static string? JobDefinitionName(string? arnOrName)
    {
        var withRevision = NameFromArn(arnOrName);
        if (withRevision is null)
        {
            return null;
        }

        var colon = withRevision.LastIndexOf(':');
        return colon > 0 && IsDigits(withRevision.AsSpan(colon + 1)) ? withRevision[..colon] : withRevision;
    }

    /// <summary>
    /// The compute environment a Batch-owned ECS cluster serves: "&lt;ce&gt;_Batch_&lt;uuid&gt;" (older) or
    /// "AWSBatch-&lt;ce&gt;-&lt;uuid&gt;" (newer). Null for clusters Batch did not create.
    /// </summary>
    public static string? ComputeEnvironmentFromCluster(string? clusterNameOrArn)
    {
        var cluster = ClusterName(clusterNameOrArn);
        if (cluster is null)
        {
            return null;
        }

        var marker = cluster.LastIndexOf(OldClusterMarker, StringComparison.Ordinal);
        if (marker > 0)
        {
            return cluster[..marker];
        }

        if (cluster.StartsWith(NewClusterPrefix, StringComparison.Ordinal) && cluster.Length > NewClusterPrefix.Length + UuidLength + 1)
        {
            var ceEnd = cluster.Length - UuidLength - 1;
            if (cluster[ceEnd] == '-' && LooksLikeUuid(cluster.AsSpan(ceEnd + 1)))
            {
                return cluster[NewClusterPrefix.Length..ceEnd];
            }
        }

        return null;
    }

    public static bool IsBatchCluster(string? clusterNameOrArn) => ComputeEnvironmentFromCluster(clusterNameOrArn) is not null;

    /// <summary>"arn:aws:ecs:r:a:cluster/NAME" -> "NAME"; a bare name is returned unchanged.</summary>
    public static string? ClusterName(string? clusterNameOrArn) => NameFromArn(clusterNameOrArn);

    /// <summary>
    /// The cluster named inside a container instance or task ARN. Only the new (long) ARN format,
    /// "container-instance/&lt;cluster&gt;/&lt;id&gt;", carries it; the old "container-instance/&lt;uuid&gt;" does not.
    /// </summary>
    public static string? ClusterFromResourceArn(string? containerInstanceOrTaskArn)
    {
        if (string.IsNullOrEmpty(containerInstanceOrTaskArn))
        {
            return null;
        }

        var lastSlash = containerInstanceOrTaskArn.LastIndexOf('/');
        if (lastSlash <= 0)
        {
            return null;
        }

        var previousSlash = containerInstanceOrTaskArn.LastIndexOf('/', lastSlash - 1);
        return previousSlash < 0 ? null : containerInstanceOrTaskArn[(previousSlash + 1)..lastSlash];
    }

    /// <summary>Array children are "&lt;parent&gt;:&lt;index&gt;"; multi-node parallel nodes are "&lt;parent&gt;#&lt;node&gt;".</summary>
    /// <remarks>The parent is one shared instance for the children of a recent parent (every event of every child names it).</remarks>
    public static (string? ParentJobId, int? Index, int? NodeIndex) SplitChildJobId(string jobId)
    {
        var hash = jobId.LastIndexOf('#');
        if (hash > 0 && int.TryParse(jobId.AsSpan(hash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var node))
        {
            return (SharedParentJobIds.Get(jobId.AsSpan(0, hash)), null, node);
        }

        var colon = jobId.LastIndexOf(':');
        if (colon > 0 && int.TryParse(jobId.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return (SharedParentJobIds.Get(jobId.AsSpan(0, colon)), index, null);
        }

        return (null, null, null);
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool LooksLikeUuid(ReadOnlySpan<char> text) =>
        text.Length == UuidLength && text[8] == '-' && text[13] == '-' && text[18] == '-' && text[23] == '-';
}
