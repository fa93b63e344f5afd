namespace BatchRuntimeMonitor.Core.Events;

/// <summary>
/// What the InstanceRegistration function uses of a CloudTrail RegisterContainerInstance or DeregisterContainerInstance
/// call (the detail of "AWS API Call via CloudTrail"): read by <see cref="Messaging.ContainerInstanceCallReader"/>
/// without the rest of the request and response, or taken from the typed read (<see cref="CloudTrailRecord"/>).
/// </summary>
public sealed class ContainerInstanceCallDetail
{
    public DateTimeOffset? EventTime { get; set; }

    public string? AwsRegion { get; set; }

    public string? RecipientAccountId { get; set; }

    /// <summary>requestParameters.cluster when it is a string.</summary>
    public string? Cluster { get; set; }

    /// <summary>requestParameters.containerInstance (an ARN or an id within the cluster) when it is a string.</summary>
    public string? RequestedContainerInstance { get; set; }

    /// <summary>requestParameters.instanceIdentityDocument when it is a string: JSON, or CloudTrail's redaction.</summary>
    public string? InstanceIdentityDocument { get; set; }

    /// <summary>responseElements.containerInstance, the ECS ContainerInstance the call returned; null when absent or not an object.</summary>
    public EcsContainerInstanceDetail? ContainerInstance { get; set; }

    /// <summary>
    /// False when the hand-written read met a <see cref="ContainerInstance"/> the typed read would not read at once
    /// (<see cref="Messaging.ContainerInstanceCallReader"/>): the call is then read the typed way.
    /// </summary>
    internal bool ContainerInstanceVouched { get; set; } = true;
}
