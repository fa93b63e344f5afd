using System.Runtime.ExceptionServices;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>A batch handed to <see cref="FunctionsThread"/>.</summary>
public abstract class PostedBatch(FunctionsThread thread)
{
    /// <summary>Written under the thread's lock once <see cref="Execute"/> has returned.</summary>
    internal bool IsDone { get; set; }

    /// <summary>Returns once the batch has run (whether or not it failed).</summary>
    public void Wait() => thread.WaitFor(this);

    internal abstract void Execute();
}

/// <summary>A posted batch and, once it has run, its outcome (or the exception it threw, rethrown to the reader).</summary>
public sealed class PostedBatch<TOutcome>(FunctionsThread thread, Func<TOutcome> work) : PostedBatch(thread)
{
    // Dropped once run: an outcome may wait minutes of virtual time to be collected, and holding the batch's
    // messages that long moved them into the older GC generations (a replay spent twice as long collecting).
    private Func<TOutcome>? _work = work;
    private TOutcome? _outcome;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Waits for the batch to have run and returns its outcome; a failure of the work is rethrown here.</summary>
    public TOutcome Outcome()
    {
        Wait();
        _failure?.Throw();
        return _outcome!;
    }

    internal override void Execute()
    {
        try
        {
            var run = _work!;
            _work = null;
            _outcome = run();
        }
        catch (Exception ex)
        {
            _failure = ExceptionDispatchInfo.Capture(ex);
        }
    }
}
