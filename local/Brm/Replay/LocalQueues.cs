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
/// <remarks>
/// A batch's outcome is collected once the queue's visibility timeout has passed since its delivery on the virtual
/// clock (when failed messages become visible again in SQS), or when the queues are flushed; its failed messages then
/// rejoin the queue. Each such point is decided on the pipeline's thread, so a replay is the same whether the
/// batches ran there or on a <see cref="FunctionsThread"/> beside the state machines, whatever that thread's pace.
/// The registration function's batches go there too, fenced (<see cref="RegistrationFence"/>): the join of an
/// instance a batch in flight writes waits for that batch.
/// </remarks>
/// <param name="functionsClock">Set to each batch's delivery time before it runs: the stores' clock.</param>
/// <param name="functionsOnOwnThread">Run the functions' batches on a <see cref="FunctionsThread"/>; the output is the same.</param>
public sealed class LocalQueues(
    IReadOnlyDictionary<string, string> queueUrlToLogicalId,
    IReadOnlyList<QueueConsumer> consumers,
    FunctionErrors errors,
    Action<DeadLetter> deadLetter,
    FunctionsClock functionsClock,
    bool functionsOnOwnThread = false) : ISqsQueues, IDisposable
{
    private readonly Dictionary<string, Pending> _pending = consumers.ToDictionary(c => c.QueueLogicalId, c => new Pending(c), StringComparer.Ordinal);
    private readonly FunctionsThread? _functionsThread = functionsOnOwnThread ? new FunctionsThread() : null;

    // The SQS event the next batch is delivered in, reused: taken for the length of one run, so runs that overlapped
    // (batches run one at a time, on one thread or the other) would each get their own.
    private SqsDelivery? _spareDelivery;

    /// <summary>The registration batches in flight on the functions' thread; the state machines' instances table waits on it.</summary>
    public RegistrationFence Fence { get; } = new();

    /// <summary>The functions' thread's running and waited-for time; null when the functions run on the pipeline's thread.</summary>
    public (TimeSpan Running, TimeSpan Waited)? FunctionsThreadStatistics => _functionsThread?.Statistics;

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
        SentBytes += message.Utf8Body.Length;

        switch (MessageJoin.Of(message.Utf8Body.Span))
        {
            case MessageJoinOutcome.Found:
                JoinsFound++;
                break;
            case MessageJoinOutcome.NotFound:
                JoinsNotFound++;
                break;
        }

        if (_pending.TryGetValue(logicalId, out var pending))
        {
            pending.Messages.Enqueue(new Entry(message, 1));
            pending.FirstSentAt ??= message.SentAt;
            return;
        }

        deadLetter(new DeadLetter("state-machine", logicalId, ReasonOf(message.Body), EventIdOf(message.Body), message.Body));
        PooledMessageBody.TryRelease(message.Utf8Body);
    }

    /// <summary>The earliest time a partly filled batch becomes due, or a delivered batch's outcome is collected, for the runner's clock.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var pending in _pending.Values)
            {
                next = Earliest(next, pending.Messages.Count > 0 ? pending.FirstSentAt + pending.Consumer.BatchingWindow : null);
                next = Earliest(next, pending.InFlight.TryPeek(out var oldest) ? oldest.CollectAt : null);
            }

            return next;
        }
    }

    /// <summary>Messages waiting, or batches whose outcome is not collected yet (a failure would bring messages back).</summary>
    public bool HasPending => _pending.Values.Any(p => p.Messages.Count > 0 || p.InFlight.Count > 0);

    /// <summary>
    /// Collects the outcomes due by <paramref name="now"/>, then delivers full batches and partial ones whose window
    /// has passed. Flushing delivers and collects everything, until no failed message comes back.
    /// </summary>
    public Task DeliverAsync(DateTimeOffset now, bool flush, CancellationToken cancellationToken)
    {
        foreach (var pending in _pending.Values)
        {
            Collect(pending, now, all: false);
            do
            {
                while (pending.Messages.Count >= pending.Consumer.BatchSize
                    || (pending.Messages.Count > 0 && (flush || pending.FirstSentAt + pending.Consumer.BatchingWindow <= now)))
                {
                    DeliverBatch(pending, now, cancellationToken);
                }
            }
            while (flush && Collect(pending, now, all: true));
        }

        return Task.CompletedTask;
    }

    /// <summary>Returns once the functions have run every batch delivered so far (outcomes stay to be collected).</summary>
    public void WaitForFunctions() => _functionsThread?.WaitIdle();

    /// <summary>
    /// Runs <paramref name="work"/> on the functions' stores after every batch delivered so far and before any later
    /// one: queued on the functions' thread, so the pipeline goes on meanwhile, or at once when the functions run
    /// here. The returned call waits for it and rethrows its failure.
    /// </summary>
    public Action AfterDeliveredBatches(Action work)
    {
        if (_functionsThread is null)
        {
            work();
            return static () => { };
        }

        var posted = _functionsThread.Post(() =>
        {
            work();
            return true;
        });
        return () => posted.Outcome();
    }

    public void Dispose() => _functionsThread?.Dispose();

    private void DeliverBatch(Pending pending, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var batch = new List<Entry>(pending.Consumer.BatchSize);
        while (batch.Count < pending.Consumer.BatchSize && pending.Messages.TryDequeue(out var entry))
        {
            batch.Add(entry);
        }

        pending.FirstSentAt = pending.Messages.Count > 0 ? now : null;
        Batches++;
        Deliveries += batch.Count;
        var collectAt = now + pending.Consumer.VisibilityTimeout;
        var consumer = pending.Consumer;
        var writes = _functionsThread is not null && consumer.WritesRegistrations
            ? RegistrationFence.RecordsWrittenBy(batch.Select(e => e.Message.Utf8Body))
            : [];
        if (_functionsThread is null || writes is null)
        {
            // Here and now: without a functions' thread, or for a registration batch whose records cannot be told
            // in advance (then nothing of the functions may run meanwhile).
            _functionsThread?.WaitIdle();
            var outcome = Run(consumer, batch, now, cancellationToken);
            pending.InFlight.Enqueue(new InFlightBatch(() => outcome, collectAt, null));
            return;
        }

        var posted = _functionsThread.Post(() => Run(consumer, batch, now, cancellationToken));
        Action? released = null;
        if (writes.Count > 0)
        {
            Fence.Add(writes, posted);
            released = () => Fence.Release(writes, posted);
        }

        pending.InFlight.Enqueue(new InFlightBatch(posted.Outcome, collectAt, released));
    }

    /// <summary>Runs one batch through its function, on whichever thread calls it; the stores see the delivery time.</summary>
    private BatchOutcome Run(QueueConsumer consumer, List<Entry> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        functionsClock.Now = now;
        errors.Clear();
        var delivery = Interlocked.Exchange(ref _spareDelivery, null) ?? new SqsDelivery();
        SqsBatchResponse response;
        try
        {
            // The embedded stores complete synchronously; on the functions' thread there is nothing else to run meanwhile.
            response = consumer.Function.ProcessAsync(delivery.Fill(batch), cancellationToken).GetAwaiter().GetResult();
        }
        finally
        {
            delivery.Clear();
            _spareDelivery = delivery;
        }

        var failed = new List<(Entry Entry, string Reason)>(response.BatchItemFailures.Count);
        foreach (var failure in response.BatchItemFailures)
        {
            var entry = batch.First(e => e.Message.MessageId == failure.ItemIdentifier);
            failed.Add((entry, errors.ReasonFor(entry.Message.MessageId)));
        }

        ReleaseConsumed(batch, failed);
        return new BatchOutcome(failed);
    }

    /// <summary>
    /// Gives the bodies of the batch's consumed messages back to their pool (<see cref="PooledMessageBody"/>): once
    /// the function has run, nothing reads them any more. A failed message keeps its body: it comes back for another
    /// receive, or is dead-lettered with its text (<see cref="Apply"/> releases it then).
    /// </summary>
    private static void ReleaseConsumed(List<Entry> batch, List<(Entry Entry, string Reason)> failed)
    {
        foreach (var entry in batch)
        {
            if (!IsFailed(entry))
            {
                PooledMessageBody.TryRelease(entry.Message.Utf8Body);
            }
        }

        bool IsFailed(Entry entry)
        {
            foreach (var (failedEntry, _) in failed)
            {
                if (ReferenceEquals(failedEntry, entry))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Collects the outcomes of the queue's batches due by <paramref name="now"/> (every one with <paramref name="all"/>),
    /// oldest first, waiting for those still running; true when failed messages came back.
    /// </summary>
    private bool Collect(Pending pending, DateTimeOffset now, bool all)
    {
        var returned = false;
        while (pending.InFlight.TryPeek(out var oldest) && (all || oldest.CollectAt <= now))
        {
            pending.InFlight.Dequeue();
            var outcome = oldest.Outcome();
            oldest.Released?.Invoke();
            returned |= Apply(pending, outcome, now);
        }

        return returned;
    }

    /// <summary>Dead-letters the failed messages that used up their receives and returns the others to the queue.</summary>
    private bool Apply(Pending pending, BatchOutcome outcome, DateTimeOffset now)
    {
        var returned = false;
        foreach (var (entry, reason) in outcome.Failed)
        {
            if (entry.ReceiveCount >= pending.Consumer.MaxReceiveCount)
            {
                deadLetter(new DeadLetter("function", pending.Consumer.FunctionLogicalId, reason, EventIdOf(entry.Message.Body), entry.Message.Body));
                PooledMessageBody.TryRelease(entry.Message.Utf8Body);
            }
            else
            {
                pending.Messages.Enqueue(entry with { ReceiveCount = entry.ReceiveCount + 1 });
                pending.FirstSentAt ??= now;
                returned = true;
            }
        }

        return returned;
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

        /// <summary>Delivered batches whose outcome is not collected yet, oldest (and so first due) first.</summary>
        public Queue<InFlightBatch> InFlight { get; } = new();
    }

    private sealed record Entry(SqsMessage Message, int ReceiveCount);

    /// <summary>
    /// An SQS event and its messages, refilled for each batch: the function reads them only while it runs, and one
    /// message object per delivery was a twentieth of what the functions' thread allocated.
    /// </summary>
    private sealed class SqsDelivery
    {
        private readonly List<Core.Sqs.SqsMessage> _records = [];
        private readonly List<Core.Sqs.SqsMessage> _spares = [];
        private readonly SqsEvent _event = new();

        public SqsEvent Fill(List<Entry> batch)
        {
            foreach (var entry in batch)
            {
                var record = _spares.Count > 0 ? _spares[^1] : new Core.Sqs.SqsMessage();
                if (_spares.Count > 0)
                {
                    _spares.RemoveAt(_spares.Count - 1);
                }

                record.MessageId = entry.Message.MessageId;
                record.Utf8Body = entry.Message.Utf8Body;
                record.EventSourceArn = entry.Message.QueueUrl;
                _records.Add(record);
            }

            _event.Records = _records;
            return _event;
        }

        /// <summary>Forgets the batch's bodies (they go back to their pool) and keeps the message objects for the next.</summary>
        public void Clear()
        {
            foreach (var record in _records)
            {
                record.Utf8Body = null;
                _spares.Add(record);
            }

            _records.Clear();
        }
    }

    /// <summary>The messages of a batch the function reported as failed, each with the reason it wrote.</summary>
    private sealed record BatchOutcome(List<(Entry Entry, string Reason)> Failed);

    /// <param name="Outcome">Returns the outcome, waiting for the batch to have run.</param>
    /// <param name="Released">What to forget once collected (the fence's hold on the records it wrote).</param>
    private sealed record InFlightBatch(Func<BatchOutcome> Outcome, DateTimeOffset CollectAt, Action? Released);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

}
