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
/// </remarks>
public sealed class ReadAhead<T> : IDisposable
{
    private readonly Queue<List<T>> _ready = new();
    private readonly object _lock = new();
    private readonly int _chunkSize;
    private readonly int _maxChunksAhead;
    private readonly Thread _thread;
    private bool _finished;
    private bool _stopped;
    private Exception? _failure;

    private ReadAhead(IEnumerable<T> source, string name, int chunkSize, int maxChunksAhead)
    {
        _chunkSize = chunkSize;
        _maxChunksAhead = maxChunksAhead;
        _thread = new Thread(() => Produce(source)) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>The source's items, in order, produced on a thread named <paramref name="name"/>.</summary>
    public static IEnumerable<T> Run(IEnumerable<T> source, string name, int chunkSize = 16, int maxChunksAhead = 2)
    {
        using var ahead = new ReadAhead<T>(source, name, chunkSize, maxChunksAhead);
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
            while (_ready.Count >= _maxChunksAhead && !_stopped)
            {
                Monitor.Wait(_lock);
            }

            if (_stopped)
            {
                return false;
            }

            _ready.Enqueue(chunk);
            Monitor.PulseAll(_lock);
            return true;
        }
    }

    private List<T>? Take()
    {
        lock (_lock)
        {
            while (_ready.Count == 0 && !_finished)
            {
                Monitor.Wait(_lock);
            }

            if (_ready.Count > 0)
            {
                var chunk = _ready.Dequeue();
                Monitor.PulseAll(_lock);
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
