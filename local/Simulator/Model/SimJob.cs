namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>One Batch job (plain job, array parent or array child) as the simulator decided it.</summary>
internal sealed class SimJob
{
    public required string JobId { get; init; }

    public required string JobName { get; init; }

    public required JobQueueSpec Queue { get; init; }

    public required JobDefinitionSpec Definition { get; init; }

    public required long CreatedAtMs { get; init; }

    public required IReadOnlyList<JobDependency> DependsOn { get; init; }

    public SimJob? Parent { get; init; }

    public int? ArrayIndex { get; init; }

    /// <summary>Array size for an array parent, zero otherwise.</summary>
    public int ArraySize { get; init; }

    public bool IsArrayParent => ArraySize > 0;

    /// <summary>Submitted through SubmitJob (plain jobs and array parents); array children are created by Batch.</summary>
    public bool Submitted => Parent is null;

    /// <summary>Made to need more than any instance offers: its queue gets blocked and the job is cancelled.</summary>
    public bool Unplaceable { get; init; }

    /// <summary>A job with a real defect (bad input, too little memory asked for): every attempt fails, so retries do not save it.</summary>
    public bool FailsEveryAttempt { get; init; }

    public ComputeEnvironmentState? Environment { get; set; }

    public string Status { get; set; } = JobStatus.Submitted;

    public string? StatusReason { get; set; }

    public List<SimAttempt> Attempts { get; } = [];

    public SimAttempt? Current { get; set; }

    /// <summary>Dependencies not yet SUCCEEDED.</summary>
    public int UnmetDependencies { get; set; }

    /// <summary>Jobs waiting on this one.</summary>
    public List<SimJob>? Dependents { get; set; }

    public bool Terminal => Status is JobStatus.Succeeded or JobStatus.Failed;

    /// <summary>Set once a failure of a dependency has doomed this job, so the cascade fails it only once.</summary>
    public bool DoomedByDependency { get; set; }

    public int ChildrenSucceeded { get; set; }

    public int ChildrenFailed { get; set; }

    public int ChildrenRunning { get; set; }

    /// <summary>First-seen second of each status, as the envelope time will show it (SUBMITTED: the SubmitJob eventTime).</summary>
    public Dictionary<string, long> FirstSeenSecond { get; } = new(4);

    public void AddDependent(SimJob dependent) => (Dependents ??= []).Add(dependent);
}
