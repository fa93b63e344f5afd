namespace BatchRuntimeMonitor.Core.Naming;

/// <summary>
/// Remembers a name derived from a string (the queue name of a queue ARN, the compute environment of a task ARN's
/// cluster) for recently seen inputs. Events repeat those inputs, and each derivation is a new substring: every job
/// event derived three or four of them again.
/// </summary>
/// <remarks>
/// Direct-mapped by the input's hash and verified by comparing the input, so a collision only costs a miss. Races
/// are benign: an entry is one immutable object, written whole, and always verified before use.
/// </remarks>
public sealed class DerivedNameCache(Func<string, string?> derive)
{
    private const int Size = 1024; // a power of two; queues, definitions and clusters in use are far fewer
    private const int MaxCachedLength = 512;

    private readonly Entry?[] _entries = new Entry?[Size];

    public string? Get(string? input)
    {
        if (input is null)
        {
            return null;
        }

        if (input.Length > MaxCachedLength)
        {
            return derive(input);
        }

        var slot = input.GetHashCode() & (Size - 1);
        if (_entries[slot] is { } entry && (ReferenceEquals(entry.Input, input) || string.Equals(entry.Input, input, StringComparison.Ordinal)))
        {
            return entry.Name;
        }

        var name = derive(input);
        _entries[slot] = new Entry(input, name);
        return name;
    }

    private sealed record Entry(string Input, string? Name);
}
