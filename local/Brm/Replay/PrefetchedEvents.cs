using System.Collections.Concurrent;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Reads and parses the input on a second thread while the pipeline runs on the first: parsing JSON is about a
/// tenth of a replay's work and this machine class has two cores. Order is kept, and malformed-input reports come
/// back through the same queue so they reach the caller on its own thread, in file order, between the events.
/// </summary>
public static class PrefetchedEvents
{
    /// <summary>One item of the input: an event, or a report of a line that could not be read.</summary>
    public readonly record struct Item(InputEvent Event, MalformedInput? Malformed);

    // Handed over in chunks: one hand-over per event kept both threads spinning on the queue's semaphore.
    private const int ChunkSize = 256;

    /// <param name="capacity">Events read ahead at most: bounds the memory the read-ahead can take.</param>
    public static IEnumerable<Item> Read(IEnumerable<string> paths, int capacity = 4096)
    {
        using var queue = new BlockingCollection<List<Item>>(Math.Max(1, capacity / ChunkSize));
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var producer = new Thread(() =>
        {
            var chunk = new List<Item>(ChunkSize);
            try
            {
                void Add(Item item)
                {
                    chunk.Add(item);
                    if (chunk.Count == ChunkSize)
                    {
                        queue.Add(chunk, stop.Token);
                        chunk = new List<Item>(ChunkSize);
                    }
                }

                var reader = new EventFileReader(malformed => Add(new Item(default, malformed)));
                foreach (var input in reader.Read(paths))
                {
                    Add(new Item(input, null));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer stopped early; nothing more to read.
            }
            catch (Exception ex)
            {
                failure = ex; // rethrown on the consumer's thread, after the events read before it
            }
            finally
            {
                // What was read before the end (or before a failure) still reaches the consumer, unless it stopped.
                if (chunk.Count > 0 && !stop.IsCancellationRequested)
                {
                    try
                    {
                        queue.Add(chunk, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The consumer stopped meanwhile.
                    }
                }

                queue.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "brm input reader" };
        producer.Start();
        try
        {
            foreach (var chunk in queue.GetConsumingEnumerable())
            {
                foreach (var item in chunk)
                {
                    yield return item;
                }
            }

            producer.Join();
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }
        finally
        {
            stop.Cancel();
            producer.Join();
        }
    }
}
