using System.Runtime.CompilerServices;

namespace BatchRuntimeMonitor.Core.Naming;

/// <summary>
/// Remembers a name derived from a string (the queue name of a queue ARN, the compute environment of a task ARN's
/// cluster) for recently seen inputs. Events repeat those inputs, and each derivation is a new substring: every job
/// event derived three or four of them again.
/// </summary>
/// <remarks>
/// Direct-mapped by the input's hash and verified by comparing the input, so a collision only costs a miss. Races
/// are benign: an entry is one immutable object, written whole, and always verified before use. The inputs are
/// mostly the same instances again (the readers share repeated strings, RepeatedStringConverter), so an entry is
/// first looked for by the input's identity: hashing the text of a 60 to 100 character ARN, and comparing it with
/// the entry's, was most of what a lookup cost.
/// </remarks>
public sealed class DerivedNameCache(Func<string, string?> derive)
{
    private const int Size = 1024; // a power of two; queues, definitions and clusters in use are far fewer
    private const int MaxCachedLength = 512;

    private readonly Entry?[] _entries = new Entry?[Size];

    // The same entries by the identity of the input instance they were last found for.
    private readonly Entry?[] _byInstance = new Entry?[Size];

    public string? Get(string? input)
    {
        if (input is null)
        {
            return null;
        }

        var instanceSlot = RuntimeHelpers.GetHashCode(input) & (Size - 1);
        if (_byInstance[instanceSlot] is { } known && ReferenceEquals(known.Input, input))
        {
            return known.Name;
        }

        if (input.Length > MaxCachedLength)
        {
            return derive(input);
        }

        var slot = input.GetHashCode() & (Size - 1);
        if (_entries[slot] is not { } entry || !string.Equals(entry.Input, input, StringComparison.Ordinal))
        {
            entry = new Entry(input, derive(input));
            _entries[slot] = entry;
        }

        // Kept with this instance as its input, so that the next lookup of the same instance finds it by identity.
        _byInstance[instanceSlot] = ReferenceEquals(entry.Input, input) ? entry : new Entry(input, entry.Name);
        return entry.Name;
    }

    private sealed record Entry(string Input, string? Name);
}
