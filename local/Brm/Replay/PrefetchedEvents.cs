using System.Runtime.ExceptionServices;
using BatchRuntimeMonitor.Local.EventBridge.Routing;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>One item of the input in file order: an event with the rules it matched, or a line that could not be read.</summary>
public readonly record struct InputItem(InputEvent Event, IReadOnlyList<EventRoute>? Routes, MalformedInput? Malformed);

/// <summary>
/// Reads, parses and routes the input on a thread of its own, a bounded number of chunks ahead of the replay: on two
/// cores the pipeline's thread then only runs the state machines and the functions. Malformed inputs travel in the
/// same stream as the events, so the replay reports and counts them in file order on its own thread.
/// </summary>
/// <remarks>
/// Only the reader thread touches an event until its chunk is handed over (under the lock), and only the replay's
/// thread afterwards: the lazily built JsonObject dictionaries that parsing and rule matching fill are never shared.
/// </remarks>
public sealed class PrefetchedEvents : IDisposable
{
    private const int ChunkSize = 16;

    // Small on purpose: an event waiting here survives collections of the young generation, so a deep queue turns
    // short-lived parse trees into older-generation garbage (docs/performance.md).
    private const int MaxChunksAhead = 2;

    private readonly Queue<List<InputItem>> _ready = new();
    private readonly object _lock = new();
    private readonly Thread _thread;
    private bool _finished;
    private bool _stopped;
    private Exception? _failure;

    private PrefetchedEvents(IEnumerable<string> paths, TemplateRouting routing)
    {
        _thread = new Thread(() => Produce(paths, routing)) { IsBackground = true, Name = "brm input reader" };
        _thread.Start();
    }

    /// <summary>The input's items in order; the enumeration rethrows what the reader thread failed with.</summary>
    public static IEnumerable<InputItem> Read(IEnumerable<string> paths, TemplateRouting routing)
    {
        using var prefetched = new PrefetchedEvents(paths, routing);
        while (prefetched.Take() is { } chunk)
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

    private void Produce(IEnumerable<string> paths, TemplateRouting routing)
    {
        var chunk = new List<InputItem>(ChunkSize);
        try
        {
            var reader = new EventFileReader(malformed => chunk.Add(new InputItem(default, null, malformed)));
            foreach (var input in reader.Read(paths))
            {
                chunk.Add(new InputItem(input, Routes(routing, input), null));
                if (chunk.Count >= ChunkSize && !Hand(ref chunk))
                {
                    return;
                }
            }

            if (chunk.Count > 0)
            {
                Hand(ref chunk);
            }
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
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

    /// <summary>The rules the event matches; most events match one and a fifth none, so no list for those.</summary>
    private static IReadOnlyList<EventRoute> Routes(TemplateRouting routing, InputEvent input)
    {
        List<EventRoute>? routes = null;
        foreach (var route in routing.RoutesFor(input.Event))
        {
            (routes ??= new List<EventRoute>(1)).Add(route);
        }

        return routes is null ? [] : routes;
    }

    /// <returns>False when the consumer stopped reading.</returns>
    private bool Hand(ref List<InputItem> chunk)
    {
        lock (_lock)
        {
            while (_ready.Count >= MaxChunksAhead && !_stopped)
            {
                Monitor.Wait(_lock);
            }

            if (_stopped)
            {
                return false;
            }

            _ready.Enqueue(chunk);
            Monitor.PulseAll(_lock);
        }

        chunk = new List<InputItem>(ChunkSize);
        return true;
    }

    private List<InputItem>? Take()
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
