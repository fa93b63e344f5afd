namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// The Batch scheduler: RUNNABLE jobs wait per compute environment in arrival order; a scheduler pass every
/// few seconds places them first-fit (packing, so surplus instances go idle and are scaled in) and launches
/// instances for what does not fit, up to the environment's maximum.
/// </summary>
internal sealed partial class DayEngine
{
    private const int SchedulerIntervalSeconds = 5;
    private const int ScaleUpLookahead = 64;
    private const int MaxMissesPerPass = 16;
    private static readonly (string Reason, double Weight)[] PlacementFailureReasons =
        [("RESOURCE:MEMORY", 0.5), ("RESOURCE:CPU", 0.3), ("AGENT", 0.2)];

    private void OnJobRunnable(SimJob job)
    {
        if (job.Terminal || job.DoomedByDependency)
        {
            return;
        }

        SetStatus(job, JobStatus.Runnable, _now);
        if (job.Unplaceable)
        {
            Schedule(_now + Between(240, 420), new SimAction(ActionKind.QueueBlocked, job));
            Schedule(_now + 1800, new SimAction(ActionKind.CancelBlocked, job));
            return;
        }

        job.Environment ??= _environments[Pick(job.Queue.Environments)];
        Enqueue(job);
    }

    private void Enqueue(SimJob job)
    {
        var environment = job.Environment!;
        environment.Waiting.AddLast(job);
        RequestPass(environment);
    }

    private void RequestPass(ComputeEnvironmentState environment)
    {
        if (environment.PassScheduled || environment.Waiting.Count == 0)
        {
            return;
        }

        environment.PassScheduled = true;
        Schedule((_now / SchedulerIntervalSeconds + 1) * SchedulerIntervalSeconds, new SimAction(ActionKind.SchedulerPass, Environment: environment));
    }

    /// <summary>
    /// Places waiting jobs in arrival order; a job that fits nowhere is skipped (up to a few misses) rather than
    /// blocking smaller jobs behind it, as Batch backfills. What is left drives scale-out.
    /// </summary>
    private void OnSchedulerPass(ComputeEnvironmentState environment)
    {
        environment.PassScheduled = false;
        var misses = 0;
        SimJob? firstUnplaced = null;
        var node = environment.Waiting.First;
        while (node is not null && misses < MaxMissesPerPass)
        {
            var next = node.Next;
            var job = node.Value;
            if (environment.Spec.IsFargate)
            {
                if (environment.FargateTasksRunning >= environment.Spec.MaxFargateTasks)
                {
                    break;
                }

                environment.Waiting.Remove(node);
                environment.FargateTasksRunning++;
                StartAttempt(job, environment, instance: null);
            }
            else if (FindFit(environment, job.Definition) is { } instance)
            {
                environment.Waiting.Remove(node);
                Reserve(instance, job.Definition);
                if (_random.NextDouble() < _options.PlacementFailureFraction)
                {
                    FailPlacement(job, environment, instance);
                }
                else
                {
                    StartAttempt(job, environment, instance);
                }
            }
            else
            {
                firstUnplaced ??= job;
                misses++;
            }

            node = next;
        }

        if (firstUnplaced is not null)
        {
            ScaleUp(environment, firstUnplaced.Definition);
        }
    }

    private static SimInstance? FindFit(ComputeEnvironmentState environment, JobDefinitionSpec definition)
    {
        foreach (var instance in environment.Active)
        {
            if (instance.Fits(definition))
            {
                return instance;
            }
        }

        return null;
    }

    private static void Reserve(SimInstance instance, JobDefinitionSpec definition)
    {
        instance.FreeVcpus -= definition.Vcpus;
        instance.FreeMemoryMiB -= definition.MemoryMiB;
        instance.RunningTasks++;
        instance.BusyEpoch++;
    }

    /// <summary>
    /// ECS rejects the first RunTask (its view of the instance lags Batch's); Batch calls again a few seconds later
    /// on the capacity it already chose. The job stays RUNNABLE in between.
    /// </summary>
    private void FailPlacement(SimJob job, ComputeEnvironmentState environment, SimInstance instance)
    {
        var reason = Pick(PlacementFailureReasons);
        RunTaskCalls.WriteFailure(_emit, job, environment, instance, reason, _now);
        _truth.RunTaskCall(job.Queue, environment);
        _truth.PlacementFailure(job.Queue, environment, reason);
        Schedule(_now + Between(2, 15), new SimAction(ActionKind.PlacementRetry, job, instance));
    }

    private void OnPlacementRetry(SimJob job, SimInstance instance) => StartAttempt(job, instance.Environment, instance);

    private void ScaleUp(ComputeEnvironmentState environment, JobDefinitionSpec head)
    {
        var demand = 0;
        var looked = 0;
        foreach (var waiting in environment.Waiting)
        {
            demand += waiting.Definition.Vcpus;
            if (++looked == ScaleUpLookahead)
            {
                break;
            }
        }

        var deficit = demand - environment.LaunchingVcpus;
        var fitting = environment.Spec.InstanceTypes.Where(t => t.Fits(head)).ToList();
        while (deficit > 0 && fitting.Count > 0 && environment.InstanceCount < environment.Spec.MaxInstances)
        {
            var type = fitting[_random.Next(fitting.Count)];
            Launch(environment, type);
            deficit -= type.Vcpus;
        }
    }
}
