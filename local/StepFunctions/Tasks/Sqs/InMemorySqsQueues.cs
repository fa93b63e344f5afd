namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Records sent messages per queue URL and raises <see cref="MessageSent"/> for each, so a replay runner can
/// deliver them to consumers in batches.
/// </summary>
public sealed class InMemorySqsQueues : ISqsQueues
{
    private readonly Dictionary<string, List<SqsMessage>> _queues = new(StringComparer.Ordinal);

    /// <summary>When true, any queue URL is accepted and created on first send (handy for ad-hoc runs).</summary>
    public bool CreateQueuesOnDemand { get; init; }

    /// <summary>Raised synchronously after a message is recorded.</summary>
    public event Action<SqsMessage>? MessageSent;

    public void CreateQueue(string queueUrl) => _queues.TryAdd(queueUrl, []);

    public bool QueueExists(string queueUrl) => CreateQueuesOnDemand || _queues.ContainsKey(queueUrl);

    public void Send(SqsMessage message)
    {
        if (!_queues.TryGetValue(message.QueueUrl, out var messages))
        {
            messages = [];
            _queues[message.QueueUrl] = messages;
        }

        messages.Add(message);
        MessageSent?.Invoke(message);
    }

    /// <summary>The messages sent to a queue so far, oldest first.</summary>
    public IReadOnlyList<SqsMessage> Messages(string queueUrl) => _queues.TryGetValue(queueUrl, out var messages) ? messages : [];

    /// <summary>Returns and forgets the messages sent to a queue so far.</summary>
    public IReadOnlyList<SqsMessage> Drain(string queueUrl)
    {
        if (!_queues.TryGetValue(queueUrl, out var messages))
        {
            return [];
        }

        var drained = messages.ToArray();
        messages.Clear();
        return drained;
    }
}
