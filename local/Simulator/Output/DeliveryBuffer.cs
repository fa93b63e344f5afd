namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// At-least-once, out-of-order delivery with bounded memory: each event gets a delivery time (occurrence plus a
/// random delay) and, for a fraction, a second later delivery of the same bytes. Because the engine only emits
/// events that occur at or after its clock, every line due before the clock can be written out for good; the
/// buffer therefore holds at most the events of the last two delivery-delay windows.
/// </summary>
internal sealed class DeliveryBuffer : IDisposable
{
    private readonly Random _random;
    private readonly double _duplicateFraction;
    private readonly int _maxDelayMs;
    private readonly Stream[] _files;
    private readonly PriorityQueue<byte[], (long DeliveryMs, long Sequence)>[] _pending;
    private long _sequence;

    public DeliveryBuffer(string directory, int seed, double duplicateFraction, int maxDelaySeconds)
    {
        _random = new Random(seed);
        _duplicateFraction = duplicateFraction;
        _maxDelayMs = maxDelaySeconds * 1000;
        var files = Enum.GetValues<EventFile>();
        Paths = files.Select(f => Path.Combine(directory, EventFileNames.Of(f))).ToList();
        _files = Paths.Select(p => (Stream)new FileStream(p, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16)).ToArray();
        _pending = files.Select(_ => new PriorityQueue<byte[], (long, long)>()).ToArray();
    }

    public IReadOnlyList<string> Paths { get; }

    public long Duplicates { get; private set; }

    public long LinesWritten { get; private set; }

    public int Buffered => _pending.Sum(p => p.Count);

    public void Deliver(EventFile file, long occurrenceMs, byte[] line)
    {
        var deliveryMs = occurrenceMs + _random.NextInt64(0, _maxDelayMs + 1);
        _pending[(int)file].Enqueue(line, (deliveryMs, _sequence++));
        if (_random.NextDouble() < _duplicateFraction)
        {
            // The redelivery comes strictly later than the first delivery, as a retried delivery does.
            var againMs = deliveryMs + 1 + _random.NextInt64(0, _maxDelayMs + 1);
            _pending[(int)file].Enqueue(line, (againMs, _sequence++));
            Duplicates++;
        }
    }

    /// <summary>Writes every line due before <paramref name="clockMs"/>: nothing emitted from now on can be due earlier.</summary>
    public void AdvanceTo(long clockMs)
    {
        for (var i = 0; i < _pending.Length; i++)
        {
            var queue = _pending[i];
            while (queue.TryPeek(out var line, out var key) && key.DeliveryMs < clockMs)
            {
                queue.Dequeue();
                Write(i, line);
            }
        }
    }

    public void FlushAll() => AdvanceTo(long.MaxValue);

    private void Write(int file, byte[] line)
    {
        var stream = _files[file];
        stream.Write(line);
        stream.WriteByte((byte)'\n');
        LinesWritten++;
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }
}
