namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// The Batch scheduler: RUNNABLE jobs wait per compute environment in arrival order; a pass every few seconds
/// places them first-fit (packing, so surplus instances go idle and are scaled in), and the environment scales
/// out for all that is left, as Batch raises desired vCPUs to the RUNNABLE demand, up to maxvCpus.
/// </summary>
internal sealed partial class DayEngine
{
    private const int SchedulerIntervalSeconds = 5;
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
        if (environment.WaitingCount[environment.IndexOf(job.Definition)]++ == 0)
        {
            environment.WaitingDefinitions++;
        }

        RequestPass(environment);
    }

    private static void Dequeue(ComputeEnvironmentState environment, LinkedListNode<SimJob> node)
    {
        environment.Waiting.Remove(node);
        if (--environment.WaitingCount[environment.IndexOf(node.Value.Definition)] == 0)
        {
            environment.WaitingDefinitions--;
        }
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
    /// Places waiting jobs in arrival order; a job that fits nowhere does not block the ones behind it, as Batch
    /// backfills. Free room only shrinks during a pass, so once a definition's job found none, its later jobs are
    /// skipped unchecked and the pass stops when every waiting definition has missed: a pass costs the jobs it
    /// places plus a few misses, not the length of the queue. What is left drives scale-out.
    /// </summary>
    private void OnSchedulerPass(ComputeEnvironmentState environment)
    {
        environment.PassScheduled = false;
        var missed = environment.MissedThisPass;
        Array.Clear(missed);
        var misses = 0;
        var node = environment.Waiting.First;
        while (node is not null && misses < environment.WaitingDefinitions)
        {
            var next = node.Next;
            var job = node.Value;
            var index = environment.IndexOf(job.Definition);
            if (!missed[index])
            {
                if (TryPlace(environment, job))
                {
                    Dequeue(environment, node);
                }
                else
                {
                    missed[index] = true;
                    misses++;
                }
            }

            node = next;
        }

        if (environment.WaitingDefinitions > 0 && !environment.Spec.IsFargate)
        {
            ScaleUp(environment);
        }
    }

    private bool TryPlace(ComputeEnvironmentState environment, SimJob job)
    {
        if (environment.Spec.IsFargate)
        {
            if (environment.FargateVcpusRunning + job.Definition.Vcpus > environment.Spec.MaxVcpus)
            {
                return false;
            }

            environment.FargateVcpusRunning += job.Definition.Vcpus;
            StartAttempt(job, environment, instance: null);
            return true;
        }

        if (FindFit(environment, job.Definition) is not { } instance)
        {
            return false;
        }

        Reserve(instance, job.Definition);
        if (_random.NextDouble() < _options.PlacementFailureFraction)
        {
            FailPlacement(job, environment, instance);
        }
        else
        {
            StartAttempt(job, environment, instance);
        }

        return true;
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

    /// <summary>
    /// Launches instances for the waiting jobs that instances already booting will not take, each on a random
    /// type that fits the job, until the environment reaches maxvCpus. Definitions take turns, one instance each,
    /// so near the maximum a definition that needs the large types is not starved by a flood of small jobs. A
    /// booting instance counts only for the jobs it was launched for; whoever it serves once registered, the
    /// next pass evens out.
    /// </summary>
    private void ScaleUp(ComputeEnvironmentState environment)
    {
        var deficits = environment.Deficits;
        var pending = 0;
        for (var index = 0; index < deficits.Length; index++)
        {
            deficits[index] = environment.WaitingCount[index] - environment.LaunchingSlots[index];
            pending += deficits[index] > 0 ? 1 : 0;
        }

        while (pending > 0)
        {
            for (var index = 0; index < deficits.Length; index++)
            {
                if (deficits[index] <= 0)
                {
                    continue;
                }

                var definition = environment.Definitions[index];
                if (PickType(environment.FittingTypes[index], environment.Spec.MaxVcpus - environment.InstanceVcpus) is not { } type)
                {
                    // At maxvCpus for this definition's types: its jobs wait for an instance to free up.
                    deficits[index] = 0;
                    pending--;
                    continue;
                }

                var slots = type.Slots(definition);
                Launch(environment, type, index, slots);
                deficits[index] -= slots;
                if (deficits[index] <= 0)
                {
                    pending--;
                }
            }
        }
    }

    /// <summary>A random type among those that fit the job and the vCPUs still allowed; null if none does.</summary>
    private InstanceTypeSpec? PickType(InstanceTypeSpec[] fitting, int roomVcpus)
    {
        var candidates = 0;
        foreach (var type in fitting)
        {
            candidates += type.Vcpus <= roomVcpus ? 1 : 0;
        }

        if (candidates == 0)
        {
            return null;
        }

        var pick = _random.Next(candidates);
        foreach (var type in fitting)
        {
            if (type.Vcpus <= roomVcpus && pick-- == 0)
            {
                return type;
            }
        }

        throw new InvalidOperationException("unreachable: a candidate was counted");
    }
}
