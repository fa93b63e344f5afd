namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// The end-of-run pass over a spilling store: a k-way merge, by key, of its sorted segments and its live records,
/// yielding each key once in its newest version. Live beats spilled, and a later segment beats an earlier one (a key
/// re-spilled after a late event is in a later segment). Only one record per segment is decoded at a time.
/// </summary>
internal static class LatestVersionMerge
{
    /// <summary>Read buffers of all segments together; each gets between 4 and 64 KB of it.</summary>
    private const int BufferBudgetBytes = 16 << 20;

    public static IEnumerable<TRecord> Run<TRecord>(SpillFile file, IReadOnlyList<SpillSegment> segments, IReadOnlyList<KeyValuePair<string, TRecord>> live, ISpillReader<TRecord> reader)
    {
        file.Flush();
        var bufferBytes = Math.Clamp(BufferBudgetBytes / Math.Max(1, segments.Count), 4096, 1 << 16);
        var readers = segments.Select(segment => new SegmentReader(file, segment, bufferBytes)).ToArray();

        // A source's rank is its age: segment i has rank i, the live records the highest.
        var liveRank = readers.Length;
        var nextLive = 0;
        var heads = new PriorityQueue<int, (string Key, int Rank)>(NewestFirst.Instance);
        for (var i = 0; i < readers.Length; i++)
        {
            if (readers[i].MoveNext())
            {
                heads.Enqueue(i, (readers[i].Current.Key, i));
            }
        }

        if (live.Count > 0)
        {
            heads.Enqueue(liveRank, (live[0].Key, liveRank));
        }

        string? lastKey = null;
        while (heads.TryDequeue(out var source, out var head))
        {
            if (head.Key != lastKey)
            {
                lastKey = head.Key;
                yield return source == liveRank ? live[nextLive].Value : reader.Read(head.Key, readers[source].Current.Payload.Span);
            }

            if (source == liveRank)
            {
                if (++nextLive < live.Count)
                {
                    heads.Enqueue(liveRank, (live[nextLive].Key, liveRank));
                }
            }
            else if (readers[source].MoveNext())
            {
                heads.Enqueue(source, (readers[source].Current.Key, source));
            }
        }
    }

    /// <summary>Keys in ordinal order (as jobs.jsonl is sorted); for equal keys the newest source first.</summary>
    private sealed class NewestFirst : IComparer<(string Key, int Rank)>
    {
        public static NewestFirst Instance { get; } = new();

        public int Compare((string Key, int Rank) x, (string Key, int Rank) y)
        {
            var byKey = string.CompareOrdinal(x.Key, y.Key);
            return byKey != 0 ? byKey : y.Rank.CompareTo(x.Rank);
        }
    }
}
