namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>The "kind" of a pipeline record: which event family the state machine recognised.</summary>
public static class RecordKind
{
    public const string ContainerInstanceStateChange = nameof(ContainerInstanceStateChange);
    public const string RegisterContainerInstanceCall = nameof(RegisterContainerInstanceCall);
    public const string DeregisterContainerInstanceCall = nameof(DeregisterContainerInstanceCall);
    public const string RunTaskCall = nameof(RunTaskCall);
    public const string TaskStateChange = nameof(TaskStateChange);
    public const string JobStateChange = nameof(JobStateChange);
    public const string JobQueueBlocked = nameof(JobQueueBlocked);
    public const string SubmitJobCall = nameof(SubmitJobCall);
    public const string AsgCreated = nameof(AsgCreated);

    public static IReadOnlyList<string> All { get; } =
    [
        ContainerInstanceStateChange, RegisterContainerInstanceCall, DeregisterContainerInstanceCall, RunTaskCall,
        TaskStateChange, JobStateChange, JobQueueBlocked, SubmitJobCall, AsgCreated,
    ];
}
