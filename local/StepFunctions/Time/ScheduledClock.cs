namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A discrete-event clock. A wait parks until the owner calls <see cref="AdvanceTo"/> past its wake time; waiters
/// wake one at a time in wake-time order (ties in arrival order), and each continues synchronously on the
/// advancing thread until it parks again or finishes, so a replay is deterministic and never races.
/// Not thread-safe: one thread drives it.
/// </summary>
public sealed class ScheduledClock(DateTimeOffset start) : IVirtualClock
{
    private readonly PriorityQueue<Waiter, (DateTimeOffset WakeAt, long Sequence)> _waiters = new();
    private long _sequence;

    public DateTimeOffset Now { get; private set; } = start;

    /// <summary>The earliest pending wake time, or null when nothing is parked.</summary>
    public DateTimeOffset? NextWakeTime
    {
        get
        {
            DropCancelled();
            return _waiters.TryPeek(out _, out var priority) ? priority.WakeAt : null;
        }
    }

    public int PendingCount => _waiters.Count;

    public ValueTask WaitUntilAsync(DateTimeOffset wakeAt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (wakeAt <= Now)
        {
            return ValueTask.CompletedTask;
        }

        // Continuations must run inline on the thread calling AdvanceTo, hence no RunContinuationsAsynchronously.
        var waiter = new Waiter(new TaskCompletionSource(TaskCreationOptions.None), cancellationToken);
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(static w => ((Waiter)w!).Completion.TrySetCanceled(), waiter);
        }

        _waiters.Enqueue(waiter, (wakeAt, _sequence++));
        return new ValueTask(waiter.Completion.Task);
    }

    /// <summary>
    /// Moves time forward to <paramref name="time"/>, waking every waiter due by then in order; Now equals each
    /// waiter's wake time while it runs, then <paramref name="time"/> at the end.
    /// </summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        // .NET only inlines an await continuation when the completing thread has no SynchronizationContext (else
        // it queues it to the thread pool), so clear the context while waking waiters to keep them on this thread.
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            while (_waiters.TryPeek(out var waiter, out var priority) && priority.WakeAt <= time)
            {
                _waiters.Dequeue();
                if (priority.WakeAt > Now)
                {
                    Now = priority.WakeAt;
                }

                waiter.Registration.Dispose();
                waiter.Completion.TrySetResult();
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }

        if (time > Now)
        {
            Now = time;
        }
    }

    /// <summary>Advances to each pending wake time in turn until nothing is parked (bounded, in case of a loop).</summary>
    public void RunUntilIdle(int maxWakeUps = 1_000_000)
    {
        for (var i = 0; i < maxWakeUps && NextWakeTime is { } next; i++)
        {
            AdvanceTo(next);
        }
    }

    private void DropCancelled()
    {
        while (_waiters.TryPeek(out var waiter, out _) && waiter.Completion.Task.IsCompleted)
        {
            _waiters.Dequeue();
        }
    }

    private sealed class Waiter(TaskCompletionSource completion, CancellationToken cancellationToken)
    {
        public TaskCompletionSource Completion { get; } = completion;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public CancellationTokenRegistration Registration { get; set; }
    }
}
