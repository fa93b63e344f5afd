using System.Buffers;
using System.Text.Json;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using BatchRuntimeMonitor.Local.EventBridge.Routing;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>One item of the input in file order: an event with the rules it matched, or a line that could not be read.</summary>
public readonly record struct InputItem(InputEvent Event, IReadOnlyList<EventRoute>? Routes, MalformedInput? Malformed);

/// <summary>
/// The replay's input read, parsed and matched against the rules, in file order. Malformed inputs travel in the same
/// stream as the events, so the replay reports and counts them in order on its own thread.
/// </summary>
/// <remarks>
/// The replay reads on its pipeline's thread when the functions have a thread of their own: on two cores, two busy
/// threads (the pipeline reading, the functions) took about a sixth less time on the 100,000-job day, and a twelfth on
/// the 1,000,000-job day, than three with the input reader a few chunks ahead on the third, for about 10 % less CPU
/// (docs/performance.md, "Round seven"): no hand-over and no wakes between reader and pipeline, and the executions read
/// an event just parsed on their own core instead of on the other one. With the functions on the pipeline's thread
/// (<c>brm bench --one-thread</c>), reading on a thread of its own still uses the second core. There only the reader
/// thread touches an event until it is handed over, and only the replay's thread afterwards: the parsed documents and
/// the lazily built JsonObject dictionaries are never read by two threads at once.
/// </remarks>
public static class RoutedInput
{
    /// <summary>The items, read on the caller's thread as it enumerates them.</summary>
    /// <param name="linePool">Where events' bytes are rented (<see cref="InputEvent.Pooled"/>; the caller releases each event it takes), or null.</param>
    /// <param name="outputDirectory">The replay's --out folder, whose files are not input (<see cref="EventFileReader"/>).</param>
    public static IEnumerable<InputItem> Read(IEnumerable<string> paths, TemplateRouting routing, ArrayPool<byte>? linePool = null, string? outputDirectory = null)
    {
        var malformed = new Queue<MalformedInput>();
        var reader = new EventFileReader(malformed.Enqueue, linePool, outputDirectory);
        foreach (var input in reader.Read(paths))
        {
            // Reported as soon as the reader met them, before the event it went on to read.
            while (malformed.TryDequeue(out var bad))
            {
                yield return new InputItem(default, null, bad);
            }

            // The depth bound only for an event a rule routes: the others start no execution (about a fifth of a day).
            var routes = Routes(routing, input);
            yield return new InputItem(routes.Count > 0 ? input.WithDepthBound() : input, routes, null);
        }

        while (malformed.TryDequeue(out var bad))
        {
            yield return new InputItem(default, null, bad);
        }
    }

    /// <summary>The same items, read on a thread of its own a few chunks ahead of the caller (<see cref="ReadAhead{T}"/>).</summary>
    /// <param name="linePool">As for <see cref="Read"/>.</param>
    public static IEnumerable<InputItem> ReadOnOwnThread(IEnumerable<string> paths, TemplateRouting routing, ArrayPool<byte>? linePool = null, string? outputDirectory = null) =>
        ReadAhead<InputItem>.Run(Read(paths, routing, linePool, outputDirectory), "brm input reader");

    /// <summary>
    /// The rules the event matches, read where the event was parsed (its JsonObject stays unmaterialised), with the
    /// members the rules read taken from the reader's pass over the event.
    /// </summary>
    private static IReadOnlyList<EventRoute> Routes(TemplateRouting routing, InputEvent input) =>
        // An event built in code is written out and parsed once for all the rules.
        input.Parsed.ValueKind == JsonValueKind.Object
            ? routing.RoutesFor(input.Parsed, input.TopLevel)
            : routing.RoutesFor(EventElement.Of(input.Event));
}
