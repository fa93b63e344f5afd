namespace BatchRuntimeMonitor.Local.Simulator;

internal enum ActionKind
{
    Arrival,
    JobRunnable,
    SchedulerPass,
    PlacementRetry,
    AttemptRunning,
    AttemptExited,
    AttemptStopped,
    InstanceRegistered,
    IdleCheck,
    InstanceTerminated,
    QueueBlocked,
    CancelBlocked,
    DependencyFailed,
    ArrayFinished,
}

/// <summary>Something the engine will do at a whole second; which fields are set depends on the kind.</summary>
internal readonly record struct SimAction(
    ActionKind Kind,
    SimJob? Job = null,
    SimInstance? Instance = null,
    ComputeEnvironmentState? Environment = null,
    long Token = 0);
