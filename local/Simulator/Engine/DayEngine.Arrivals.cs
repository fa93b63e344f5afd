namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>Submissions: plain jobs, dependency chains, array jobs (independent or SEQUENTIAL) and N_TO_N array pairs.</summary>
internal sealed partial class DayEngine
{
    private const double ChainShare = 0.06;
    private const double ArrayShare = 0.14;
    private const double PairShare = 0.04;

    /// <summary>Largest array submitted: its children arrive at once, the biggest burst a compute environment sees.</summary>
    internal const int MaxArraySize = 20;

    private const int MaxPairSize = 10;

    /// <summary>
    /// Run time a serial pipeline (a SEQUENTIAL array, a dependency chain) is planned to fit in, counting each step
    /// at its slow (p90) run: people chain short steps, not twenty one-hour trainings, which ran a day past the one
    /// they were submitted in; with the mean, two long-tailed 45 min alignments in a row still ran 6 h.
    /// </summary>
    private const double SerialBudgetSeconds = 2 * 3600;
    private const string BlockedReason =
        "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.";

    private readonly ArrivalProcess _arrivals;
    private readonly Queue<int> _blockedAtRecord = new();
    private int _recordsSubmitted;

    private int RecordsLeft => _options.Jobs - _recordsSubmitted;

    /// <summary>Share of the day's records that run (all but array parents, which only track their children): what capacity serves.</summary>
    internal static double RunningShareOfRecords => 1 - (ArrayShare + 2 * PairShare) / ExpectedRecordsPerSubmission();

    private static double ExpectedRecordsPerSubmission() =>
        (1 - ChainShare - ArrayShare - PairShare) + ChainShare * 3 + ArrayShare * (1 + (2 + MaxArraySize) / 2.0) + PairShare * (2 + (2 + MaxPairSize));

    /// <summary>A day of 500 jobs or more has two jobs that block their queue; smaller days one, tiny days none.</summary>
    private void PlanBlockedJobs()
    {
        if (_options.Jobs >= 500)
        {
            _blockedAtRecord.Enqueue(_options.Jobs * 35 / 100);
            _blockedAtRecord.Enqueue(_options.Jobs * 70 / 100);
        }
        else if (_options.Jobs >= 20)
        {
            _blockedAtRecord.Enqueue(_options.Jobs / 2);
        }
    }

    private void OnArrival()
    {
        if (RecordsLeft <= 0)
        {
            return;
        }

        if (_blockedAtRecord.Count > 0 && _recordsSubmitted >= _blockedAtRecord.Peek())
        {
            _blockedAtRecord.Dequeue();
            SubmitBlocked();
        }
        else
        {
            SubmitWorkload();
        }

        if (RecordsLeft > 0)
        {
            Schedule(Math.Max(_now, _arrivals.Next(RecordsLeft)), new SimAction(ActionKind.Arrival));
        }
    }

    private void SubmitWorkload()
    {
        var queue = Pick(_topology.Queues.Select(q => (q, q.ShareOfJobs)).ToList());
        var definition = Pick(queue.Definitions);
        var draw = _random.NextDouble();
        if (draw < PairShare && RecordsLeft >= 6)
        {
            SubmitArrayPair(queue, definition, Math.Min(Between(2, MaxPairSize), (RecordsLeft - 2) / 2));
        }
        else if (draw < PairShare + ArrayShare && RecordsLeft >= 3)
        {
            var size = Math.Min(Between(2, MaxArraySize), RecordsLeft - 1);
            // Long-running arrays stay parallel rather than shrink, so records per submission (the arrival rate) hold.
            var sequential = _random.NextDouble() < 0.25 && size * definition.SlowRunSeconds <= SerialBudgetSeconds;
            SubmitArray(queue, definition, size, sequential, _now);
        }
        else if (draw < PairShare + ArrayShare + ChainShare && RecordsLeft >= 2)
        {
            SubmitChain(queue, Math.Min(Between(2, 4), RecordsLeft));
        }
        else
        {
            SubmitPlain(queue, definition, _now, after: null);
        }
    }

    private SimJob NewJob(JobQueueSpec queue, JobDefinitionSpec definition, string name, long second, IReadOnlyList<JobDependency> dependsOn, int arraySize = 0, bool unplaceable = false)
    {
        _recordsSubmitted++;
        JobCreated();
        return new SimJob
        {
            JobId = _ids.Uuid(),
            JobName = name,
            Queue = queue,
            Definition = definition,
            CreatedAtMs = second * 1000 + _random.Next(0, 1000),
            DependsOn = dependsOn,
            ArraySize = arraySize,
            Unplaceable = unplaceable,
            FailsEveryAttempt = DefectiveJob(definition),
        };
    }

    /// <summary>About a third as many jobs as attempts fail are broken for good: the rest of the failures are transient.</summary>
    private bool DefectiveJob(JobDefinitionSpec definition) => _random.NextDouble() < definition.FailureProbability / 3;

    private string NameFor(JobDefinitionSpec definition, long second) => $"{definition.Name}-{second % 100000:D5}-{_random.Next(0, 1000):D3}";

    private SimJob SubmitPlain(JobQueueSpec queue, JobDefinitionSpec definition, long second, SimJob? after)
    {
        IReadOnlyList<JobDependency> dependsOn = after is null ? [] : [new JobDependency(after.JobId, null)];
        var job = NewJob(queue, definition, NameFor(definition, second), second, dependsOn);
        if (after is not null)
        {
            AddDependency(job, after);
        }

        Submit(job, second);
        return job;
    }

    /// <summary>
    /// A pipeline of plain jobs, each submitted a second after the previous and depending on it. A step that would
    /// take the pipeline past its serial budget becomes the queue's quickest job (a summary, a notification).
    /// </summary>
    private void SubmitChain(JobQueueSpec queue, int length)
    {
        SimJob? previous = null;
        var plannedSeconds = 0.0;
        for (var i = 0; i < length; i++)
        {
            var definition = i == 0 ? Pick(queue.Definitions) : NextStep(queue, plannedSeconds);
            plannedSeconds += definition.SlowRunSeconds;
            previous = SubmitPlain(queue, definition, _now + i, previous);
        }
    }

    /// <summary>
    /// An array job: the parent (the only SubmitJob) and its children "&lt;parent&gt;:&lt;index&gt;". SEQUENTIAL children
    /// each wait on the previous one; with a partner array, child i waits on the partner's child i (N_TO_N).
    /// </summary>
    private List<SimJob> SubmitArray(JobQueueSpec queue, JobDefinitionSpec definition, int size, bool sequential, long second, SimJob? partner = null, List<SimJob>? partnerChildren = null)
    {
        IReadOnlyList<JobDependency> parentDependsOn = partner is not null
            ? [new JobDependency(partner.JobId, "N_TO_N")]
            : sequential ? [new JobDependency(null, "SEQUENTIAL")] : [];
        var parent = NewJob(queue, definition, NameFor(definition, second), second, parentDependsOn, arraySize: size);
        Submit(parent, second);
        var children = new List<SimJob>(size);
        for (var index = 0; index < size; index++)
        {
            var previous = sequential && index > 0 ? children[index - 1] : null;
            var counterpart = partnerChildren?[index];
            JobDependency[] dependsOn = previous is not null
                ? [new JobDependency(previous.JobId, "SEQUENTIAL")]
                : counterpart is not null ? [new JobDependency(counterpart.JobId, "N_TO_N")] : [];
            _recordsSubmitted++;
            JobCreated();
            var child = new SimJob
            {
                JobId = $"{parent.JobId}:{index}",
                JobName = parent.JobName,
                Queue = queue,
                Definition = definition,
                CreatedAtMs = parent.CreatedAtMs,
                DependsOn = dependsOn,
                Parent = parent,
                ArrayIndex = index,
                FailsEveryAttempt = DefectiveJob(definition),
            };
            if ((previous ?? counterpart) is { } dependency)
            {
                AddDependency(child, dependency);
            }

            StartCreated(child, second + 2);
            children.Add(child);
        }

        return children;
    }

    /// <summary>
    /// Two arrays of the same size, the second submitted a second later with an N_TO_N dependency on the first;
    /// each child pair is a two-step pipeline, so the second step keeps to the serial budget as a chain does.
    /// </summary>
    private void SubmitArrayPair(JobQueueSpec queue, JobDefinitionSpec definition, int size)
    {
        var firstChildren = SubmitArray(queue, definition, size, sequential: false, _now);
        SubmitArray(queue, NextStep(queue, definition.SlowRunSeconds), size, sequential: false, _now + 1, firstChildren[0].Parent, firstChildren);
    }

    /// <summary>The next step of a pipeline planned to run <paramref name="plannedSeconds"/> so far: any definition of the queue while it fits the serial budget, else the quickest.</summary>
    private JobDefinitionSpec NextStep(JobQueueSpec queue, double plannedSeconds)
    {
        var definition = Pick(queue.Definitions);
        return plannedSeconds + definition.SlowRunSeconds <= SerialBudgetSeconds
            ? definition
            : queue.Definitions.MinBy(d => d.Definition.SlowRunSeconds).Definition;
    }

    private void SubmitBlocked()
    {
        var queue = _topology.BlockedQueue;
        var definition = JobDefinitionCatalog.HugeMemorySim;
        var job = NewJob(queue, definition, NameFor(definition, _now), _now, [], unplaceable: true);
        Submit(job, _now);
    }

    /// <summary>The SubmitJob call, then PENDING (array parents, jobs waiting on others) or RUNNABLE shortly after.</summary>
    private void Submit(SimJob job, long second)
    {
        SubmitJobCalls.Write(_emit, job, second);
        job.FirstSeenSecond[JobStatus.Submitted] = second;
        _truth.StatusFirstSeen(job, JobStatus.Submitted);
        if (job.IsArrayParent)
        {
            SetStatus(job, JobStatus.Pending, second + 1);
            return;
        }

        StartCreated(job, second + 1);
    }

    /// <summary>A created job either waits on its dependencies (PENDING) or becomes RUNNABLE within a couple of seconds.</summary>
    private void StartCreated(SimJob job, long second)
    {
        if (job.DoomedByDependency)
        {
            SetStatus(job, JobStatus.Pending, second);
            return;
        }

        if (job.UnmetDependencies > 0)
        {
            SetStatus(job, JobStatus.Pending, second);
            return;
        }

        Schedule(second + Between(0, 1), new SimAction(ActionKind.JobRunnable, job));
    }

    private void AddDependency(SimJob dependent, SimJob dependency)
    {
        if (dependency.Status == JobStatus.Succeeded)
        {
            return;
        }

        if (dependency.Status == JobStatus.Failed)
        {
            DoomLater(dependent, _now + 2);
            return;
        }

        dependent.UnmetDependencies++;
        dependency.AddDependent(dependent);
    }
}
