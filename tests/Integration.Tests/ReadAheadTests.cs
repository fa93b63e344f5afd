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
