using System.Runtime.ExceptionServices;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Runs an enumeration on a thread of its own, a bounded number of small chunks ahead of its consumer. A replay runs
/// its pipeline on one thread; work that is a pure function of its input (reading and parsing events, decoding
/// spilled jobs) can go ahead on the machine's other core.
/// </summary>
/// <remarks>
/// Items are handed over under a lock, so whatever the producer built before handing an item over is visible to
/// the consumer, and the producer must not touch an item afterwards. The queue is small on purpose: an item waiting
/// in it survives young-generation collections, and a deep queue of parse trees measured slower than one thread
/// (docs/performance.md). The consumer stopping early stops the producer; a producer failure is rethrown to the
/// consumer after the items before it.
/// <para>
/// Each side is woken only when the other one is waiting for it, and a producer that found the queue full sleeps
/// until the consumer has drained it to a low-water mark, then refills it: on two cores a wake is a futex call and
/// a context switch, and waking the producer for every chunk taken cost the pipeline's thread about 8 % of its
/// samples. Three chunks with a low-water mark of one measured fewer wakes than two with none (where the consumer
/// ran dry more often and had to be woken in turn), for about 0.15 KB more allocated per event on the replay: more
/// pooled input lines in flight, probably more than the shared pool keeps per core.
/// </para>
/// </remarks>
public sealed class ReadAhead<T> : IDisposable
{
    private readonly Queue<List<T>> _ready = new();
    private readonly object _lock = new();
    private readonly int _chunkSize;
    private readonly int _maxChunksAhead;
    private readonly int _lowWater;
    private readonly Thread _thread;
    private bool _producerWaiting;
    private bool _consumerWaiting;
    private bool _finished;
    private bool _stopped;
    private Exception? _failure;

    private ReadAhead(IEnumerable<T> source, string name, int chunkSize, int maxChunksAhead, int lowWater)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunksAhead, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(lowWater);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lowWater, maxChunksAhead);
        _chunkSize = chunkSize;
        _maxChunksAhead = maxChunksAhead;
        _lowWater = lowWater;
        _thread = new Thread(() => Produce(source)) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>The source's items, in order, produced on a thread named <paramref name="name"/>.</summary>
    /// <param name="maxChunksAhead">How many chunks may wait for the consumer; a producer that finds this many waits.</param>
    /// <param name="lowWater">How few chunks must still wait before a waiting producer is woken to refill the queue.</param>
    public static IEnumerable<T> Run(IEnumerable<T> source, string name, int chunkSize = 16, int maxChunksAhead = 3, int lowWater = 1)
    {
        using var ahead = new ReadAhead<T>(source, name, chunkSize, maxChunksAhead, lowWater);
        while (ahead.Take() is { } chunk)
        {
            foreach (var item in chunk)
            {
                yield return item;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            Monitor.PulseAll(_lock);
        }

        _thread.Join();
    }

    private void Produce(IEnumerable<T> source)
    {
        var chunk = new List<T>(_chunkSize);
        try
        {
            foreach (var item in source)
            {
                chunk.Add(item);
                if (chunk.Count >= _chunkSize)
                {
                    if (!Hand(chunk))
                    {
                        return;
                    }

                    chunk = new List<T>(_chunkSize);
                }
            }

            if (chunk.Count > 0)
            {
                Hand(chunk);
            }
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                // The items produced before the failure still reach the consumer, then the failure does.
                if (chunk.Count > 0)
                {
                    _ready.Enqueue(chunk);
                }

                _failure = ex;
            }
        }
        finally
        {
            lock (_lock)
            {
                _finished = true;
                Monitor.PulseAll(_lock);
            }
        }
    }

    /// <returns>False when the consumer stopped reading.</returns>
    private bool Hand(List<T> chunk)
    {
        lock (_lock)
        {
            if (_ready.Count >= _maxChunksAhead)
            {
                // Full: sleep until the consumer drained the queue to the low-water mark (or stopped).
                _producerWaiting = true;
                while (_producerWaiting && !_stopped)
                {
                    Monitor.Wait(_lock);
                }
            }

            if (_stopped)
            {
                return false;
            }

            _ready.Enqueue(chunk);
            if (_consumerWaiting)
            {
                _consumerWaiting = false;
                Monitor.PulseAll(_lock);
            }

            return true;
        }
    }

    private List<T>? Take()
    {
        lock (_lock)
        {
            while (_ready.Count == 0 && !_finished)
            {
                _consumerWaiting = true;
                Monitor.Wait(_lock);
            }

            _consumerWaiting = false;
            if (_ready.Count > 0)
            {
                var chunk = _ready.Dequeue();
                if (_producerWaiting && _ready.Count <= _lowWater)
                {
                    _producerWaiting = false;
                    Monitor.PulseAll(_lock);
                }

                return chunk;
            }

            if (_failure is not null)
            {
                ExceptionDispatchInfo.Throw(_failure);
            }

            return null;
        }
    }
}
