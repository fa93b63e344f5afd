namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// A per-thread list the event readers collect a JSON array's items in before copying them into an array of the
/// exact size: a growing <see cref="List{T}"/> per array allocated its backing array two or three times over (an
/// environment of six variables: 4 then 8 slots, and the list object) and kept the slack for the record's life.
/// </summary>
/// <remarks>
/// Reads nest (a task's containers inside an attempt's task list), so a read does not own the list: it appends after
/// whatever an enclosing read of the same item type holds, takes its own items from where it started, and removes
/// them again, on success or failure, leaving the enclosing read's items as they were. Per thread, since a read is
/// synchronous and readers may run on several threads at once (the functions' thread, the registration fence, tests).
/// </remarks>
internal static class ItemScratch<T>
{
    [ThreadStatic]
    private static List<T>? t_items;

    /// <summary>This thread's list; a read appends after <see cref="List{T}.Count"/> as it finds it.</summary>
    public static List<T> List => t_items ??= new List<T>(16);

    /// <summary>The items appended since <paramref name="start"/> as an array of their number (the empty array for none).</summary>
    public static T[] ToArray(List<T> items, int start)
    {
        var count = items.Count - start;
        if (count == 0)
        {
            return [];
        }

        var array = new T[count];
        items.CopyTo(start, array, 0, count);
        return array;
    }

    /// <summary>Drops what a read appended (clearing the references, so the list keeps no record alive).</summary>
    public static void Release(List<T> items, int start) => items.RemoveRange(start, items.Count - start);
}
