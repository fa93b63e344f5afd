using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>The functions' thread: posted batches run one at a time, in order, off the caller's thread; failures reach the reader.</summary>
public sealed class FunctionsThreadTests
{
    [Fact]
    public void Batches_run_one_at_a_time_in_the_order_posted_on_a_thread_of_their_own()
    {
        using var functions = new FunctionsThread();
        var ran = new List<int>();
        var running = 0;
        var overlapped = false;
        var threads = new HashSet<int>();
        var posted = Enumerable.Range(0, 200).Select(i => functions.Post(() =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            lock (ran)
            {
                ran.Add(i);
                threads.Add(Environment.CurrentManagedThreadId);
            }

            Thread.SpinWait(i % 7 * 100);
            Interlocked.Decrement(ref running);
            return i * 2;
        })).ToList();

        posted.Select(p => p.Outcome()).Should().Equal(Enumerable.Range(0, 200).Select(i => i * 2));
        ran.Should().Equal(Enumerable.Range(0, 200));
        overlapped.Should().BeFalse();
        threads.Should().ContainSingle().Which.Should().NotBe(Environment.CurrentManagedThreadId);
    }

    [Fact]
    public void A_batch_that_throws_rethrows_to_its_reader_and_the_batches_after_it_still_run()
    {
        using var functions = new FunctionsThread();
        var failing = functions.Post<int>(() => throw new InvalidOperationException("store outage"));
        var next = functions.Post(() => 42);

        next.Outcome().Should().Be(42);
        failing.Invoking(f => f.Outcome()).Should().Throw<InvalidOperationException>().WithMessage("store outage");
    }

    [Fact]
    public async Task WaitIdle_returns_only_once_every_posted_batch_has_run()
    {
        using var functions = new FunctionsThread();
        var finished = 0;
        using var release = new ManualResetEventSlim();
        functions.Post(() =>
        {
            release.Wait();
            return Interlocked.Increment(ref finished);
        });
        functions.Post(() => Interlocked.Increment(ref finished));

        var idle = Task.Run(functions.WaitIdle);
        var first = await Task.WhenAny(idle, Task.Delay(200));
        first.Should().NotBeSameAs(idle, "the first batch is still blocked");
        release.Set();
        await idle.WaitAsync(TimeSpan.FromSeconds(30));
        finished.Should().Be(2);
    }

    [Fact]
    public void Disposing_runs_what_was_posted_then_refuses_more()
    {
        var functions = new FunctionsThread();
        var ran = 0;
        for (var i = 0; i < 10; i++)
        {
            functions.Post(() => Interlocked.Increment(ref ran));
        }

        functions.Dispose();

        ran.Should().Be(10);
        functions.Invoking(f => f.Post(() => 0)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public async Task A_batch_waited_for_runs_even_when_fewer_than_WakeAfter_are_queued()
    {
        using var functions = new FunctionsThread();
        functions.Post(() => 0).Outcome();
        Thread.Sleep(50); // the thread is asleep again

        var ran = new List<int>();
        var posted = Enumerable.Range(1, FunctionsThread.WakeAfter - 1).Select(i => functions.Post(() =>
        {
            lock (ran)
            {
                ran.Add(i);
            }

            return i;
        })).ToList();

        // Waiting for the last queued batch wakes the thread; those before it run first, in order.
        var last = Task.Run(() => posted[^1].Outcome());
        (await last.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(FunctionsThread.WakeAfter - 1);
        ran.Should().Equal(Enumerable.Range(1, FunctionsThread.WakeAfter - 1));
    }

    [Fact]
    public async Task WaitIdle_runs_batches_queued_on_a_sleeping_thread()
    {
        using var functions = new FunctionsThread();
        functions.Post(() => 0).Outcome();
        Thread.Sleep(50);
        var ran = 0;
        functions.Post(() => Interlocked.Increment(ref ran));

        await Task.Run(functions.WaitIdle).WaitAsync(TimeSpan.FromSeconds(30));
        ran.Should().Be(1);
    }

    [Fact]
    public void A_sleeping_thread_runs_queued_batches_once_WakeAfter_are_queued_without_anyone_waiting()
    {
        using var functions = new FunctionsThread();
        functions.Post(() => 0).Outcome();
        Thread.Sleep(50);
        var ran = 0;
        for (var i = 0; i < FunctionsThread.WakeAfter; i++)
        {
            functions.Post(() => Interlocked.Increment(ref ran));
        }

        SpinWait.SpinUntil(() => Volatile.Read(ref ran) == FunctionsThread.WakeAfter, TimeSpan.FromSeconds(30)).Should().BeTrue();
    }

    [Fact]
    public async Task A_waiter_on_a_second_thread_is_never_left_hanging_while_the_poster_goes_on()
    {
        using var functions = new FunctionsThread();
        var random = new Random(7);
        var waits = new List<Task<int>>();
        var posted = new List<PostedBatch<int>>();
        for (var i = 0; i < 2000; i++)
        {
            var n = i;
            posted.Add(functions.Post(() => n));
            if (random.Next(10) == 0)
            {
                var batch = posted[random.Next(posted.Count)];
                waits.Add(Task.Run(batch.Outcome));
            }

            if (random.Next(50) == 0)
            {
                Thread.Sleep(1); // let the thread fall asleep with batches queued
            }
        }

        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(60));
        posted.Select(p => p.Outcome()).Should().Equal(Enumerable.Range(0, 2000));
    }

    [Fact]
    public void Disposing_a_sleeping_thread_runs_the_batches_it_had_not_been_woken_for()
    {
        var functions = new FunctionsThread();
        functions.Post(() => 0).Outcome();
        Thread.Sleep(50);
        var ran = new List<int>();
        for (var i = 0; i < FunctionsThread.WakeAfter - 1; i++)
        {
            var n = i;
            functions.Post(() =>
            {
                lock (ran)
                {
                    ran.Add(n);
                }

                return n;
            });
        }

        functions.Dispose();
        ran.Should().Equal(Enumerable.Range(0, FunctionsThread.WakeAfter - 1));
    }
}
