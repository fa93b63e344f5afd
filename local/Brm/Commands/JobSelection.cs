using BatchRuntimeMonitor.Core.Jobs;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// The jobs `brm jobs` shows out of all that match: the first ones in ledger order, or with --sort the ones with the
/// longest duration, longest first. Streams the ledger and keeps at most the shown jobs, so listing a
/// million-job replay's ledger holds a page of it, not all of it.
/// </summary>
public static class JobSelection
{
    /// <summary>--sort's names and the durations they order by.</summary>
    public static IReadOnlyDictionary<string, Func<JobLedgerLine, double?>> SortKeys { get; } = new Dictionary<string, Func<JobLedgerLine, double?>>(StringComparer.Ordinal)
    {
        ["runnable"] = job => job.RunnableSeconds,
        ["starting"] = job => job.StartingSeconds,
        ["running"] = job => job.RunningSeconds,
    };

    /// <param name="longestFirst">Null: ledger order. Else the duration to order by; a job without it comes after every job with it.</param>
    /// <returns>The shown jobs and how many matched in all.</returns>
    public static (List<JobLedgerLine> Shown, long Matched) Take(IEnumerable<JobLedgerLine> jobs, int limit, Func<JobLedgerLine, double?>? longestFirst)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return longestFirst is null ? First(jobs, limit) : Longest(jobs, limit, longestFirst);
    }

    private static (List<JobLedgerLine>, long) First(IEnumerable<JobLedgerLine> jobs, int limit)
    {
        var shown = new List<JobLedgerLine>();
        long matched = 0;
        foreach (var job in jobs)
        {
            matched++;
            if (shown.Count < limit)
            {
                shown.Add(job);
            }
        }

        return (shown, matched);
    }

    private static (List<JobLedgerLine>, long) Longest(IEnumerable<JobLedgerLine> jobs, int limit, Func<JobLedgerLine, double?> duration)
    {
        // A min-heap of the longest so far: its root is the one a longer job replaces.
        var heap = new PriorityQueue<JobLedgerLine, JobOrder>(limit + 1, JobOrder.ShortestFirst);
        long matched = 0;
        foreach (var job in jobs)
        {
            matched++;
            heap.Enqueue(job, new JobOrder(duration(job), job.JobId ?? ""));
            if (heap.Count > limit)
            {
                heap.Dequeue();
            }
        }

        var shown = new List<JobLedgerLine>(heap.Count);
        while (heap.Count > 0)
        {
            shown.Add(heap.Dequeue());
        }

        shown.Reverse();
        return (shown, matched);
    }

    /// <summary>A job's place: by duration (none before any), ties by job id, reversed so the same order comes out every time.</summary>
    private readonly record struct JobOrder(double? Seconds, string JobId)
    {
        public static IComparer<JobOrder> ShortestFirst { get; } = Comparer<JobOrder>.Create((a, b) =>
        {
            var bySeconds = Nullable.Compare(a.Seconds, b.Seconds); // null sorts before any value
            return bySeconds != 0 ? bySeconds : string.CompareOrdinal(b.JobId, a.JobId);
        });
    }
}
