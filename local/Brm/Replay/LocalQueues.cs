using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Sqs;
using SqsMessage = BatchRuntimeMonitor.Local.StepFunctions.SqsMessage;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// The template's SQS queues in process. Messages wait until their queue's batch is full or its batching window
/// has passed on the virtual clock, then go to the consuming function as one SQS event, as the Lambda event source
/// mapping would send them. A message the function reports as failed is retried until the queue's
/// maxReceiveCount, then dead-lettered with the function's reason; messages sent to a queue no function drains
/// (the state machines' dead-letter queue) are dead letters straight away.
/// </summary>
public sealed class LocalQueues(IReadOnlyDictionary<string, string> queueUrlToLogicalId, IReadOnlyList<QueueConsumer> consumers, FunctionErrors errors, Action<DeadLetter> deadLetter) : ISqsQueues
{
    private readonly Dictionary<string, Pending> _pending = consumers.ToDictionary(c => c.QueueLogicalId, c => new Pending(c), StringComparer.Ordinal);

    public Dictionary<string, long> MessagesSent { get; } = new(StringComparer.Ordinal);

    public long Batches { get; private set; }

    public long Deliveries { get; private set; }

    public long SentBytes { get; private set; }

    /// <summary>Pipeline records whose container instance the state machine's join found, and those it gave up on.</summary>
    public long JoinsFound { get; private set; }

    public long JoinsNotFound { get; private set; }

    public bool QueueExists(string queueUrl) => queueUrlToLogicalId.ContainsKey(queueUrl);

    public void Send(SqsMessage message)
    {
        var logicalId = queueUrlToLogicalId[message.QueueUrl];
        MessagesSent[logicalId] = MessagesSent.GetValueOrDefault(logicalId) + 1;
        SentBytes += message.Body.Length;
        if (message.Body.Contains("\"found\":true", StringComparison.Ordinal))
        {
            JoinsFound++;
        }
        else if (message.Body.Contains("\"found\":false", StringComparison.Ordinal))
        {
            JoinsNotFound++;
        }
        if (_pending.TryGetValue(logicalId, out var pending))
        {
            pending.Messages.Enqueue(new Entry(message, 1));
            pending.FirstSentAt ??= message.SentAt;
            return;
        }

        deadLetter(new DeadLetter("state-machine", logicalId, ReasonOf(message.Body), EventIdOf(message.Body), message.Body));
    }

    /// <summary>The earliest time a partly filled batch becomes due, for the runner's clock.</summary>
    public DateTimeOffset? NextDue => _pending.Values.Where(p => p.Messages.Count > 0).Select(p => p.FirstSentAt + p.Consumer.BatchingWindow).Min();

    public bool HasPending => _pending.Values.Any(p => p.Messages.Count > 0);

    /// <summary>Delivers full batches, and partial ones whose window has passed by <paramref name="now"/> (or all, when flushing).</summary>
    public async Task DeliverAsync(DateTimeOffset now, bool flush, CancellationToken cancellationToken)
    {
        foreach (var pending in _pending.Values)
        {
            while (pending.Messages.Count >= pending.Consumer.BatchSize
                || (pending.Messages.Count > 0 && (flush || pending.FirstSentAt + pending.Consumer.BatchingWindow <= now)))
            {
                await DeliverBatchAsync(pending, now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DeliverBatchAsync(Pending pending, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var batch = new List<Entry>(pending.Consumer.BatchSize);
        while (batch.Count < pending.Consumer.BatchSize && pending.Messages.TryDequeue(out var entry))
        {
            batch.Add(entry);
        }

        pending.FirstSentAt = pending.Messages.Count > 0 ? now : null;
        var sqsEvent = new SqsEvent
        {
            Records = batch.Select(e => new Core.Sqs.SqsMessage { MessageId = e.Message.MessageId, Body = e.Message.Body, EventSourceArn = e.Message.QueueUrl }).ToList(),
        };
        Batches++;
        Deliveries += batch.Count;
        errors.Clear();
        var response = await pending.Consumer.Function.ProcessAsync(sqsEvent, cancellationToken).ConfigureAwait(false);
        foreach (var failure in response.BatchItemFailures)
        {
            var entry = batch.First(e => e.Message.MessageId == failure.ItemIdentifier);
            if (entry.ReceiveCount >= pending.Consumer.MaxReceiveCount)
            {
                deadLetter(new DeadLetter("function", pending.Consumer.FunctionLogicalId, errors.ReasonFor(entry.Message.MessageId), EventIdOf(entry.Message.Body), entry.Message.Body));
            }
            else
            {
                pending.Messages.Enqueue(entry with { ReceiveCount = entry.ReceiveCount + 1 });
                pending.FirstSentAt ??= now;
            }
        }
    }

    /// <summary>The state machines' dead-letter body: {"error", "cause", "stateMachine", "event"}.</summary>
    private static string ReasonOf(string body)
    {
        var letter = TryParse(body);
        return letter?["error"] is { } error ? $"{error}: {letter["cause"]}" : "sent to the dead-letter queue";
    }

    /// <summary>The envelope id of the event a body carries (both dead-letter bodies and pipeline records have "event").</summary>
    private static string? EventIdOf(string body) => TryParse(body)?["event"]?["id"]?.ToString();

    private static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class Pending(QueueConsumer consumer)
    {
        public QueueConsumer Consumer { get; } = consumer;

        public Queue<Entry> Messages { get; } = new();

        public DateTimeOffset? FirstSentAt { get; set; }
    }

    private sealed record Entry(SqsMessage Message, int ReceiveCount);


}
