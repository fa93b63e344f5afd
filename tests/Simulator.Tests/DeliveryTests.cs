namespace BatchRuntimeMonitor.Tests.Simulator;

public sealed class DeliveryTests(DayFixture fixture) : IClassFixture<DayFixture>
{
    private SimulatedDay Day => fixture.Day;

    [Fact]
    public void Some_events_are_delivered_twice_with_the_same_envelope_id()
    {
        var repeated = Day.AllEvents().GroupBy(e => e.GetProperty("id").GetString()).Count(g => g.Count() > 1);

        repeated.Should().BeGreaterThan(0);
        repeated.Should().Be((int)Day.Summary.DuplicatesDelivered);
        Day.Summary.LinesWritten.Should().Be(Day.Summary.EventsGenerated + Day.Summary.DuplicatesDelivered);
    }

    [Theory]
    [InlineData("batch.jsonl")]
    [InlineData("ecs.jsonl")]
    [InlineData("cloudtrail.jsonl")]
    public void Each_file_is_out_of_order_but_only_within_the_delivery_window(string file)
    {
        var times = Day.Lines(file).Select(e => e.GetProperty("time").GetDateTimeOffset()).ToList();
        var latest = DateTimeOffset.MinValue;
        var inversions = 0;
        // A line can be late by its own delay plus, for a duplicate, a second delay.
        var window = TimeSpan.FromSeconds(2 * Day.Options.MaxDeliveryDelaySeconds + 2);
        foreach (var time in times)
        {
            if (time < latest)
            {
                inversions++;
                (latest - time).Should().BeLessThanOrEqualTo(window);
            }

            latest = time > latest ? time : latest;
        }

        inversions.Should().BeGreaterThan(0, "delivery delays reorder events");
    }

    [Fact]
    public void Without_delay_or_duplicates_each_file_is_in_time_order_and_ids_are_unique()
    {
        using var day = new SimulatedDay(jobs: 200, duplicateFraction: 0, maxDelaySeconds: 0);

        foreach (var file in new[] { "batch.jsonl", "ecs.jsonl", "cloudtrail.jsonl" })
        {
            day.Lines(file).Select(e => e.GetProperty("time").GetDateTimeOffset()).Should().BeInAscendingOrder();
        }

        day.AllEvents().Select(e => e.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems();
    }
}
