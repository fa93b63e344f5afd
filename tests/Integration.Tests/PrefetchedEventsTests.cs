using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>The input read on a second thread reaches the replay whole, in order, with its malformed lines in place.</summary>
public sealed class PrefetchedEventsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-prefetch-").FullName;

    [Fact]
    public void More_events_than_one_hand_over_arrive_in_order_with_each_malformed_line_where_it_was()
    {
        var path = Path.Combine(_work, "events.jsonl");
        var lines = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            lines.Add(i % 300 == 7 ? "{not json" : $$$"""{"id":"e-{{{i}}}","time":"2026-11-20T00:00:{{{i % 60:00}}}Z","source":"aws.batch","detail-type":"Batch Job State Change","detail":{}}""");
        }

        File.WriteAllLines(path, lines);

        var items = PrefetchedEvents.Read([path]).ToList();

        items.Should().HaveCount(1000);
        items.Where(i => i.Malformed is not null).Select(i => i.Malformed!.Value.Line).Should().Equal(8, 308, 608, 908);
        items.Where(i => i.Malformed is null).Select(i => i.Event.Line).Should().BeInAscendingOrder();
    }

    [Fact]
    public void A_missing_input_fails_the_replay_on_the_callers_thread()
    {
        var act = () => PrefetchedEvents.Read([Path.Combine(_work, "nowhere.jsonl")]).ToList();
        act.Should().Throw<FileNotFoundException>().WithMessage("*nowhere.jsonl*");
    }

    [Fact]
    public void A_caller_that_stops_early_does_not_leave_the_reader_blocked()
    {
        var path = Path.Combine(_work, "many.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 20_000).Select(i => $$$"""{"id":"e-{{{i}}}","time":"2026-11-20T00:00:00Z","detail-type":"x","detail":{}}"""));

        PrefetchedEvents.Read([path]).Take(10).Should().HaveCount(10);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
