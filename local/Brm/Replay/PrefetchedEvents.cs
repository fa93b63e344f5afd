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

    /// <param name="capacity">Events read ahead at most: bounds the memory the read-ahead can take.</param>
    public static IEnumerable<Item> Read(IEnumerable<string> paths, int capacity = 2048)
    {
        using var queue = new BlockingCollection<Item>(capacity);
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var producer = new Thread(() =>
        {
            try
            {
                var reader = new EventFileReader(malformed => queue.Add(new Item(default, malformed), stop.Token));
                foreach (var input in reader.Read(paths))
                {
                    queue.Add(new Item(input, null), stop.Token);
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
                queue.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "brm input reader" };
        producer.Start();
        try
        {
            foreach (var item in queue.GetConsumingEnumerable())
            {
                yield return item;
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
