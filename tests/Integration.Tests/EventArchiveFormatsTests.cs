using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;

using static BatchRuntimeMonitor.Tests.Integration.EventFileReading;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// The forms an EventBridge event archive takes once downloaded from S3, as the reader sees them: Firehose objects
/// (records one after the other with no delimiter, no file extension, gzip or not), CloudWatch Logs exports
/// ("time message" lines in 000000.gz), CloudWatch Logs JSON (the CLI's output, subscription records), and the
/// files of a folder that hold no events, which are named rather than passed over.
/// </summary>
public sealed class EventArchiveFormatsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-archive-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_Firehose_object_of_events_with_no_delimiter_is_read_event_by_event_with_each_events_bytes()
    {
        var events = BatchSamples().Take(5).ToList();
        // Firehose's default object name has no extension, and its default prefix is the hour it delivered in.
        var file = WriteBytes("2026/12/06/10/batch-events-1-2026-12-06-10-00-00-6f1c2a3b", Gzip(string.Concat(events)));

        var (read, malformed) = Read(_work);

        malformed.Should().BeEmpty();
        read.Select(input => Encoding.UTF8.GetString(input.Utf8.Span)).Should().Equal(events, "each event keeps its own bytes, as a JSON Lines line does");
        read.Select(input => input.Size).Should().Equal(events.Select(Encoding.UTF8.GetByteCount), "each event's size is its own, not the object's");
        read.Should().OnlyContain(input => input.File == file);
        read.Select(input => input.Line).Should().Equal([1, 2, 3, 4, 5], "a Firehose object's events are numbered by record, as lines are");
        read.Select(input => input.Event.ToJsonString()).Should().Equal(events.Select(e => JsonNode.Parse(e)!.ToJsonString()));
    }

    [Fact]
    public void Values_one_after_the_other_are_read_also_with_white_space_between_them_and_from_a_pooled_reader()
    {
        var events = BatchSamples().Take(3).ToList();
        var file = Write("firehose-object", $"{events[0]} {events[1]}\t{events[2]}\n{events[0]}{events[1]}\n");
        var pool = new CountingArrayPool();

        var malformed = new List<MalformedInput>();
        var read = new EventFileReader(malformed.Add, pool).Read([file]).ToList();

        malformed.Should().BeEmpty();
        read.Select(input => (input.Line, Encoding.UTF8.GetString(input.Utf8.Span)))
            .Should().Equal((1L, events[0]), (2L, events[1]), (3L, events[2]), (4L, events[0]), (5L, events[1]));
        read.Should().OnlyContain(input => input.Pooled != null, "each value is rented as a line of its own would be");
        foreach (var input in read)
        {
            input.Pooled!.Release();
        }

        pool.Outstanding.Should().Be(0, "every value's bytes go back");
    }

    [Fact]
    public void A_record_that_breaks_a_Firehose_object_is_reported_where_it_starts_and_the_records_after_it_are_read()
    {
        var events = BatchSamples().Take(2).ToList();
        var broken = "{\"detail-type\": oops}";
        var file = Write("firehose-object", events[0] + events[1] + broken + events[0] + broken);

        var (read, malformed) = Read(file);

        read.Select(input => (input.Line, Encoding.UTF8.GetString(input.Utf8.Span))).Should().Equal((1L, events[0]), (2L, events[1]), (4L, events[0]));
        var offset = Encoding.UTF8.GetByteCount(events[0] + events[1]);
        malformed.Select(m => m.Line).Should().Equal(3, 5);
        malformed[0].Reason.Should().StartWith($"not JSON: record 3, at byte {offset + 1:N0}: ")
            .And.EndWith($"({Encoding.UTF8.GetByteCount(broken):N0} bytes skipped to the next record)");
        malformed[1].Reason.Should().EndWith($"(the {Encoding.UTF8.GetByteCount(broken):N0} bytes to the end are not read)");
    }

    [Fact]
    public void A_line_of_values_one_after_the_other_after_a_line_of_one_is_still_split()
    {
        // JSON Lines whose later line holds two events (a file put together by hand): that line alone is split.
        var events = BatchSamples().Take(3).ToList();
        var file = Write("events.jsonl", $"{events[0]}\n{events[1]}{events[2]}{{\"broken\": }}\n");

        var (read, malformed) = Read(file);

        read.Select(input => (input.Line, Encoding.UTF8.GetString(input.Utf8.Span))).Should().Equal((1L, events[0]), (2L, events[1]), (2L, events[2]));
        malformed.Should().ContainSingle().Which.Reason.Should().StartWith("not JSON: value 3 of the values written one after the other");
    }

    [Fact]
    public void A_Firehose_object_is_read_a_record_at_a_time_in_a_buffer_of_one_read_where_its_line_would_be_held_whole()
    {
        // Each object is one line of megabytes; the merge keeps a reader open per file, so a folder of objects read
        // as lines held every object at once.
        var events = BatchSamples().ToList();
        var records = Enumerable.Range(0, 3000).Select(i => events[i % events.Count].Replace("\"version\":\"0\"", $"\"version\":\"0\",\"n\":{i}", StringComparison.Ordinal)).ToList();
        var bytes = Encoding.UTF8.GetBytes(string.Concat(records));
        bytes.Length.Should().BeGreaterThan(4 * Utf8LineReader.ReadSize, "an object far larger than a read");

        using var byRecord = new Utf8LineReader(new MemoryStream(bytes));
        var read = new List<string>();
        while (byRecord.TryReadValue(out var value, out _) == ValueRead.Value)
        {
            read.Add(Encoding.UTF8.GetString(value.Span));
        }

        using var byLine = new Utf8LineReader(new MemoryStream(bytes));
        byLine.TryReadLine(out var line).Should().BeTrue();

        read.Should().Equal(records);
        byRecord.BufferSize.Should().BeLessThanOrEqualTo(Utf8LineReader.ReadSize * 2, "a record's bytes and one read");
        byLine.BufferSize.Should().BeGreaterThanOrEqualTo(bytes.Length, "the line is the whole object");
        line.Length.Should().Be(bytes.Length);
    }

    [Fact]
    public void A_json_file_of_values_one_after_the_other_is_read_with_the_line_each_value_starts_on()
    {
        // Firehose with FileExtension ".json" and a newline appended by a transformer: JSON Lines under a .json name.
        var events = BatchSamples().Take(3).ToList();
        var file = Write("batch-events-1.json", $"{events[0]}\n{events[1]}\n\n{events[2]}\n{{\"broken\": }}\n");

        var (read, malformed) = Read(file);

        read.Select(input => input.Line).Should().Equal(1, 2, 4);
        read.Select(input => input.Event.ToJsonString()).Should().Equal(events.Select(e => JsonNode.Parse(e)!.ToJsonString()));
        malformed.Should().ContainSingle().Which.Line.Should().Be(5);
    }

    [Theory]
    [InlineData("2026-12-06T10:00:00.000Z ")]
    [InlineData("2026-12-06T10:00:00Z\t")]
    [InlineData("2026-12-06T10:00:00.123+02:00 ")]
    public void A_CloudWatch_Logs_export_line_is_read_as_the_event_its_message_holds(string stamp)
    {
        var events = BatchSamples().Take(2).ToList();
        var file = WriteBytes("exportedlogfiles/4f1e-task/batch-events/000000.gz", Gzip(string.Join("\n", events.Select(e => stamp + e)) + "\n"));

        var (read, malformed) = Read(_work);

        malformed.Should().BeEmpty();
        read.Select(input => (input.File, input.Line, Encoding.UTF8.GetString(input.Utf8.Span))).Should().Equal((file, 1L, events[0]), (file, 2L, events[1]));
        read.Select(input => input.Size).Should().Equal(events.Select(Encoding.UTF8.GetByteCount), "the event is the message, without the time before it");
    }

    [Fact]
    public void A_line_that_starts_with_a_time_but_holds_no_JSON_is_reported_with_the_parsers_message()
    {
        var file = Write("events.jsonl", "2026-12-06T10:00:00.000Z START RequestId: 1\n2026-12-06 {\"a\":1}\n");

        var (read, malformed) = Read(file);

        read.Should().BeEmpty();
        malformed.Select(m => m.Line).Should().Equal(1, 2);
        malformed.Should().OnlyContain(m => m.Reason.StartsWith("not JSON: ", StringComparison.Ordinal));
        malformed[0].Text.Should().Be("START RequestId: 1", "the message after the time is what was read as JSON");
        malformed[1].Text.Should().Be("2026-12-06 {\"a\":1}", "a date alone is no export line's time");
    }

    [Fact]
    public void CloudWatch_Logs_JSON_from_the_CLI_and_from_a_subscription_is_read_message_by_message()
    {
        var events = BatchSamples().Take(4).ToList();
        // aws logs filter-log-events --output json
        Write("filter-log-events.json", new JsonObject
        {
            ["events"] = new JsonArray(
                LogEvent(events[0]),
                LogEvent("not json"),
                new JsonObject { ["timestamp"] = 1, ["ingestionTime"] = 2 },
                LogEvent(events[1])),
            ["searchedLogStreams"] = new JsonArray(),
        }.ToJsonString());
        // One log event a line (jq -c '.events[]').
        Write("log-events.jsonl", LogEvent(events[2]).ToJsonString() + "\n");
        // A Firehose object of subscription records: each record gzipped on its own, one after the other.
        var control = new JsonObject { ["messageType"] = "CONTROL_MESSAGE", ["logEvents"] = new JsonArray(LogEvent("CWL CONTROL MESSAGE: Checking health of destination Firehose.")) };
        var data = new JsonObject { ["messageType"] = "DATA_MESSAGE", ["logGroup"] = "/aws/events/batch", ["logEvents"] = new JsonArray(LogEvent(events[3])) };
        WriteBytes("subscription/logs-to-s3-1-2026-12-06-10-00-00-9a8b", [.. Gzip(control.ToJsonString()), .. Gzip(data.ToJsonString())]);

        var (read, malformed) = Read(_work);

        read.Select(input => (Path.GetFileName(input.File), input.Line, input.Event.ToJsonString())).Should().BeEquivalentTo(
        [
            ("filter-log-events.json", 1L, Compact(events[0])),
            ("filter-log-events.json", 4L, Compact(events[1])),
            ("log-events.jsonl", 1L, Compact(events[2])),
            ("logs-to-s3-1-2026-12-06-10-00-00-9a8b", 1L, Compact(events[3])),
        ]);
        malformed.Select(m => (m.Line, m.Reason.Split(':')[0])).Should().Equal(
            (2L, "a CloudWatch Logs log event whose message is not JSON"),
            (3L, "a CloudWatch Logs log event without a \"message\" string"));
        malformed[0].Text.Should().Be("not json");
    }

    [Fact]
    public void A_dead_letter_queues_messages_as_the_CLI_prints_them_are_read_body_by_body()
    {
        // aws sqs receive-message --queue-url <a rule target's DLQ> --max-number-of-messages 10 > dlq-messages.json
        var events = BatchSamples().Take(2).ToList();
        var file = Write("dlq-messages.json", new JsonObject
        {
            ["Messages"] = new JsonArray(
                SqsMessage(events[0]),
                SqsMessage("{ cut"),
                new JsonObject { ["MessageId"] = "3" },
                SqsMessage(events[1])),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var (read, malformed) = Read(file);

        read.Select(input => (input.Line, input.Event.ToJsonString())).Should().Equal((1L, Compact(events[0])), (4L, Compact(events[1])));
        malformed.Select(m => (m.Line, m.Reason.Split(':')[0])).Should().Equal(
            (2L, "an SQS message whose Body is not JSON"),
            (3L, "an SQS message without a \"Body\" string"));
    }

    [Fact]
    public void A_message_or_body_that_is_not_UTF8_is_reported_and_the_rest_are_read()
    {
        // A JSON Lines event's bytes are read as they are; a string inside JSON must be decoded first.
        var events = BatchSamples().Take(2).ToList();
        var escaped = JsonSerializer.Serialize(events[1]);
        byte[] subscription = [.. Encoding.UTF8.GetBytes("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":\"{\\\"a\\\":\\\""), 0xFF, .. Encoding.UTF8.GetBytes("\\\"}\"},{\"id\":\"2\",\"timestamp\":2,\"message\":" + JsonSerializer.Serialize(events[0]) + "}]}\n")];
        byte[] sqs = [.. Encoding.UTF8.GetBytes("{\"Messages\":[{\"Body\":\""), 0xC3, .. Encoding.UTF8.GetBytes("\"},{\"Body\":" + escaped + "}]}\n")];
        WriteBytes("a-subscription.jsonl", subscription);
        WriteBytes("b-sqs.jsonl", sqs);

        var (read, malformed) = Read(_work);

        read.Select(input => input.Event.ToJsonString()).Should().BeEquivalentTo([Compact(events[0]), Compact(events[1])]);
        malformed.Select(m => (Path.GetFileName(m.File), m.Line, m.Reason.Split(':')[0])).Should().BeEquivalentTo(
        [
            ("a-subscription.jsonl", 1L, "a CloudWatch Logs log event whose message is not UTF-8 text"),
            ("b-sqs.jsonl", 1L, "an SQS message whose Body is not UTF-8 text"),
        ]);
    }

    [Fact]
    public void The_stacks_own_pipeline_dead_letters_give_back_the_events_they_keep()
    {
        // aws sqs receive-message --queue-url <PipelineDeadLetterQueueUrl> ...: what job-states.asl.json sends there.
        var events = BatchSamples().Take(2).ToList();
        var letters = events.Select(e => new JsonObject
        {
            ["error"] = "States.Timeout",
            ["cause"] = "SQS SendMessage timed out",
            ["stateMachine"] = "JobStatesStateMachine-a1b2",
            ["event"] = JsonNode.Parse(e),
        }.ToJsonString()).ToList();
        var file = Write("pipeline-dlq.json", new JsonObject { ["Messages"] = new JsonArray([.. letters.Select(l => (JsonNode)SqsMessage(l))]) }.ToJsonString());

        var (read, malformed) = Read(file);

        malformed.Should().BeEmpty();
        read.Select(input => (input.Line, input.Event.ToJsonString())).Should().Equal((1L, Compact(events[0])), (2L, Compact(events[1])));
    }

    [Fact]
    public void A_pretty_printed_document_is_read_whole_whatever_its_name()
    {
        // `aws logs filter-log-events ... > saved` (indented JSON, no extension), read from a folder or named.
        var events = BatchSamples().Take(2).ToList();
        var indented = new JsonObject { ["events"] = new JsonArray([.. events.Select(e => (JsonNode)LogEvent(e))]) }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        indented.Split('\n')[0].Should().Be("{");
        var file = Write("saved-cli-output", indented);

        foreach (var path in new[] { _work, file })
        {
            var (read, malformed) = Read(path);

            malformed.Should().BeEmpty();
            read.Select(input => input.Event.ToJsonString()).Should().Equal(events.Select(Compact));
        }
    }

    [Fact]
    public void A_folders_files_that_hold_no_events_are_named_and_its_event_files_are_read_by_name_or_by_content()
    {
        var events = BatchSamples().Take(4).ToList();
        Write("README.md", "# Batch events from 2026-12-06\n");
        WriteBytes("notes.bin", [0x00, 0x01, 0x02]);
        Write("empty", "");
        Write("export-task-info", "2026-12-06 is the day\n");
        Write("named.jsonl", events[0] + "\n");
        Write("plain-text-named.jsonl.gz", events[1] + "\n");   // decompressed on download, still named .gz
        WriteBytes("gzip-without-a-name", Gzip(events[2] + "\n"));
        Write("array-without-a-name", $"[{events[3]}]");
        Write("ground-truth.json", "{}");

        var (read, malformed) = Read(_work);

        read.Select(input => Path.GetFileName(input.File)).Should().BeEquivalentTo("named.jsonl", "plain-text-named.jsonl.gz", "gzip-without-a-name", "array-without-a-name");
        malformed.Should().OnlyContain(m => m.IsFileNotRead);
        malformed.Select(m => (Path.GetFileName(m.File), m.Reason)).Should().BeEquivalentTo(
        [
            ("README.md", "not an event file: it starts with '#', not with JSON or a CloudWatch Logs export line"),
            ("notes.bin", "not an event file: it starts with byte 0x00, not with JSON or a CloudWatch Logs export line"),
            ("empty", "not an event file: it is empty"),
            ("export-task-info", "not an event file: it starts with '2', not with JSON or a CloudWatch Logs export line"),
        ]);
    }

    [Fact]
    public void A_gzip_file_cut_short_gives_the_events_before_the_cut_and_says_it_is_cut_and_the_next_files_are_read()
    {
        var events = Enumerable.Range(0, 400).Select(i => BatchSamples().First().Replace("\"version\":\"0\"", $"\"version\":\"0\",\"n\":{i}", StringComparison.Ordinal)).ToList();
        var whole = Gzip(string.Join("\n", events) + "\n");
        WriteBytes("a-cut.jsonl.gz", whole[..(whole.Length * 2 / 3)]);   // an interrupted download
        WriteBytes("b-whole.jsonl.gz", whole);

        var (read, malformed) = Read(_work);

        var cut = read.Where(input => input.File.EndsWith("a-cut.jsonl.gz", StringComparison.Ordinal)).ToList();
        cut.Should().NotBeEmpty().And.HaveCountLessThan(events.Count);
        cut.Select(input => input.Event.ToJsonString()).Should().Equal(events.Take(cut.Count).Select(Compact), "the events before the cut are read as they are");
        read.Count(input => input.File.EndsWith("b-whole.jsonl.gz", StringComparison.Ordinal)).Should().Be(events.Count);
        var report = malformed.Should().ContainSingle(m => m.Reason.StartsWith("the file cannot be read", StringComparison.Ordinal)).Subject;
        report.File.Should().EndWith("a-cut.jsonl.gz");
        report.Reason.Should().Contain("the gzip data ends early").And.Contain("truncated");
        malformed.Where(m => m != report).Should().OnlyContain(m => m.Line == report.Line && m.Reason.StartsWith("not JSON", StringComparison.Ordinal), "at most the line the cut went through");
    }

    [Fact]
    public void A_corrupt_or_empty_gzip_file_is_reported_once_and_ends_no_replay()
    {
        var events = BatchSamples().Take(2).ToList();
        var whole = Gzip(string.Join("\n", events));
        var corrupt = whole.ToArray();
        corrupt[10] ^= 0xFF;   // the first byte of the compressed data
        WriteBytes("corrupt", corrupt);
        WriteBytes("magic-only.gz", [0x1F, 0x8B]);
        WriteBytes("events.jsonl", Encoding.UTF8.GetBytes(events[0] + "\n"));

        var (read, malformed) = Read(_work);

        read.Should().ContainSingle().Which.File.Should().EndWith("events.jsonl");
        malformed.Select(m => Path.GetFileName(m.File)).Should().BeEquivalentTo("corrupt", "magic-only.gz");
        malformed.Should().OnlyContain(m => !m.IsFileNotRead && m.Reason.StartsWith("the file cannot be read after its first 0 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folders_file_that_cannot_be_opened_is_reported_and_the_others_are_read()
    {
        var events = BatchSamples().Take(1).ToList();
        Write("events.jsonl", events[0] + "\n");
        var dangling = Path.Combine(_work, "gone.jsonl");
        File.CreateSymbolicLink(dangling, Path.Combine(_work, "no-such-target.jsonl"));

        var (read, malformed) = Read(_work);

        read.Should().ContainSingle().Which.File.Should().EndWith("events.jsonl");
        var report = malformed.Should().ContainSingle().Subject;
        report.File.Should().Be(dangling);
        report.IsFileNotRead.Should().BeFalse("its events, if it had any, are lost: counted as rejected input");
        report.Reason.Should().StartWith("the file cannot be opened: ");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(65536)]
    public void Gzip_members_one_after_the_other_are_read_whole_even_read_a_few_bytes_at_a_time(int bytesPerRead)
    {
        var events = BatchSamples().Take(3).ToList();
        byte[] members = [.. Gzip(events[0]), .. Gzip(events[1] + events[2])];

        using var stream = new CheckedGzipStream(new TrickleStream(members, bytesPerRead));
        var text = new StreamReader(stream).ReadToEnd();

        text.Should().Be(string.Concat(events), "the trailer check takes several members for what they are");
    }

    [Fact]
    public void A_file_named_on_the_command_line_is_read_whatever_its_name_and_its_bad_lines_are_reported_one_by_one()
    {
        var file = Write("README.md", "# not events\n" + BatchSamples().First() + "\n");

        var (read, malformed) = Read(file);

        read.Should().ContainSingle();
        malformed.Should().ContainSingle().Which.Should().Match<MalformedInput>(m => m.Line == 1 && !m.IsFileNotRead);
    }

    private static JsonObject SqsMessage(string body) => new()
    {
        ["MessageId"] = Guid.NewGuid().ToString(),
        ["ReceiptHandle"] = "AQEB",
        ["MD5OfBody"] = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(body))),
        ["Body"] = body,
    };

    private static JsonObject LogEvent(string message) => new()
    {
        ["logStreamName"] = "batch-events",
        ["timestamp"] = 1796551200000,
        ["message"] = message,
        ["ingestionTime"] = 1796551200100,
        ["eventId"] = "38312945810295038491",
    };

    private static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString();

    private string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_work, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A stream that hands out at most a few bytes a read, as a pipe may, so that gzip's magic spans two reads.</summary>
    private sealed class TrickleStream(byte[] bytes, int most) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, most)]);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, most));
    }
}
