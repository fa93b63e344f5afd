namespace BatchRuntimeMonitor.Core.Naming;

/// <summary>
/// The same string instance for a piece of text seen recently, made only when it is new: an array job's children
/// all name the same parent in their ids, and cutting it out again was a new string for every event of every child.
/// </summary>
/// <remarks>
/// Direct-mapped by a hash of the text and verified by comparing it, so a collision only costs a miss. Races are
/// benign: an entry is one string reference, written whole, and always compared before use.
/// </remarks>
public sealed class SharedSubstrings
{
    private const int Size = 1024; // a power of two; far more than the parents with children in flight at once
    private const int MaxCachedLength = 256;

    private readonly string?[] _entries = new string?[Size];

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxCachedLength)
        {
            return text.ToString();
        }

        ref var entry = ref _entries[string.GetHashCode(text) & (Size - 1)];
        var cached = entry;
        if (cached is not null && text.SequenceEqual(cached))
        {
            return cached;
        }

        cached = text.ToString();
        entry = cached;
        return cached;
    }
}
