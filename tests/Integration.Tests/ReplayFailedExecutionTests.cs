using System.Buffers;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// An execution that fails is the last holder of its event: its dead letter must keep the event (id and text), the
/// state machine and where the event was read, so that the operator can find it and replay it. It used to say only
/// "execution" and the reason.
/// </summary>
public sealed class ReplayFailedExecutionTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("brm-failed-execution-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    public static TheoryData<bool> Pooling => new() { true, false };

    [Theory]
    [MemberData(nameof(Pooling))]
    public async Task A_failed_execution_dead_letters_its_event_with_where_it_was_read(bool pooled)
    {
        // A string no interpreter step can read as text (an escaped lone surrogate) fails the execution outright,
        // without the definition's Catch: the case where nothing but this letter keeps the event.
        var good = JobEvent("job-good", "good-event");
        var bad = JobEvent("job-bad", "bad-event").Replace("\"jobName\":", "\"note\":\"\\ud800\",\"jobName\":", StringComparison.Ordinal);
        var input = Path.Combine(_work, "events.jsonl");
        File.WriteAllLines(input, [good, bad]);

        var (summary, letters) = await ReplayAsync(input, pooled ? ArrayPool<byte>.Shared : null);

        summary.ExecutionsFailed.Should().Be(1);
        summary.DeadLetterMessages.Should().Be(0, "no queue received the event: the deployed stack would bill no dead-letter message");
        summary.Jobs.Should().Be(1, "the other event is replayed as usual");
        var letter = letters.Should().ContainSingle().Subject;
        letter["Stage"]!.GetValue<string>().Should().Be("state-machine");
        letter["Where"]!.GetValue<string>().Should().Be("JobStatesStateMachine execution (" + input + ":2)");
        letter["EventId"]!.GetValue<string>().Should().Be("bad-event");
        letter["Body"]!.GetValue<string>().Should().Be(bad, "the event's own line, to replay once fixed");
        letter["Reason"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task An_event_the_definition_dead_letters_is_kept_by_both_letters()
    {
        // A container instance ARN that is not a string fails the DynamoDB look-up: the definition's Catch sends the
        // event to its dead-letter queue, then ends in a Fail state.
        var @event = JsonNode.Parse(JobEvent("job-odd-arn", "odd-arn-event"))!.AsObject();
        @event["detail"]!["container"]!["containerInstanceArn"] = 5;
        var line = @event.ToJsonString();
        var input = Path.Combine(_work, "events.jsonl");
        File.WriteAllLines(input, [line]);

        var (summary, letters) = await ReplayAsync(input, ArrayPool<byte>.Shared);

        summary.ExecutionsFailed.Should().Be(1);
        letters.Should().HaveCount(2);
        summary.DeadLetterMessages.Should().Be(1, "one of the two letters is a message on the dead-letter queue");
        letters.Select(l => l["EventId"]!.GetValue<string>()).Should().AllBe("odd-arn-event");
        letters.Should().ContainSingle(l => l["Where"]!.GetValue<string>() == "PipelineDeadLetterQueue")
            .Which["Reason"]!.GetValue<string>().Should().Contain("DynamoDB");
        var execution = letters.Should().ContainSingle(l => l["Where"]!.GetValue<string>().StartsWith("JobStatesStateMachine execution (", StringComparison.Ordinal)).Subject;
        execution["Reason"]!.GetValue<string>().Should().StartWith("PipelineRecordNotSent");
        execution["Body"]!.GetValue<string>().Should().Be(line);
    }

    private async Task<(ReplaySummary Summary, List<JsonNode> Letters)> ReplayAsync(string input, ArrayPool<byte>? pool)
    {
        var output = Path.Combine(_work, "out");
        var summary = await new ReplayRunner(new ReplayOptions
        {
            TemplatePath = RepositoryPaths.InRepo("template.yaml"),
            OutputDirectory = output,
            InputPool = pool,
        }).RunAsync([input], null, TextWriter.Null, CancellationToken.None);
        var letters = File.ReadAllLines(Path.Combine(output, "dlq.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        summary.DeadLetters.Should().Be(letters.Count);
        return (summary, letters);
    }

    /// <summary>A real FAILED job event (it names its container instance) as one compact line, with its own ids.</summary>
    private static string JobEvent(string jobId, string eventId)
    {
        var @event = JsonNode.Parse(SharedEvents.Read("batch-job/calcloud-failed-oom-reason.json"))!.AsObject();
        @event["id"] = eventId;
        @event["detail"]!["jobId"] = jobId;
        return @event.ToJsonString();
    }
}
