using BatchRuntimeMonitor.Local.Brm.Commands;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.EventBridge.Routing;
using BatchRuntimeMonitor.Local.EventBridge.Templates;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// The replay reads, parses and routes its input on its own thread or on a second one: either way the items must be
/// the events, their rules and the malformed lines that reading the files gives, in the same order, and reading must
/// stop and fail cleanly.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RoutedInputTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    private readonly string _work = Directory.CreateTempSubdirectory("brm-routed-input-").FullName;
    private readonly TemplateRouting _routing = Routing(CloudFormationTemplate.Load(Path.Combine(RepositoryPaths.Root, "template.yaml")));

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_items_are_the_events_routes_and_malformed_lines_the_files_hold_in_the_same_order(bool onOwnThread)
    {
        var events = SimulatedDayWithBadLines();
        var expected = new List<string>();
        var reader = new EventFileReader(malformed => expected.Add($"malformed {malformed.File}:{malformed.Line} {malformed.Reason}"));
        foreach (var input in reader.Read([events]))
        {
            expected.Add(Describe(input, _routing.RoutesFor(input.Event)));
        }

        var handed = Read([events], onOwnThread)
            .Select(item => item.Malformed is { } malformed
                ? $"malformed {malformed.File}:{malformed.Line} {malformed.Reason}"
                : Describe(item.Event, item.Routes!))
            .ToList();

        expected.Should().HaveCountGreaterThan(1_000, "the day must span many of the reader thread's hand-over chunks");
        expected.Count(line => line.StartsWith("malformed", StringComparison.Ordinal)).Should().Be(2);
        handed.Should().Equal(expected);
    }

    [Fact]
    public void The_routes_handed_over_are_those_trying_every_rule_gives_for_a_simulated_day_and_its_events_moved_between_kinds()
    {
        // The reader's pass finds "source", "detail-type" and "detail" and the index picks the rules to try by the first
        // two: over a simulated day, and its events relabelled with every source and type the rules list, that must
        // never leave out a rule that matches.
        var events = Path.Combine(_work, "events");
        SimulateCommand.Run(100, 5, "2026-11-20T00:00:00Z", events);
        var sources = new[] { "aws.batch", "aws.ecs", "aws.autoscaling", "other" };
        var types = new[] { "Batch Job State Change", "Batch Job Queue Blocked", "ECS Task State Change", "ECS Container Instance State Change", "AWS API Call via CloudTrail", "Other" };
        var relabelled = new List<string>();
        var n = 0;
        foreach (var line in Directory.GetFiles(events, "*.jsonl").SelectMany(File.ReadLines))
        {
            if (n++ % 5 == 0)
            {
                var @event = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
                @event["source"] = sources[n % sources.Length];
                @event["detail-type"] = types[n / sources.Length % types.Length];
                relabelled.Add(@event.ToJsonString());
            }
        }

        File.WriteAllLines(Path.Combine(events, "relabelled.jsonl"), relabelled);

        var items = RoutedInput.Read([events], _routing).ToList();

        items.Should().HaveCountGreaterThan(1_000);
        items.Should().OnlyContain(item => item.Malformed == null);
        foreach (var item in items)
        {
            item.Routes!.Select(route => route.RuleLogicalId).Should().Equal(
                _routing.Routes.Where(route => route.Matches(item.Event.Parsed)).Select(route => route.RuleLogicalId),
                $"{item.Event.File}:{item.Event.Line}");
        }

        items.Select(item => item.Routes!.Count).Should().Contain(count => count > 0, "the day's events reach the rules");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_replay_that_stops_reading_early_gets_the_first_items_and_releases_the_reader(bool onOwnThread)
    {
        var events = SimulatedDayWithBadLines();

        var firstThree = await Task.Run(() => Read([events], onOwnThread).Take(3).ToList()).WaitAsync(Guard);

        firstThree.Should().HaveCount(3, "disposing the enumeration early stops the reader instead of waiting for room");
        firstThree.Should().OnlyContain(item => item.Malformed == null && item.Event.Line > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_failure_to_read_reaches_the_replay_as_it_was(bool onOwnThread)
    {
        var missing = Path.Combine(_work, "no-such-folder");

        var read = () => Read([missing], onOwnThread).ToList();

        read.Should().Throw<FileNotFoundException>().WithMessage($"*{missing}*");
    }

    private static TemplateRouting Routing(CloudFormationTemplate template) => TemplateRouting.From(template, LocalResourceNames.For(template));

    private IEnumerable<InputItem> Read(IEnumerable<string> paths, bool onOwnThread) =>
        onOwnThread ? RoutedInput.ReadOnOwnThread(paths, _routing) : RoutedInput.Read(paths, _routing);

    private static string Describe(InputEvent input, IEnumerable<EventRoute> routes) =>
        $"{input.File}:{input.Line} {input.Time:O} {input.Size} {input.Event["id"]} -> {string.Join(",", routes.Select(r => r.RuleLogicalId))}";

    /// <summary>A simulated day of 150 jobs (well over a thousand events) with a line that is not JSON and one that is not an event.</summary>
    private string SimulatedDayWithBadLines()
    {
        var events = Path.Combine(_work, "events");
        SimulateCommand.Run(150, 11, "2026-11-20T00:00:00Z", events);
        var batch = Directory.GetFiles(events, "*.jsonl").Order(StringComparer.Ordinal).First();
        var lines = File.ReadAllLines(batch).ToList();
        lines.Insert(40, "{ not json");
        lines.Insert(400, "{\"hello\": \"world\"}");
        File.WriteAllLines(batch, lines);
        return events;
    }
}
