namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// hash64(key) -> offset of the newest spilled record with that hash: all the memory a spilled record keeps.
/// Open addressing with linear probing over one array of 16-byte slots (no object per entry for the GC to trace),
/// doubled when 3/4 full: between 21 and 43 bytes per spilled key, 32 on average. Keys whose hashes collide share a
/// slot; the file chains their records (<see cref="SpillFile"/>) and the store compares full keys.
/// </summary>
internal sealed class SpillIndex
{
    private Slot[] _slots = new Slot[1024];

    public int Count { get; private set; }

    public long AllocatedBytes => (long)_slots.Length * 16;

    public bool TryGet(ulong hash, out long offset)
    {
        hash = Stored(hash);
        var mask = _slots.Length - 1;
        for (var i = (int)hash & mask; _slots[i].Hash != 0; i = (i + 1) & mask)
        {
            if (_slots[i].Hash == hash)
            {
                offset = _slots[i].Offset;
                return true;
            }
        }

        offset = -1;
        return false;
    }

    public void Set(ulong hash, long offset)
    {
        if ((Count + 1) * 4L > _slots.Length * 3L)
        {
            Grow();
        }

        if (Put(_slots, Stored(hash), offset))
        {
            Count++;
        }
    }

    /// <summary>0 marks an empty slot, so hash 0 is kept as 1: it only joins hash 1's chain, where keys are compared anyway.</summary>
    private static ulong Stored(ulong hash) => hash == 0 ? 1 : hash;

    /// <returns>True when the hash was not in the table yet.</returns>
    private static bool Put(Slot[] slots, ulong hash, long offset)
    {
        var mask = slots.Length - 1;
        var i = (int)hash & mask;
        while (slots[i].Hash != 0 && slots[i].Hash != hash)
        {
            i = (i + 1) & mask;
        }

        var added = slots[i].Hash == 0;
        slots[i] = new Slot(hash, offset);
        return added;
    }

    private void Grow()
    {
        var larger = new Slot[_slots.Length * 2];
        foreach (var slot in _slots)
        {
            if (slot.Hash != 0)
            {
                Put(larger, slot.Hash, slot.Offset);
            }
        }

        _slots = larger;
    }

    private readonly record struct Slot(ulong Hash, long Offset);
}
