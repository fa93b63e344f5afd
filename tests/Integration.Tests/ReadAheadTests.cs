using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// The hand-over the replay uses to read and decode on its second thread: every item once, in order; the producer's
/// failure after the items it did produce; and no producer left waiting when the consumer stops early.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReadAheadTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    [Fact]
    public void Every_item_arrives_once_in_order()
    {
        var items = ReadAhead<int>.Run(Enumerable.Range(0, 10_001), "test producer").ToList();

        items.Should().Equal(Enumerable.Range(0, 10_001));
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(3, 2, 1)]
    [InlineData(16, 3, 1)]
    [InlineData(5, 4, 0)]
    [InlineData(7, 6, 5)]
    public void Every_item_arrives_once_in_order_whatever_the_queue_depth_and_low_water_mark(int chunkSize, int maxChunksAhead, int lowWater)
    {
        var items = ReadAhead<int>.Run(Enumerable.Range(0, 10_001), "test producer", chunkSize, maxChunksAhead, lowWater).ToList();

        items.Should().Equal(Enumerable.Range(0, 10_001));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(2, -1)]
    public void A_low_water_mark_that_could_never_wake_the_producer_is_refused(int maxChunksAhead, int lowWater)
    {
        var start = () => ReadAhead<int>.Run(Enumerable.Range(0, 10), "test producer", 16, maxChunksAhead, lowWater).ToList();

        start.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_producer_failure_reaches_the_consumer_after_the_items_before_it()
    {
        var received = new List<int>();

        var consume = () =>
        {
            foreach (var item in ReadAhead<int>.Run(FailingAfter(100), "test producer"))
            {
                received.Add(item);
            }
        };

        consume.Should().Throw<InvalidDataException>().WithMessage("record 100 is corrupt");
        received.Should().Equal(Enumerable.Range(0, 100));
    }

    [Fact]
    public async Task A_consumer_that_stops_early_stops_the_producer()
    {
        var produced = 0;

        var firstFive = await Task.Run(() => ReadAhead<int>.Run(Counting(() => produced++), "test producer").Take(5).ToList()).WaitAsync(Guard);

        firstFive.Should().Equal(0, 1, 2, 3, 4);
        produced.Should().BeLessThan(1_000_000, "the producer stops a few chunks ahead instead of running to the end");
    }

    [Theory]
    [InlineData(16, 3, 1)]
    [InlineData(16, 64, 32)]
    [InlineData(4, 5, 0)]
    public async Task A_producer_goes_a_full_queue_ahead_and_waits_for_the_low_water_mark_before_refilling(int chunkSize, int maxChunksAhead, int lowWater)
    {
        var produced = 0;
        using var consumer = ReadAhead<int>.Run(Counting(() => Interlocked.Increment(ref produced)), "test producer", chunkSize, maxChunksAhead, lowWater).GetEnumerator();
        consumer.MoveNext().Should().BeTrue();

        // The consumer holds its first chunk: the producer fills the queue behind it and one more chunk, which it
        // holds while it waits for room (if it found the queue full before the consumer took the first chunk, the
        // queue is one chunk short, and stays so: taking one chunk does not reach the low-water mark).
        await WaitUntil(() => Volatile.Read(ref produced) >= (maxChunksAhead + 1) * chunkSize, () => $"{Volatile.Read(ref produced)} produced");
        var stopped = await Settled(() => Volatile.Read(ref produced));
        stopped.Should().BeOneOf([(maxChunksAhead + 1) * chunkSize, (maxChunksAhead + 2) * chunkSize], "the producer stops once the queue is full");

        // Taking chunks down to one above the low-water mark does not wake it; the next chunk does.
        var queued = stopped / chunkSize - 2;
        for (var taken = 1; taken < chunkSize * (queued - lowWater); taken++)
        {
            consumer.MoveNext().Should().BeTrue();
        }

        await Task.Delay(200);
        Volatile.Read(ref produced).Should().Be(stopped, "the queue has not yet drained to the low-water mark");
        for (var taken = 0; taken < chunkSize; taken++)
        {
            consumer.MoveNext().Should().BeTrue();
        }

        await WaitUntil(() => Volatile.Read(ref produced) > stopped, () => $"{Volatile.Read(ref produced)} produced");
    }

    /// <summary>
    /// The count once it has stayed the same for 200 ms: a producer still finishing the chunk it holds on a loaded
    /// machine is waited for, instead of being caught half-way by one fixed delay.
    /// </summary>
    private static async Task<int> Settled(Func<int> count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var seen = count();
        while (true)
        {
            await Task.Delay(200);
            var now = count();
            if (now == seen)
            {
                return now;
            }

            waited.Elapsed.Should().BeLessThan(Guard, $"{now} produced, still moving");
            seen = now;
        }
    }

    private static async Task WaitUntil(Func<bool> condition, Func<string> state)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            waited.Elapsed.Should().BeLessThan(Guard, state());
            await Task.Delay(5);
        }
    }

    [Theory]
    [InlineData(4, 1, 0, 0)]
    [InlineData(4, 2, 1, 1)]
    [InlineData(16, 3, 1, 7)]
    [InlineData(3, 6, 5, 3)]
    public void Chunks_that_go_round_many_times_hand_over_every_item_once_in_order(int chunkSize, int maxChunksAhead, int lowWater, int slowEvery)
    {
        // Distinct objects, a producer and a consumer that pause now and then: a chunk refilled while the consumer still
        // read it, or handed back twice, would show as a repeated, lost or reordered item.
        const int count = 20_000;
        var expected = Enumerable.Range(0, count).Select(i => new Box(i)).ToList();

        var received = ReadAhead<Box>.Run(Pausing(expected, slowEvery), "test producer", chunkSize, maxChunksAhead, lowWater)
            .Select((box, index) =>
            {
                if (slowEvery > 0 && index % (97 * slowEvery) == 0)
                {
                    Thread.Sleep(1);
                }

                return box;
            })
            .ToList();

        received.Should().HaveCount(count);
        received.Should().Equal(expected, ReferenceEquals);
    }

    [Fact]
    public void Items_the_consumer_keeps_are_not_changed_when_their_chunk_is_filled_again()
    {
        // Structs are copied out of the chunk: what the consumer holds stays what it was given.
        var kept = ReadAhead<(int Number, string Text)>.Run(Enumerable.Range(0, 1_000).Select(i => (i, $"item {i}")), "test producer", 4, 2, 1).ToArray();

        kept.Should().Equal(Enumerable.Range(0, 1_000).Select(i => (i, $"item {i}")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(16 * 40)]
    [InlineData((16 * 40) + 5)]
    public void A_producer_that_ends_on_or_off_a_chunk_boundary_hands_over_everything(int count)
    {
        ReadAhead<int>.Run(Enumerable.Range(0, count), "test producer").Should().Equal(Enumerable.Range(0, count));
    }

    [Theory]
    [InlineData(16 * 30)]
    [InlineData((16 * 30) + 9)]
    public void A_failure_after_the_chunks_went_round_comes_after_every_item_before_it(int failAt)
    {
        var received = new List<int>();

        var consume = () =>
        {
            foreach (var item in ReadAhead<int>.Run(FailingAfter(failAt), "test producer", 16, 2, 1))
            {
                received.Add(item);
            }
        };

        consume.Should().Throw<InvalidDataException>().WithMessage($"record {failAt} is corrupt");
        received.Should().Equal(Enumerable.Range(0, failAt));
    }

    [Fact]
    public async Task A_consumer_that_stops_after_the_chunks_went_round_stops_the_producer()
    {
        var produced = 0;

        var first = await Task.Run(() => ReadAhead<int>.Run(Counting(() => Interlocked.Increment(ref produced)), "test producer", 8, 2, 1).Take(5_000).ToList()).WaitAsync(Guard);

        first.Should().Equal(Enumerable.Range(0, 5_000));
        Volatile.Read(ref produced).Should().BeLessThan(1_000_000, "the producer stops a few chunks ahead instead of running to the end");
    }

    [Fact]
    public void Two_read_aheads_at_once_each_hand_over_their_own_items()
    {
        var results = new List<int>[2];
        Parallel.For(0, 2, n => results[n] = [.. ReadAhead<int>.Run(Enumerable.Range(n * 100_000, 50_000), $"test producer {n}", 8, 2, 1)]);

        results[0].Should().Equal(Enumerable.Range(0, 50_000));
        results[1].Should().Equal(Enumerable.Range(100_000, 50_000));
    }

    private static IEnumerable<Box> Pausing(IEnumerable<Box> items, int slowEvery)
    {
        var index = 0;
        foreach (var item in items)
        {
            if (slowEvery > 0 && index++ % (89 * slowEvery) == 0)
            {
                Thread.Sleep(1);
            }

            yield return item;
        }
    }

    private sealed record Box(int Value);

    private static IEnumerable<int> FailingAfter(int count)
    {
        for (var i = 0; ; i++)
        {
            if (i == count)
            {
                throw new InvalidDataException($"record {i} is corrupt");
            }

            yield return i;
        }
    }

    private static IEnumerable<int> Counting(Action onEach)
    {
        for (var i = 0; i < 1_000_000; i++)
        {
            onEach();
            yield return i;
        }
    }
}
