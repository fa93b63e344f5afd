namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// Which instances fail far more of their attempts than the rest of their compute environment: a host with a bad
/// disk, driver or network fails every job it is given, and since it fails them fast it is given more. Each instance
/// is weighed against the other instances of its compute environment (jobs of a GPU environment fail differently from
/// those of a CPU one; counting the instance in its own fleet would let a bad host raise the share it is measured
/// against), and is a suspect when its failures would be this many or more by chance less than once in a thousand
/// replays of the environment (a one-sided binomial test, Bonferroni-corrected over the environment's instances).
/// </summary>
public static class FleetComparison
{
    /// <summary>The chance, over all the environment's instances together, below which an instance is a suspect.</summary>
    public const double FleetWideChance = 0.001;

    /// <summary>Fewer failed attempts than this never make a suspect, however short the instance's life.</summary>
    public const int FewestFailures = 3;

    /// <summary>Fills each row's <see cref="InstanceActivityRow.FleetFailedShare"/> and <see cref="InstanceActivityRow.Suspect"/>.</summary>
    public static void Compare(IReadOnlyCollection<InstanceActivityRow> rows)
    {
        foreach (var fleet in rows.GroupBy(row => row.ComputeEnvironment ?? "", StringComparer.Ordinal))
        {
            var stopped = fleet.Sum(Stopped);
            var failed = fleet.Sum(row => row.AttemptsFailed);
            var threshold = FleetWideChance / fleet.Count();
            foreach (var row in fleet)
            {
                var othersStopped = stopped - Stopped(row);
                if (othersStopped == 0)
                {
                    continue; // alone in its environment, or the only one that ran anything: nothing to weigh it against
                }

                // Half a failure in one more attempt: the rest of a small fleet with no failure yet is not a fleet that
                // never fails, which would make any failure a suspect one.
                var share = (failed - row.AttemptsFailed + 0.5) / (othersStopped + 1);
                row.FleetFailedShare = share;
                row.Suspect = row.AttemptsFailed >= FewestFailures
                    && AtLeastByChance(Stopped(row), row.AttemptsFailed, share) < threshold;
            }
        }
    }

    /// <summary>P(X ≥ <paramref name="failed"/>) for X ~ Binomial(<paramref name="tries"/>, <paramref name="share"/>).</summary>
    /// <remarks>
    /// Summed from the end nearer the tail's largest term, so the first term is the largest and the sum stops once
    /// the terms no longer count: above the distribution's mode the upper tail itself, below it one minus the lower
    /// tail (summing the upper tail from far below the mode began with a term that underflowed to 0).
    /// </remarks>
    public static double AtLeastByChance(long tries, long failed, double share)
    {
        if (failed <= 0)
        {
            return 1;
        }

        if (failed > tries || share <= 0)
        {
            return 0;
        }

        if (share >= 1)
        {
            return 1;
        }

        var mode = (long)Math.Floor((tries + 1) * share);
        return failed > mode
            ? Math.Min(1, Tail(tries, failed, share, upward: true))
            : Math.Max(0, 1 - Tail(tries, failed - 1, share, upward: false));
    }

    /// <summary>P(X ≥ from) when <paramref name="upward"/>, else P(X ≤ from), for a start on the tail's side of the mode.</summary>
    private static double Tail(long tries, long from, double share, bool upward)
    {
        // The first term in logs (the binomial coefficient overflows a double beyond a thousand or so tries), then each
        // next from the one before: up, term(i+1) = term(i) * (tries - i) / (i + 1) * share / (1 - share); down, the inverse.
        var term = Math.Exp(LogChoose(tries, from) + (from * Math.Log(share)) + ((tries - from) * Math.Log(1 - share)));
        var sum = 0.0;
        for (var i = from; i >= 0 && i <= tries && term > 0; i += upward ? 1 : -1)
        {
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }

            term *= upward
                ? (double)(tries - i) / (i + 1) * share / (1 - share)
                : (double)i / (tries - i + 1) * (1 - share) / share;
        }

        return sum;
    }

    private static long Stopped(InstanceActivityRow row) => row.Attempts - row.AttemptsNotStopped;

    private static double LogChoose(long n, long k)
    {
        k = Math.Min(k, n - k);
        var log = 0.0;
        for (var i = 1; i <= k; i++)
        {
            log += Math.Log(n - k + i) - Math.Log(i);
        }

        return log;
    }
}
