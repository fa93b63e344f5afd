using System.Diagnostics;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// A thread of its own for the functions' batches, beside the pipeline's thread that runs the state machines. Batches
/// run one at a time in the order they were posted, so the stores and the outputs see the same sequence of batches
/// as when the pipeline's thread ran them itself; the pipeline only waits when it needs a batch's outcome or needs
/// the functions to be idle (docs/architecture.md, "The functions' thread").
/// </summary>
public sealed class FunctionsThread : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<PostedBatch> _queue = new();
    private readonly Thread _thread;
    private bool _busy;
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
            Monitor.PulseAll(_gate);
        }

        return posted;
    }

    /// <summary>Returns once every posted batch has run (whether or not it failed): nothing of the functions is running.</summary>
    public void WaitIdle()
    {
        lock (_gate)
        {
            var started = Stopwatch.GetTimestamp();
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
            while (!posted.IsDone)
            {
                Monitor.Wait(_gate);
            }

            _waitedTicks += Stopwatch.GetTimestamp() - started;
        }
    }

    private void Run()
    {
        while (true)
        {
            PostedBatch posted;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
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
