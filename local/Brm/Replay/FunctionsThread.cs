using System.Diagnostics;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// A thread of its own for the functions' batches, beside the pipeline's thread that runs the state machines. Batches
/// run one at a time in the order they were posted, so the stores and the outputs see the same sequence of batches
/// as when the pipeline's thread ran them itself; the pipeline only waits when it needs a batch's outcome or needs
/// the functions to be idle (docs/architecture.md, "The functions' thread").
/// </summary>
/// <remarks>
/// A sleeping thread is woken only once <see cref="WakeAfter"/> batches wait, or when someone waits for a batch or
/// for the thread to be idle: on two cores each wake is a futex call and a context switch on the pipeline's thread,
/// and waking for every batch cost more than the batches' latency gains. Once awake, the thread runs everything
/// queued before it sleeps again; anything a caller can wait for is run, and <see cref="Dispose"/> runs the rest.
/// </remarks>
public sealed class FunctionsThread : IDisposable
{
    /// <summary>Batches queued before a sleeping thread is woken without anyone waiting for them.</summary>
    public const int WakeAfter = 4;

    private readonly object _gate = new();
    private readonly Queue<PostedBatch> _queue = new();
    private readonly Thread _thread;
    private bool _busy;
    private bool _sleeping;
    private bool _stopping;
    private long _runningTicks;
    private long _waitedTicks;

    public FunctionsThread()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "brm functions" };
        _thread.Start();
    }

    /// <summary>How long batches ran here, and how long callers were blocked waiting for them: where a replay's two threads idle.</summary>
    public (TimeSpan Running, TimeSpan Waited) Statistics
    {
        get
        {
            lock (_gate)
            {
                return (Stopwatch.GetElapsedTime(0, _runningTicks), Stopwatch.GetElapsedTime(0, _waitedTicks));
            }
        }
    }

    /// <summary>Queues <paramref name="work"/> behind every batch posted before it; its outcome is read from the handle.</summary>
    public PostedBatch<TOutcome> Post<TOutcome>(Func<TOutcome> work)
    {
        var posted = new PostedBatch<TOutcome>(this, work);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _queue.Enqueue(posted);
            if (_sleeping && _queue.Count >= WakeAfter)
            {
                Monitor.PulseAll(_gate);
            }
        }

        return posted;
    }

    /// <summary>Returns once every posted batch has run (whether or not it failed): nothing of the functions is running.</summary>
    public void WaitIdle()
    {
        lock (_gate)
        {
            var started = Stopwatch.GetTimestamp();
            WakeForWaiter();
            while (_busy || _queue.Count > 0)
            {
                Monitor.Wait(_gate);
            }

            _waitedTicks += Stopwatch.GetTimestamp() - started;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join();
    }

    internal void WaitFor(PostedBatch posted)
    {
        lock (_gate)
        {
            var started = Stopwatch.GetTimestamp();
            if (!posted.IsDone)
            {
                WakeForWaiter();
            }

            while (!posted.IsDone)
            {
                Monitor.Wait(_gate);
            }

            _waitedTicks += Stopwatch.GetTimestamp() - started;
        }
    }

    /// <summary>Under the lock, before a caller waits: a sleeping thread with batches queued must run them now.</summary>
    private void WakeForWaiter()
    {
        if (_sleeping && _queue.Count > 0)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private void Run()
    {
        while (true)
        {
            PostedBatch posted;
            lock (_gate)
            {
                // Asleep until woken (Post, a waiter, Dispose); woken, it runs every queued batch before sleeping again.
                while (_queue.Count == 0 && !_stopping)
                {
                    _sleeping = true;
                    Monitor.Wait(_gate);
                    _sleeping = false;
                }

                // Stopping drops nothing posted: the pipeline collects every outcome before it disposes.
                if (_queue.Count == 0)
                {
                    return;
                }

                posted = _queue.Dequeue();
                _busy = true;
            }

            var started = Stopwatch.GetTimestamp();
            posted.Execute();
            var ran = Stopwatch.GetTimestamp() - started;
            lock (_gate)
            {
                _runningTicks += ran;
                _busy = false;
                posted.IsDone = true;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
