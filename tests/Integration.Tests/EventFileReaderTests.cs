using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Tests.Support;

using static BatchRuntimeMonitor.Tests.Integration.EventFileReading;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// What the reader hands on for each input form: a JSON Lines event parsed from an array of its own (its exact
/// bytes, <see cref="InputEvent.Utf8"/>), the same event the general parse (JsonNode.Parse) gives, and every bad
/// line reported with its reason instead of thrown.
/// </summary>
public sealed class EventFileReaderTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-reader-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_JSON_Lines_event_keeps_its_exact_bytes_in_an_array_of_its_own()
    {
        var events = BatchSamples().Take(4).ToList();
        string[] lines =
        [
            events[0],
            "  " + events[1] + " \t",
            events[2] + "\r",
            events[3].Replace("\":", "\": ", StringComparison.Ordinal),
        ];
        var file = Write("events.jsonl", string.Join("\n", lines) + "\n");

        var (read, malformed) = Read(file);

        malformed.Should().BeEmpty();
        read.Should().HaveCount(4);
        for (var i = 0; i < read.Count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var input = read[i];
            Encoding.UTF8.GetString(input.Utf8.Span).Should().Be(line.Trim(' ', '\t'), "Utf8 is the event without the white space around it");
            input.Size.Should().Be(Encoding.UTF8.GetByteCount(line), "the size is the line's, as before");
            input.Line.Should().Be(i + 1);
            JsonMarshal.GetRawUtf8Value(input.Parsed).Overlaps(input.Utf8.Span).Should().BeTrue("the event is parsed from the very array Utf8 exposes");
            input.Event.ToJsonString().Should().Be(JsonNode.Parse(line)!.ToJsonString(), "the event is the one the general parse gives");
            input.Time.Should().Be(EventTime.ParseGeneral(JsonNode.Parse(line)!["time"]!.GetValue<string>()));
        }

        for (var i = 1; i < read.Count; i++)
        {
            read[i].Utf8.Span.Overlaps(read[i - 1].Utf8.Span).Should().BeFalse("each event owns its bytes: the reader's buffer is reused");
        }
    }

    [Fact]
    public void Events_from_arrays_log_files_and_wrapped_records_have_no_line_bytes()
    {
        var events = BatchSamples().Take(2).ToList();
        var record = SharedEvents.Read(SharedEvents.AllFiles().Select(f => Path.GetRelativePath(RepositoryPaths.SharedEvents, f)).First(SharedEvents.IsRawCloudTrailRecord));
        var compactRecord = JsonNode.Parse(record)!.ToJsonString();
        Write("a-array.json", $"[{events[0]},\n{events[1]}]");
        Write("b-log.json", $"{{\"Records\": [{record}]}}");
        Write("c-records.jsonl", compactRecord + "\n");

        var (read, malformed) = Read(_work);

        malformed.Should().BeEmpty();
        read.Should().HaveCount(4);
        read.Should().OnlyContain(input => input.Utf8.IsEmpty);
        read.Count(input => input.Parsed.ValueKind == JsonValueKind.Object).Should().Be(2, "events of an array are read where they were parsed");
        read.Where(input => input.Parsed.ValueKind == JsonValueKind.Object)
            .Should().OnlyContain(input => input.Size == Encoding.UTF8.GetByteCount(input.Event.ToJsonString()));
        read.Count(input => input.Event["detail-type"]!.GetValue<string>() == "AWS API Call via CloudTrail").Should().Be(2, "both records are wrapped");
    }

    [Fact]
    public void A_name_given_twice_at_the_top_level_is_reported_and_the_next_lines_are_read()
    {
        var valid = BatchSamples().First();
        string[] lines =
        [
            valid.Replace("\"version\":\"0\",", "\"version\":\"0\",\"version\":\"1\",", StringComparison.Ordinal),
            valid.Replace("\"version\":\"0\",", "\"x\":1,\"x\":2,", StringComparison.Ordinal),
            valid.Replace("\"version\":\"0\",", "\"ti\\u006de\":\"2026-11-20T00:00:00Z\",", StringComparison.Ordinal),
            "[" + valid.Replace("\"version\":\"0\",", "\"detail\":{},", StringComparison.Ordinal) + "]",
            "{\"Records\":[{\"eventSource\":\"ecs.amazonaws.com\",\"eventName\":\"RunTask\",\"eventName\":\"StopTask\"}]}",
            valid.Replace("\"jobName\":", "\"jobName\":\"first\",\"jobName\":", StringComparison.Ordinal),
            valid,
        ];
        var file = Write("events.jsonl", string.Join("\n", lines));

        var (read, malformed) = Read(file);

        malformed.Select(m => (m.Line, m.Reason)).Should().Equal(
            (1L, "the property \"version\" appears more than once in one object (JSON leaves its value undefined)"),
            (2L, "the property \"x\" appears more than once in one object (JSON leaves its value undefined)"),
            (3L, "the property \"time\" appears more than once in one object (JSON leaves its value undefined)"),
            (4L, "the property \"detail\" appears more than once in one object (JSON leaves its value undefined)"),
            (1L, "the property \"eventName\" appears more than once in one object (JSON leaves its value undefined)"));
        malformed[0].Text.Should().Be(JsonNode.Parse(lines[0].Replace("\"version\":\"1\",", "", StringComparison.Ordinal))!.ToJsonString()
            .Replace("\"version\":\"0\",", "\"version\":\"0\",\"version\":\"1\",", StringComparison.Ordinal), "the dead letter keeps the object");
        read.Select(input => input.Line).Should().Equal(6, 7);
        read[0].Parsed.GetProperty("detail").GetProperty("jobName").GetString().Should().NotBe("first", "below the top level a repeated name is not checked, and reads its last value");
    }

    [Fact]
    public void A_whole_document_with_a_name_given_twice_is_reported()
    {
        var file = Write("event.json", BatchSamples().First().Replace("\"id\":", "\"id\":\"x\",\"id\":", StringComparison.Ordinal));

        var (read, malformed) = Read(file);

        read.Should().BeEmpty();
        malformed.Should().ContainSingle().Which.Reason.Should().Contain("\"id\" appears more than once");
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1,")]
    [InlineData("{\"a\":1}}")]
    [InlineData("{\"detail-type\": broken")]
    [InlineData("\"unterminated")]
    public void A_line_that_is_not_JSON_is_reported_with_the_parsers_message(string line)
    {
        var expected = Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(line, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }));
        var file = Write("events.jsonl", $"{BatchSamples().First()}\n{line}\n");

        var (read, malformed) = Read(file);

        read.Should().ContainSingle();
        malformed.Should().ContainSingle().Which.Should().Be(new MalformedInput(file, 2, $"not JSON: {expected.Message}", line));
    }

    [Theory]
    [InlineData("{\"hello\":\"world\"}", "{\"hello\":\"world\"}")]
    [InlineData("{\"detail-type\":\"x\",\"detail\":null}", "{\"detail-type\":\"x\",\"detail\":null}")]
    [InlineData("5", "5")]
    [InlineData("null", null)]
    public void A_value_that_is_not_an_event_is_reported_with_its_text(string line, string? text)
    {
        var file = Write("events.jsonl", line + "\n");

        var (read, malformed) = Read(file);

        read.Should().BeEmpty();
        malformed.Should().ContainSingle().Which.Should().Be(new MalformedInput(file, 1,
            "not an EventBridge event (no detail-type/detail), a CloudTrail record or log file, CloudWatch Logs log events or SQS messages", text));
    }

    [Fact]
    public void The_members_the_rules_read_are_those_a_lookup_finds_in_every_event()
    {
        // The reader's one pass hands the rules "source", "detail-type" and "detail" (InputEvent.TopLevel); an escaped
        // name anywhere at the top level leaves the pass incomplete, and the rules then look the names up themselves.
        var samples = SharedEvents.AllFiles().Select(f => JsonNode.Parse(File.ReadAllText(f))!.ToJsonString()).ToList();
        var first = samples[0];
        string[] altered =
        [
            first.Replace("\"source\":", "\"\\u0073ource\":", StringComparison.Ordinal),
            first.Replace("\"version\":", "\"v\\u0065rsion\":", StringComparison.Ordinal),
            first.Replace("\"region\":", "\"extra\":null,\"region\":", StringComparison.Ordinal),
            first.Replace("\"source\":", "\"source\":null,\"was-source\":", StringComparison.Ordinal),
        ];
        var file = Write("events.jsonl", string.Join("\n", samples.Concat(altered)));

        var (read, malformed) = Read(file);

        malformed.Should().BeEmpty();
        read.Should().HaveCount(samples.Count + altered.Length);
        read.Count(input => input.TopLevel.IsComplete).Should().BeGreaterThan(samples.Count / 2);
        foreach (var input in read)
        {
            // A CloudTrail record is wrapped in code: nothing parsed, no pass (its rules work on it written out).
            var builtInCode = input.Parsed.ValueKind == JsonValueKind.Undefined;
            var escaped = input.Line == samples.Count + 1 || input.Line == samples.Count + 2;
            input.TopLevel.IsComplete.Should().Be(!escaped && !builtInCode, $"line {input.Line}");
            if (input.TopLevel.IsComplete)
            {
                foreach (var (name, value) in new[] { ("source", input.TopLevel.Source), ("detail-type", input.TopLevel.DetailType), ("detail", input.TopLevel.Detail) })
                {
                    var found = input.Parsed.TryGetProperty(name, out var looked);
                    (value.ValueKind != JsonValueKind.Undefined).Should().Be(found, $"line {input.Line} {name}");
                    (found ? value.GetRawText() : null).Should().Be(found ? looked.GetRawText() : null, $"line {input.Line} {name}");
                }
            }
        }
    }

    [Fact]
    public void A_time_that_is_not_a_string_is_no_time()
    {
        var file = Write("events.jsonl", BatchSamples().First().Replace("\"time\":\"", "\"time\":5,\"was\":\"", StringComparison.Ordinal) + "\n");

        Read(file).Events.Should().ContainSingle().Which.Time.Should().BeNull();
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllText(path, text);
        return path;
    }
}
