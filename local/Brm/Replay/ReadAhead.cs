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
/// <para>
/// Chunks go round: the consumer hands back the chunk it has finished with when it takes the next, and the producer
/// fills a handed-back chunk before it makes a new one, so a replay makes a handful of chunks, not one per sixteen
/// events (a chunk of input items is about 2 KB, garbage that the collector had to clear from the young generation).
/// A chunk is emptied when it is handed back, so it keeps no event alive while it waits to be filled again.
/// </para>
/// </remarks>
public sealed class ReadAhead<T> : IDisposable
{
    private readonly Queue<List<T>> _ready = new();
    private readonly Stack<List<T>> _free = new();
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
        List<T>? done = null;
        while (ahead.Take(done) is { } chunk)
        {
            foreach (var item in chunk)
            {
                yield return item;
            }

            done = chunk;
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
                    if (Hand(chunk) is not { } next)
                    {
                        return;
                    }

                    chunk = next;
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

    /// <returns>The chunk to fill next (one the consumer handed back, or a new one); null when the consumer stopped reading.</returns>
    private List<T>? Hand(List<T> chunk)
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
                return null;
            }

            _ready.Enqueue(chunk);
            if (_consumerWaiting)
            {
                _consumerWaiting = false;
                Monitor.PulseAll(_lock);
            }

            return _free.TryPop(out var next) ? next : new List<T>(_chunkSize);
        }
    }

    /// <param name="done">The chunk the consumer has finished with (null the first time): the producer fills it again.</param>
    private List<T>? Take(List<T>? done)
    {
        // Emptied outside the lock: the producer never sees it before it is pushed below.
        done?.Clear();
        lock (_lock)
        {
            if (done is not null)
            {
                _free.Push(done);
            }

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
