namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// A 64-bit hash of a record key, stable for the run (string.GetHashCode has only 32 bits, too few for millions of
/// keys in one table). FNV-1a over the UTF-16 code units, then MurmurHash3's finaliser so that the low bits the index
/// masks with are well mixed. Collisions are allowed: the spill file chains records of equal hash and compares keys.
/// </summary>
internal static class KeyHash
{
    public static ulong Of(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
