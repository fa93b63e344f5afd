namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// A discrete-event model of one Batch day. Actions run in time order from a priority queue; each one
/// decides what happens at its second and emits the events that happen then. The engine keeps only live work
/// (jobs not yet ended, instances not yet gone), so memory follows concurrency, not the size of the day.
/// </summary>
internal sealed partial class DayEngine
{
    private readonly SimulationOptions _options;
    private readonly DayTopology _topology;
    private readonly IdFactory _ids;
    private readonly Random _random;
    private readonly EventEmitter _emit;
    private readonly DeliveryBuffer _delivery;
    private readonly GroundTruthRecorder _truth;
    private readonly PriorityQueue<SimAction, (long Second, long Sequence)> _actions = new();
    private readonly Dictionary<ComputeEnvironmentSpec, ComputeEnvironmentState> _environments = [];
    private long _sequence;
    private long _now;

    public DayEngine(SimulationOptions options, DayTopology topology, IdFactory ids, EventEmitter emit, DeliveryBuffer delivery, GroundTruthRecorder truth)
    {
        _options = options;
        _topology = topology;
        _ids = ids;
        _random = new Random(options.Seed);
        _emit = emit;
        _delivery = delivery;
        _truth = truth;
        foreach (var queue in topology.Queues)
        {
            foreach (var (spec, _) in queue.Environments)
            {
                _environments[spec] = new ComputeEnvironmentState(spec, queue.Definitions.Select(d => d.Definition).ToList(), options.Account, options.Region);
            }
        }

        _arrivals = new ArrivalProcess(_random, options.Start.ToUnixTimeSeconds(), ExpectedRecordsPerSubmission());
        PlanBlockedJobs();
    }

    public int InstancesLaunched { get; private set; }

    /// <summary>Largest number of lines held for delivery at once: evidence that output streams.</summary>
    public int PeakBuffered { get; private set; }

    /// <summary>Largest number of jobs created and not yet ended at once.</summary>
    public int PeakLiveJobs { get; private set; }

    /// <summary>Largest number of EC2 instances launched and not yet terminated at once, over all environments.</summary>
    public int PeakInstances { get; private set; }

    private int _liveJobs;
    private int _liveInstances;

    private void JobCreated() => PeakLiveJobs = Math.Max(PeakLiveJobs, ++_liveJobs);

    public void Run()
    {
        Schedule(_arrivals.Next(RecordsLeft), new SimAction(ActionKind.Arrival));
        var step = 0;
        while (_actions.TryDequeue(out var action, out var at))
        {
            if (at.Second > _now)
            {
                _now = at.Second;
                _delivery.AdvanceTo(_now * 1000);
                if ((++step & 63) == 0)
                {
                    PeakBuffered = Math.Max(PeakBuffered, _delivery.Buffered);
                }
            }

            Execute(action);
        }

        _delivery.FlushAll();
    }

    private void Execute(SimAction action)
    {
        switch (action.Kind)
        {
            case ActionKind.Arrival: OnArrival(); break;
            case ActionKind.JobRunnable: OnJobRunnable(action.Job!); break;
            case ActionKind.SchedulerPass: OnSchedulerPass(action.Environment!); break;
            case ActionKind.PlacementRetry: OnPlacementRetry(action.Job!, action.Instance!); break;
            case ActionKind.AttemptRunning: OnAttemptRunning(action.Job!); break;
            case ActionKind.AttemptExited: OnAttemptExited(action.Job!); break;
            case ActionKind.AttemptStopped: OnAttemptStopped(action.Job!); break;
            case ActionKind.InstanceRegistered: OnInstanceRegistered(action.Instance!); break;
            case ActionKind.IdleCheck: OnIdleCheck(action.Instance!, action.Token); break;
            case ActionKind.InstanceTerminated: OnInstanceTerminated(action.Instance!); break;
            case ActionKind.QueueBlocked: OnQueueBlocked(action.Job!); break;
            case ActionKind.CancelBlocked: OnCancelBlocked(action.Job!); break;
            case ActionKind.DependencyFailed: OnDependencyFailed(action.Job!); break;
            case ActionKind.ArrayFinished: OnArrayFinished(action.Job!); break;
            default: throw new InvalidOperationException($"unknown action {action.Kind}");
        }
    }

    private void Schedule(long second, SimAction action) => _actions.Enqueue(action, (second, _sequence++));

    private int Between(int minInclusive, int maxInclusive) => _random.Next(minInclusive, maxInclusive + 1);

    private T Pick<T>(IReadOnlyList<(T Item, double Weight)> weighted)
    {
        var total = 0.0;
        foreach (var (_, weight) in weighted)
        {
            total += weight;
        }

        var draw = _random.NextDouble() * total;
        foreach (var (item, weight) in weighted)
        {
            draw -= weight;
            if (draw < 0)
            {
                return item;
            }
        }

        return weighted[^1].Item;
    }

    /// <summary>Records the first time a job shows a status (for ground truth) and emits its Batch event.</summary>
    private void SetStatus(SimJob job, string status, long second)
    {
        job.Status = status;
        if (job.FirstSeenSecond.TryAdd(status, second))
        {
            _truth.StatusFirstSeen(job, status);
        }

        BatchJobEvents.WriteStateChange(_emit, job, second);
    }
}
