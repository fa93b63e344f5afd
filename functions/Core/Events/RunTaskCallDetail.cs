namespace BatchRuntimeMonitor.Core.Events;

/// <summary>
/// What the RunTaskCalls function uses of a CloudTrail RunTask call (the detail of "AWS API Call via CloudTrail"):
/// read by <see cref="Messaging.RunTaskCallReader"/> without the rest of the request and response.
/// </summary>
public sealed class RunTaskCallDetail
{
    public string? EventId { get; set; }

    public DateTimeOffset? EventTime { get; set; }

    /// <summary>requestParameters.cluster when it is a string.</summary>
    public string? Cluster { get; set; }

    /// <summary>requestParameters.tags, the items that are objects, each key and value when a string.</summary>
    public IReadOnlyList<NameValue> Tags { get; set; } = [];

    /// <summary>responseElements.failures, one entry per item: its reason when a string, else null.</summary>
    public IReadOnlyList<string?> FailureReasons { get; set; } = [];
}
