using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// An event read into pooled bytes (<see cref="PooledLine"/>) stays whole while anyone holds it, goes back to the pool
/// with its document when the last holder lets go, and from then on every way of reading it throws instead of reading
/// whatever the pool put there next. Read pooled or not, the reader hands on the same events and reports.
/// </summary>
public sealed class PooledLineTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-pooled-line-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void An_event_stays_readable_until_its_last_holder_releases_it_then_every_read_throws()
    {
        var pool = new CountingArrayPool();
        var line = "  " + BatchSamples().First() + " ";
        var input = ReadOne(line, pool);
        var pooled = input.Pooled!;
        var text = input.Utf8;
        var root = input.Parsed;
        var @event = input.Event;
        var nested = JsonObject.Create(root.GetProperty("detail"))!;

        pooled.Hold(); // an execution the event started
        pooled.Release(); // the replay is done with it; the execution is not

        pooled.IsReturned.Should().BeFalse();
        Encoding.UTF8.GetString(text.Span).Should().Be(line.Trim(), "the text is the line without the white space around it");
        root.GetProperty("detail-type").GetString().Should().Be(JsonNode.Parse(line)!["detail-type"]!.GetValue<string>());
        @event["source"]!.GetValue<string>().Should().Be("aws.batch");
        pool.Outstanding.Should().Be(1);

        pooled.Release(); // the execution finished

        pooled.IsReturned.Should().BeTrue();
        pool.Returned.Should().Be(1);
        pool.Outstanding.Should().Be(0);
        FluentActions.Invoking(() => text.Span.ToArray()).Should().Throw<ObjectDisposedException>("a kept copy of the text must not read the pool's next tenant");
        FluentActions.Invoking(() => input.Utf8.ToArray()).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => root.GetProperty("id")).Should().Throw<ObjectDisposedException>("the document went back with the bytes");
        FluentActions.Invoking(() => nested["jobId"]).Should().Throw<ObjectDisposedException>("a node over the document reads it on first access");
        FluentActions.Invoking(() => @event.ToJsonString()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Releasing_more_often_than_held_or_holding_a_returned_event_throws()
    {
        var pool = new CountingArrayPool();
        var pooled = ReadOne(BatchSamples().First(), pool).Pooled!;

        pooled.Release();

        FluentActions.Invoking(pooled.Release).Should().Throw<InvalidOperationException>().WithMessage("*released more often than it was held*");
        FluentActions.Invoking(pooled.Hold).Should().Throw<ObjectDisposedException>();
        pool.Returned.Should().Be(1, "returned once, not again by the extra release");
    }

    [Fact]
    public void Read_pooled_or_not_the_reader_gives_the_same_events_and_reports()
    {
        var samples = BatchSamples().Take(3).ToList();
        var record = JsonNode.Parse(SharedEvents.Read(SharedEvents.AllFiles()
            .Select(f => Path.GetRelativePath(RepositoryPaths.SharedEvents, f)).First(SharedEvents.IsRawCloudTrailRecord)))!.ToJsonString();
        string[] lines =
        [
            samples[0],
            "  " + samples[1] + " \t",
            "{ not json",
            samples[2] + "\r",
            "[" + samples[0] + "," + samples[1] + "]",
            record,
            "{\"hello\":\"world\"}",
            samples[1].Replace("\"version\":\"0\",", "\"x\":1,\"x\":2,", StringComparison.Ordinal),
            samples[2].Replace("\"time\":\"", "\"time\":5,\"was\":\"", StringComparison.Ordinal),
            samples[0],
        ];
        var file = Path.Combine(_work, "events.jsonl");
        File.WriteAllText(file, string.Join("\n", lines) + "\n");
        var pool = new CountingArrayPool();

        var (unpooled, unpooledReports) = Read(file, linePool: null);
        var (pooled, pooledReports) = Read(file, pool);

        pooled.Select(Describe).Should().Equal(unpooled.Select(Describe));
        pooledReports.Should().Equal(unpooledReports);
        unpooledReports.Should().HaveCount(3, "the line that is not JSON, the value that is not an event, the repeated name");
        unpooled.Should().OnlyContain(input => input.Pooled == null);
        pooled.Where(input => input.Pooled != null).Select(input => input.Line).Should().Equal(1, 2, 4, 9, 10);

        // Every line was rented: the event lines are out until released, the bad line's bytes went back at once, and
        // lines read by the general path (an array, a record, a value that is not an event, the repeated name) keep
        // theirs: their events, built over the document, are never released.
        pool.Rented.Should().Be(lines.Length);
        pool.Returned.Should().Be(1);
        foreach (var input in pooled.Where(input => input.Pooled != null))
        {
            input.Pooled!.Release();
        }

        pool.Returned.Should().Be(6);
        pool.Outstanding.Should().Be(4);
        pooled.Where(input => input.Pooled == null).Should().OnlyContain(input => input.Event.ToJsonString().Length > 0, "the general path's events stay readable");
    }

    private static string Describe(InputEvent input) =>
        $"{input.File}:{input.Line} {input.Time:O} {input.Size} [{Encoding.UTF8.GetString(input.Utf8.Span)}] {input.Event.ToJsonString()}";

    private InputEvent ReadOne(string line, ArrayPool<byte> pool)
    {
        var file = Path.Combine(_work, "one.jsonl");
        File.WriteAllText(file, line + "\n");
        var (events, reports) = Read(file, pool);
        reports.Should().BeEmpty();
        return events.Should().ContainSingle().Subject;
    }

    private static (List<InputEvent> Events, List<MalformedInput> Reports) Read(string path, ArrayPool<byte>? linePool)
    {
        var reports = new List<MalformedInput>();
        var events = new EventFileReader(reports.Add, linePool).Read([path]).ToList();
        return (events, reports);
    }

    /// <summary>The shared Batch samples as compact JSON Lines.</summary>
    private static IEnumerable<string> BatchSamples() =>
        SharedEvents.AllFiles()
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}batch-job{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.ToJsonString());
}
