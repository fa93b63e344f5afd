using System.Text;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// InputEvent.Utf8 is the exact text of an event that was one JSON Lines line, without the white space around it
/// (the state machines copy it into message bodies when it is in the writer's form), and empty for every event that
/// was not a line of its own.
/// </summary>
public sealed class InputEventTextTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-input-text-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void An_event_read_from_a_json_lines_line_keeps_the_line_and_no_other_event_has_text()
    {
        var samples = SharedEvents.AllFiles().Select(f => JsonNode.Parse(File.ReadAllText(f))!).Where(n => n["detail-type"] is not null).Take(6).ToList();
        samples.Should().HaveCount(6);
        var lines = new[]
        {
            samples[0].ToJsonString(),
            "  " + samples[1].ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = false }) + " ",
            samples[2].ToJsonString() + "\r",
            samples[3].ToJsonString(),
        };
        File.WriteAllText(Path.Combine(_work, "a.jsonl"), string.Join("\n", lines) + "\n");
        File.WriteAllText(Path.Combine(_work, "b.json"), new JsonArray(samples[4].DeepClone(), samples[5].DeepClone()).ToJsonString());
        File.WriteAllText(Path.Combine(_work, "c.jsonl"), """{"eventSource":"batch.amazonaws.com","eventName":"SubmitJob","eventTime":"2026-01-01T00:00:00Z"}""" + "\n");

        var events = new EventFileReader(malformed => throw new InvalidOperationException(malformed.Reason)).Read([_work]).ToList();

        // Read whole before looking: a text sharing the reader's buffer would have been overwritten by later lines.
        var fromLines = events.Where(e => e.File.EndsWith("a.jsonl", StringComparison.Ordinal)).OrderBy(e => e.Line).ToList();
        fromLines.Should().HaveCount(4);
        for (var i = 0; i < fromLines.Count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            Encoding.UTF8.GetString(fromLines[i].Utf8.Span).Should().Be(line.Trim(' '), "the event's text as read: the line without its break and the white space around the JSON");
            fromLines[i].Size.Should().Be(Encoding.UTF8.GetByteCount(line), "the line's own length is the event's size");
        }

        events.Where(e => !e.File.EndsWith("a.jsonl", StringComparison.Ordinal)).Should().HaveCount(3)
            .And.OnlyContain(e => e.Utf8.IsEmpty, "events from an array or a wrapped CloudTrail record are not the line they came from");
    }
}
