namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>What the registry knows of one ECS container instance (one registration of one EC2 instance).</summary>
public sealed class InstanceRecord
{
    public required string ContainerInstanceArn { get; init; }
    public string? Ec2InstanceId { get; set; }
    public string? InstanceType { get; set; }
    public string? AvailabilityZone { get; set; }
    public string? Architecture { get; set; }
    public string? AmiId { get; set; }
    public string? ClusterName { get; set; }
    public string? ComputeEnvironment { get; set; }
    public double? RegisteredVcpus { get; set; }
    public long? RegisteredMemoryMiB { get; set; }

    /// <summary>Earliest registration seen, epoch ms: min over every registration event, so order does not matter.</summary>
    public long? RegisteredAt { get; set; }

    /// <summary>Latest deregistration seen, epoch ms.</summary>
    public long? DeregisteredAt { get; set; }

    /// <summary>Set once the RegisterContainerInstance metric was emitted, so duplicates never count twice.</summary>
    public bool RegistrationCounted { get; set; }

    public bool DeregistrationCounted { get; set; }

    /// <summary>
    /// "&lt;metric&gt;|&lt;dimension set&gt;" for every set a (de)registration was counted in: a set whose value was
    /// unknown at first (a deregistration seen before the registration that names the type and zone) is counted
    /// once when the value becomes known, so the totals do not depend on arrival order.
    /// </summary>
    public SortedSet<string> CountedSets
    {
        get => _countedSets ??= new(StringComparer.Ordinal);
        set => _countedSets = value;
    }

    // Created on first use: a state machine's join gives the job and task functions a record per event, which never
    // reads it (docs/performance.md). Reading the property creates it, so what is stored does not change.
    private SortedSet<string>? _countedSets;

    public long? ExpiresAt { get; set; }

    /// <summary>
    /// Jobs with an attempt on this instance that were processed before the registry knew its type (the join gave
    /// up waiting): backfilled and removed once a registration names it (<see cref="AwaitingJobList"/>). Null when none.
    /// </summary>
    public SortedSet<string>? AwaitingJobs { get; set; }

    /// <summary>Job observations that found <see cref="AwaitingJobs"/> full and stay unattributed. Null when none.</summary>
    public long? AwaitingOverflow { get; set; }

    /// <summary>
    /// A copy of a record read without its bookkeeping (<see cref="CountedSets"/> never read, no
    /// <see cref="AwaitingJobs"/>), as a join item is: such a record holds no collection, so the copy shares nothing
    /// with it that either could change.
    /// </summary>
    internal InstanceRecord CopyWithoutBookkeeping()
    {
        if (_countedSets is not null || AwaitingJobs is not null)
        {
            throw new InvalidOperationException($"instance {ContainerInstanceArn} has bookkeeping; it is not copied");
        }

        return (InstanceRecord)MemberwiseClone();
    }

    /// <summary>
    /// Whether this record holds every value <paramref name="other"/> holds and no bookkeeping: how
    /// <see cref="JoinItemMemo"/> finds out that a record it shares between messages was changed by one of them.
    /// Every member is compared (a test changes each public property in turn), so a member added to the record must be added here.
    /// </summary>
    internal bool SameValuesWithoutBookkeeping(InstanceRecord other) =>
        _countedSets is null && AwaitingJobs is null && other._countedSets is null && other.AwaitingJobs is null
        && ContainerInstanceArn == other.ContainerInstanceArn
        && Ec2InstanceId == other.Ec2InstanceId
        && InstanceType == other.InstanceType
        && AvailabilityZone == other.AvailabilityZone
        && Architecture == other.Architecture
        && AmiId == other.AmiId
        && ClusterName == other.ClusterName
        && ComputeEnvironment == other.ComputeEnvironment
        && Nullable.Equals(RegisteredVcpus, other.RegisteredVcpus) // NaN equals NaN: an unchanged NaN is no change
        && RegisteredMemoryMiB == other.RegisteredMemoryMiB
        && RegisteredAt == other.RegisteredAt
        && DeregisteredAt == other.DeregisteredAt
        && RegistrationCounted == other.RegistrationCounted
        && DeregistrationCounted == other.DeregistrationCounted
        && ExpiresAt == other.ExpiresAt
        && AwaitingOverflow == other.AwaitingOverflow;

    /// <summary>
    /// The registry knows what the join is for (the instance type, with the zone and architecture that come with it).
    /// The state machines' join tests the same attribute, so a placeholder keeps them waiting.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool CanAttribute => !string.IsNullOrEmpty(InstanceType);

    /// <summary>Written only to hold <see cref="AwaitingJobs"/>: no instance event has been seen for this ARN yet.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsPlaceholder => RegisteredAt is null && DeregisteredAt is null && InstanceType is null && Ec2InstanceId is null;

    public bool IsActive => RegisteredAt is not null && (DeregisteredAt is null || DeregisteredAt < RegisteredAt);
}
