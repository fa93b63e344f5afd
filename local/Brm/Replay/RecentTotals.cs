using System.Runtime.CompilerServices;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// The totals <see cref="MetricTotals"/> added to recently, found by the identities of the strings their keys are
/// made of: the metric name, the dimension set and the set's values in the document. The functions take names and
/// sets from the catalog and values from a few shared instances, so nearly every total is one of a few hundred
/// identity tuples, and finding it so costs a few header reads instead of building and hashing its key (the key
/// was most of what a total cost).
/// </summary>
/// <remarks>
/// A string never changes, so the same instances always make the same key: a hit, checked against the metric name
/// and each dimension name and value by reference, is always the right total. The set's own instance only picks the
/// slot (an array could be changed; its strings cannot). Equal text in other instances misses and goes the key's way,
/// as does a set longer than <see cref="MaxSetLength"/>. Two candidate slots per hash; a collision only costs a
/// miss. One thread: slots are overwritten in place.
/// </remarks>
internal sealed class RecentTotals
{
    public const int MaxSetLength = 4;
    private const int SlotBits = 10; // 1,024 slots for the few hundred totals of a replay (282 for 100,000 jobs)

    private readonly Slot[] _slots = new Slot[1 << SlotBits];

    public RunningTotal? Find(string metricName, string[] set, ReadOnlySpan<string?> values)
    {
        var slot = SlotOf(metricName, set, values);
        if (_slots[slot].Matches(metricName, set, values))
        {
            return _slots[slot].Total;
        }

        return _slots[slot ^ 1].Matches(metricName, set, values) ? _slots[slot ^ 1].Total : null;
    }

    /// <summary>Keeps the total found by its key; <paramref name="values"/> are the set's values, at most <see cref="MaxSetLength"/>.</summary>
    public void Remember(string metricName, string[] set, ReadOnlySpan<string?> values, RunningTotal total)
    {
        var slot = SlotOf(metricName, set, values);
        if (_slots[slot].Total is not null && _slots[slot ^ 1].Total is null)
        {
            slot ^= 1;
        }

        ref var target = ref _slots[slot];
        target.MetricName = metricName;
        target.Count = values.Length;
        target.Name0 = values.Length > 0 ? set[0] : null;
        target.Name1 = values.Length > 1 ? set[1] : null;
        target.Name2 = values.Length > 2 ? set[2] : null;
        target.Name3 = values.Length > 3 ? set[3] : null;
        target.Value0 = values.Length > 0 ? values[0] : null;
        target.Value1 = values.Length > 1 ? values[1] : null;
        target.Value2 = values.Length > 2 ? values[2] : null;
        target.Value3 = values.Length > 3 ? values[3] : null;
        target.Total = total;
    }

    private static int SlotOf(string metricName, string[] set, ReadOnlySpan<string?> values)
    {
        var hash = Mix(Mix(0, RuntimeHelpers.GetHashCode(metricName)), RuntimeHelpers.GetHashCode(set));
        foreach (var value in values)
        {
            hash = Mix(hash, value is null ? 0 : RuntimeHelpers.GetHashCode(value));
        }

        return (int)((hash * 0x9E3779B97F4A7C15) >> (64 - SlotBits));
    }

    private static ulong Mix(ulong hash, int value)
    {
        hash = (hash ^ (uint)value) * 0x9E3779B97F4A7C15;
        return hash ^ (hash >> 29);
    }

    private struct Slot
    {
        public string? MetricName;
        public int Count;
        public string? Name0;
        public string? Name1;
        public string? Name2;
        public string? Name3;
        public string? Value0;
        public string? Value1;
        public string? Value2;
        public string? Value3;
        public RunningTotal? Total;

        public readonly bool Matches(string metricName, string[] set, ReadOnlySpan<string?> values) =>
            Total is not null
            && ReferenceEquals(MetricName, metricName)
            && Count == values.Length
            && (values.Length < 1 || (ReferenceEquals(Name0, set[0]) && ReferenceEquals(Value0, values[0])))
            && (values.Length < 2 || (ReferenceEquals(Name1, set[1]) && ReferenceEquals(Value1, values[1])))
            && (values.Length < 3 || (ReferenceEquals(Name2, set[2]) && ReferenceEquals(Value2, values[2])))
            && (values.Length < 4 || (ReferenceEquals(Name3, set[3]) && ReferenceEquals(Value3, values[3])));
    }
}
