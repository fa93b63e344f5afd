using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Tests.Core.Support;

/// <summary>How the property tests deliver pipeline records to the processors.</summary>
public static class Delivery
{
    /// <summary>The records applied one after another to fresh processors, as one function deployment sees them.</summary>
    public static Processors Replay(IEnumerable<JsonObject> records)
    {
        var run = new Processors();
        foreach (var record in records)
        {
            run.ApplyAsync(record).GetAwaiter().GetResult();
        }

        return run;
    }

    /// <summary>At-least-once delivery: every record once or more, in a random order.</summary>
    public static List<JsonObject> Deliver(IReadOnlyList<JsonObject> records, int seed)
    {
        var random = new Random(seed);
        var delivered = new List<JsonObject>(records);
        foreach (var record in records)
        {
            if (random.Next(4) == 0)
            {
                delivered.Add(record);
            }
        }

        random.Shuffle(CollectionsMarshal.AsSpan(delivered));
        return delivered;
    }
}
