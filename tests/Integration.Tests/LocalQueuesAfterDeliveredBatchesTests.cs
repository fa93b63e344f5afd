using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// Work on the functions' stores (spilling) runs where the functions run, in their order: queued on their thread
/// without the caller waiting, or at once without one; its failure is not lost.
/// </summary>
public sealed class LocalQueuesAfterDeliveredBatchesTests
{
    [Fact]
    public void On_the_functions_thread_the_work_is_queued_and_its_handle_waits_for_it_and_rethrows_its_failure()
    {
        using var queues = Queues(ownThread: true);
        using var release = new ManualResetEventSlim();
        var ranOn = 0;
        var first = queues.AfterDeliveredBatches(() =>
        {
            release.Wait();
            ranOn = Environment.CurrentManagedThreadId;
        });
        var failing = queues.AfterDeliveredBatches(() => throw new IOException("disk full"));

        ranOn.Should().Be(0, "the caller does not wait for the work");
        release.Set();
        first();
        ranOn.Should().NotBe(0).And.NotBe(Environment.CurrentManagedThreadId);
        failing.Should().Throw<IOException>().WithMessage("disk full");
    }

    [Fact]
    public void Without_a_functions_thread_the_work_runs_at_once()
    {
        using var queues = Queues(ownThread: false);
        var ranOn = 0;

        var handle = queues.AfterDeliveredBatches(() => ranOn = Environment.CurrentManagedThreadId);

        ranOn.Should().Be(Environment.CurrentManagedThreadId);
        handle.Should().NotThrow();
    }

    private static LocalQueues Queues(bool ownThread) =>
        new(new Dictionary<string, string>(), [], new FunctionErrors(), _ => { }, new FunctionsClock(), ownThread);
}
