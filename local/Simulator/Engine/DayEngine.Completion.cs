namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>Terminal statuses and what they set off: dependents released or failed, array parents completed, blocked jobs cancelled.</summary>
internal sealed partial class DayEngine
{
    private const string DependentJobFailed = "Dependent Job failed";

    private void End(SimJob job, string status)
    {
        SetStatus(job, status, _now);
        _truth.JobEnded(job);
        _liveJobs--;
        ReleaseDependents(job);
        if (job.Parent is { } parent)
        {
            if (status == JobStatus.Succeeded)
            {
                parent.ChildrenSucceeded++;
            }
            else
            {
                parent.ChildrenFailed++;
            }

            if (parent.ChildrenSucceeded + parent.ChildrenFailed == parent.ArraySize)
            {
                Schedule(_now + Between(1, 2), new SimAction(ActionKind.ArrayFinished, parent));
            }
        }
    }

    private void ReleaseDependents(SimJob job)
    {
        if (job.Dependents is not { } dependents)
        {
            return;
        }

        job.Dependents = null;
        foreach (var dependent in dependents)
        {
            if (dependent.DoomedByDependency)
            {
                continue;
            }

            if (job.Status == JobStatus.Failed)
            {
                DoomLater(dependent, _now + Between(1, 5));
            }
            else if (--dependent.UnmetDependencies == 0)
            {
                Schedule(_now + Between(1, 3), new SimAction(ActionKind.JobRunnable, dependent));
            }
        }
    }

    /// <summary>A dependency failed: Batch fails the dependent without running it.</summary>
    private void DoomLater(SimJob dependent, long second)
    {
        dependent.DoomedByDependency = true;
        Schedule(second, new SimAction(ActionKind.DependencyFailed, dependent));
    }

    private void OnDependencyFailed(SimJob job)
    {
        job.StatusReason = DependentJobFailed;
        End(job, JobStatus.Failed);
    }

    /// <summary>An array parent ends when its last child does: SUCCEEDED only if every child did.</summary>
    private void OnArrayFinished(SimJob parent)
    {
        parent.StatusReason = null;
        End(parent, parent.ChildrenFailed == 0 ? JobStatus.Succeeded : JobStatus.Failed);
    }

    private void OnQueueBlocked(SimJob job)
    {
        BatchJobEvents.WriteQueueBlocked(_emit, job, _now, BlockedReason);
        _truth.QueueBlocked(job.Queue);
    }

    /// <summary>The queue's job state time limit action cancels the job that blocks it; a cancelled job is FAILED.</summary>
    private void OnCancelBlocked(SimJob job)
    {
        job.StatusReason = BlockedReason;
        End(job, JobStatus.Failed);
    }
}
