using BatchRuntimeMonitor.Core.Jobs;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>
/// What the JobTransitions function uses of a CloudTrail SubmitJob call: read by
/// <see cref="Messaging.SubmitJobCallReader"/> without the rest of the request and response. The request and
/// response members are what they say when of the expected type, else null.
/// </summary>
public sealed class SubmitJobCallDetail
{
    public DateTimeOffset? EventTime { get; set; }

    public string? ErrorCode { get; set; }

    /// <summary>responseElements.jobId.</summary>
    public string? JobId { get; set; }

    /// <summary>responseElements.jobName.</summary>
    public string? ResponseJobName { get; set; }

    /// <summary>requestParameters.jobName.</summary>
    public string? RequestJobName { get; set; }

    public string? JobQueue { get; set; }

    public string? JobDefinition { get; set; }

    /// <summary>requestParameters.arrayProperties.size when an integer.</summary>
    public int? ArraySize { get; set; }

    /// <summary>requestParameters.dependsOn, the items that name a job id.</summary>
    public IReadOnlyList<JobDependency> DependsOn { get; set; } = [];
}
