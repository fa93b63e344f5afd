namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// One attempt from placement to stop: RunTask, task PENDING and job STARTING at placement; task and job
/// RUNNING after the image pull; the container exits; the task STOPPED and the job ends or is retried.
/// </summary>
internal sealed partial class DayEngine
{
    private const string OutOfMemory = "OutOfMemoryError: Container killed due to memory usage";
    private static readonly int[] ApplicationExitCodes = [1, 1, 1, 2, 3, 127, 255];

    private void StartAttempt(SimJob job, ComputeEnvironmentState environment, SimInstance? instance)
    {
        var definition = job.Definition;
        var taskId = _ids.Hex32();
        var fails = job.FailsEveryAttempt || _random.NextDouble() < definition.FailureProbability;
        var oom = fails && _random.NextDouble() < definition.OomShareOfFailures;
        var runSeconds = RunSeconds(definition);
        if (fails)
        {
            // Failing containers tend to die early (bad input, memory blown during load).
            runSeconds = Math.Max(1, (int)(runSeconds * (0.05 + 0.95 * _random.NextDouble())));
        }

        var attempt = new SimAttempt
        {
            Environment = environment,
            Instance = instance,
            TaskId = taskId,
            TaskArn = $"arn:aws:ecs:{_options.Region}:{_options.Account}:task/{environment.Spec.ClusterName}/{taskId}",
            AvailabilityZone = instance?.AvailabilityZone ?? DayTopology.AvailabilityZones[_random.Next(DayTopology.AvailabilityZones.Length)],
            LogStreamName = $"{definition.Name}/default/{taskId}",
            PrivateIp = instance?.PrivateIp ?? _ids.PrivateIp(),
            StartingSecond = _now,
            StartingDelaySeconds = StartingSeconds(instance is null),
            RunSeconds = runSeconds,
            ExitCode = !fails ? 0 : oom ? 137 : ApplicationExitCodes[_random.Next(ApplicationExitCodes.Length)],
            ContainerReason = oom ? OutOfMemory : null,
        };
        job.Current = attempt;
        if (job.Parent is { } parent)
        {
            parent.ChildrenRunning++;
        }

        RunTaskCalls.WriteSuccess(_emit, job, attempt, _now);
        _truth.RunTaskCall(job.Queue, environment);
        _truth.JobPlaced(job, attempt);
        EcsTaskEvents.Write(_emit, job, attempt, TaskPhase.Pending, _now);
        job.StatusReason = null;
        SetStatus(job, JobStatus.Starting, _now);
        Schedule(_now + attempt.StartingDelaySeconds, new SimAction(ActionKind.AttemptRunning, job));
    }

    /// <summary>Image pull and container start: mostly 8-25 s on EC2 with warm caches, longer on Fargate.</summary>
    private int StartingSeconds(bool fargate) =>
        fargate ? Between(25, 60) : _random.NextDouble() < 0.8 ? Between(5, 25) : Between(26, 60);

    private int RunSeconds(JobDefinitionSpec definition)
    {
        // Log-normal around the median: most jobs near it, a long tail of slow ones, capped by the attempt timeout.
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var seconds = definition.MedianRunSeconds * Math.Exp(definition.RunSigma * normal);
        return (int)Math.Clamp(seconds, 1, definition.AttemptTimeoutSeconds);
    }

    private void OnAttemptRunning(SimJob job)
    {
        var attempt = job.Current!;
        attempt.StartedAtMs = _now * 1000 + _random.Next(0, 1000);
        EcsTaskEvents.Write(_emit, job, attempt, TaskPhase.Running, _now);
        SetStatus(job, JobStatus.Running, _now);
        Schedule(_now + attempt.RunSeconds, new SimAction(ActionKind.AttemptExited, job));
    }

    private void OnAttemptExited(SimJob job)
    {
        var attempt = job.Current!;
        attempt.StoppedAtMs = _now * 1000 + _random.Next(0, 1000);
        EcsTaskEvents.Write(_emit, job, attempt, TaskPhase.Stopping, _now);
        Schedule(_now + Between(1, 3), new SimAction(ActionKind.AttemptStopped, job));
    }

    private void OnAttemptStopped(SimJob job)
    {
        var attempt = job.Current!;
        EcsTaskEvents.Write(_emit, job, attempt, TaskPhase.Stopped, _now);
        job.Attempts.Add(attempt);
        job.Current = null;
        if (job.Parent is { } parent)
        {
            parent.ChildrenRunning--;
        }

        Release(job.Definition, attempt);
        if (attempt.Succeeded)
        {
            job.StatusReason = SimAttempt.EssentialContainerExited;
            End(job, JobStatus.Succeeded);
        }
        else if (job.Attempts.Count < job.Definition.RetryAttempts)
        {
            // A retry shows as RUNNABLE again with the failed attempt in attempts[]; no FAILED event in between.
            job.StatusReason = null;
            SetStatus(job, JobStatus.Runnable, _now);
            Enqueue(job);
        }
        else
        {
            job.StatusReason = SimAttempt.EssentialContainerExited;
            End(job, JobStatus.Failed);
        }
    }

    private void Release(JobDefinitionSpec definition, SimAttempt attempt)
    {
        var environment = attempt.Environment;
        if (attempt.Instance is { } instance)
        {
            instance.FreeVcpus += definition.Vcpus;
            instance.FreeMemoryMiB += definition.MemoryMiB;
            instance.RunningTasks--;
            if (instance.RunningTasks == 0)
            {
                ScheduleIdleCheck(instance);
            }
        }
        else
        {
            environment.FargateVcpusRunning -= definition.Vcpus;
        }

        RequestPass(environment);
    }
}
