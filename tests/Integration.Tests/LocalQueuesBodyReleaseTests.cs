using System.Text;
using BatchRuntimeMonitor.Core.Lambda;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Local.Brm.Replay;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// The queues give a pooled message body back once nothing can read it: a consumed message's once its function has
/// run, a dead letter's once its text is written. A message the function failed keeps its body for its next receive,
/// which must read the very text that was sent; on either thread.
/// </summary>
public sealed class LocalQueuesBodyReleaseTests
{
    private const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/JobEventsQueue";
    private const string DeadLetterQueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/StateMachineDlq";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Consumed_bodies_go_back_after_their_batch_and_a_failed_one_is_read_intact_until_it_is_dead_lettered(bool functionsThread)
    {
        var processor = new RejectingProcessor();
        var letters = new List<DeadLetter>();
        using var queues = Queues(processor, letters, functionsThread);
        var good = Send(queues, "m-good", Body("good"));
        var bad = Send(queues, "m-bad", Body("bad"));

        await queues.DeliverAsync(Start, flush: false, CancellationToken.None);
        queues.WaitForFunctions();

        Released(good).Should().BeTrue("the function has run, and nothing reads a consumed message again");
        Released(bad).Should().BeFalse("a failed message comes back for another receive");

        await queues.DeliverAsync(Start.AddMinutes(10), flush: true, CancellationToken.None);

        processor.Read.Should().Equal(Body("good"), Body("bad"), Body("bad"));
        letters.Should().ContainSingle().Which.Body.Should().Be(Body("bad"), "the dead letter keeps the text it was sent with");
        letters[0].Reason.Should().Contain("m-bad").And.Contain("rejected");
        Released(bad).Should().BeTrue("once dead-lettered, nothing reads it any more");
    }

    [Fact]
    public void A_message_sent_to_a_queue_no_function_drains_is_dead_lettered_with_its_text_then_released()
    {
        var letters = new List<DeadLetter>();
        using var queues = Queues(new RejectingProcessor(), letters, functionsThread: false);
        var body = """{"error":"States.TaskFailed","cause":"boom","event":{"id":"e-9"}}""";

        var sent = Send(queues, "m-dlq", body, DeadLetterQueueUrl);

        letters.Should().ContainSingle().Which.Should().Be(new DeadLetter("state-machine", "StateMachineDlq", "States.TaskFailed: boom", "e-9", body));
        Released(sent).Should().BeTrue();
    }

    [Fact]
    public async Task A_body_that_is_not_pooled_is_delivered_and_left_alone()
    {
        var processor = new RejectingProcessor();
        using var queues = Queues(processor, [], functionsThread: false);
        var bytes = Encoding.UTF8.GetBytes(Body("plain"));
        queues.Send(new SqsMessage(QueueUrl, "m-plain", bytes, "", null, 0, null, null, Start));

        await queues.DeliverAsync(Start, flush: true, CancellationToken.None);

        processor.Read.Should().Equal(Body("plain"));
        Encoding.UTF8.GetString(bytes).Should().Be(Body("plain"));
    }

    private static string Body(string id) => "{\"schema\":1,\"kind\":\"" + RecordKind.JobStateChange + "\",\"event\":{\"id\":\"" + id + "\"}}";

    private static ReadOnlyMemory<byte> Send(LocalQueues queues, string messageId, string body, string queueUrl = QueueUrl)
    {
        var utf8 = PooledMessageBody.Copy(Encoding.UTF8.GetBytes(body));
        queues.Send(new SqsMessage(queueUrl, messageId, utf8, "", null, 0, null, null, Start));
        return utf8;
    }

    private static bool Released(ReadOnlyMemory<byte> body)
    {
        PooledMessageBody.TryGet(body, out var pooled).Should().BeTrue();
        return pooled.IsReleased;
    }

    private static LocalQueues Queues(RejectingProcessor processor, List<DeadLetter> letters, bool functionsThread)
    {
        var errors = new FunctionErrors();
        var consumer = new QueueConsumer("JobEventsQueue", "JobTransitionsFunction", "handler", new SqsFunctionHandler(processor, errors),
            BatchSize: 2, BatchingWindow: TimeSpan.FromSeconds(5), MaxReceiveCount: 2, VisibilityTimeout: TimeSpan.FromMinutes(3));
        var urls = new Dictionary<string, string> { [QueueUrl] = "JobEventsQueue", [DeadLetterQueueUrl] = "StateMachineDlq" };
        return new LocalQueues(urls, [consumer], errors, letters.Add, new FunctionsClock(), functionsThread);
    }

    /// <summary>Reads each body whole (as a function does) and rejects the ones whose event id is "bad".</summary>
    private sealed class RejectingProcessor : IRecordProcessor
    {
        private readonly List<string> _read = [];

        public IReadOnlyList<string> Read
        {
            get
            {
                lock (_read)
                {
                    return [.. _read];
                }
            }
        }

        public ValueTask ProcessAsync(PipelineMessage message, CancellationToken cancellationToken)
        {
            var text = Encoding.UTF8.GetString(message.Utf8Body.Span);
            lock (_read)
            {
                _read.Add(text);
            }

            return text.Contains("\"bad\"", StringComparison.Ordinal) ? throw new RecordRejectedException("event bad is rejected") : ValueTask.CompletedTask;
        }
    }
}
