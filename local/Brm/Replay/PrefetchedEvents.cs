namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Reads and parses the input on a second thread while the pipeline runs on the first: parsing JSON is a large
/// share of a replay's work and this machine class has two cores. Order is kept, and malformed-input reports come
/// back through the same queue so they reach the caller on its own thread, in file order, between the events.
/// </summary>
/// <remarks>
/// Events are handed over in chunks through a small monitor-guarded queue whose waits block at once: a per-event
/// hand-over through BlockingCollection spent half of the reader's core spinning on its semaphore, which the
/// pipeline's garbage collector needs.
/// </remarks>
public static class PrefetchedEvents
{
    /// <summary>One item of the input: an event, or a report of a line that could not be read.</summary>
    public readonly record struct Item(InputEvent Event, MalformedInput? Malformed);

    private const int ChunkSize = 256;

    /// <param name="capacity">Events read ahead at most: bounds the memory the read-ahead can take.</param>
    public static IEnumerable<Item> Read(IEnumerable<string> paths, int capacity = 4096)
    {
        var handOff = new HandOff(Math.Max(1, capacity / ChunkSize));
        var producer = new Thread(() => Produce(paths, handOff)) { IsBackground = true, Name = "brm input reader" };
        producer.Start();
        try
        {
            while (handOff.Take() is { } chunk)
            {
                foreach (var item in chunk)
                {
                    yield return item;
                }
            }

            producer.Join();
            if (handOff.Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            handOff.Stop();
            producer.Join();
        }
    }

    private static void Produce(IEnumerable<string> paths, HandOff handOff)
    {
        var chunk = new List<Item>(ChunkSize);
        try
        {
            void Add(Item item)
            {
                chunk.Add(item);
                if (chunk.Count == ChunkSize)
                {
                    handOff.Put(chunk);
                    chunk = new List<Item>(ChunkSize);
                }
            }

            var reader = new EventFileReader(malformed => Add(new Item(default, malformed)));
            foreach (var input in reader.Read(paths))
            {
                Add(new Item(input, null));
            }
        }
        catch (OperationCanceledException) when (handOff.Stopped)
        {
            // The consumer stopped early; nothing more to read.
        }
        catch (Exception ex)
        {
            handOff.Failure = ex; // rethrown on the consumer's thread, after the events read before it
        }
        finally
        {
            // What was read before the end (or before a failure) still reaches the consumer, unless it stopped.
            if (chunk.Count > 0)
            {
                try
                {
                    handOff.Put(chunk);
                }
                catch (OperationCanceledException)
                {
                    // The consumer stopped meanwhile.
                }
            }

            handOff.Complete();
        }
    }

    /// <summary>A bounded queue of chunks between one producer and one consumer.</summary>
    private sealed class HandOff(int capacity)
    {
        private readonly Queue<List<Item>> _chunks = new();
        private readonly object _gate = new(); // an object, not a Lock: Monitor.Wait/Pulse need a monitor
        private bool _completed;

        public Exception? Failure { get; set; }

        public bool Stopped { get; private set; }

        /// <exception cref="OperationCanceledException">The consumer stopped.</exception>
        public void Put(List<Item> chunk)
        {
            lock (_gate)
            {
                while (_chunks.Count >= capacity && !Stopped)
                {
                    Monitor.Wait(_gate);
                }

                if (Stopped)
                {
                    throw new OperationCanceledException("the replay stopped reading");
                }

                _chunks.Enqueue(chunk);
                Monitor.PulseAll(_gate);
            }
        }

        /// <returns>The next chunk, or null once the producer completed and everything was taken.</returns>
        public List<Item>? Take()
        {
            lock (_gate)
            {
                while (_chunks.Count == 0 && !_completed)
                {
                    Monitor.Wait(_gate);
                }

                if (_chunks.Count == 0)
                {
                    return null;
                }

                var chunk = _chunks.Dequeue();
                Monitor.PulseAll(_gate);
                return chunk;
            }
        }

        public void Complete()
        {
            lock (_gate)
            {
                _completed = true;
                Monitor.PulseAll(_gate);
            }
        }

        public void Stop()
        {
            lock (_gate)
            {
                Stopped = true;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
