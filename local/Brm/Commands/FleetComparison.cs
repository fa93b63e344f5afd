namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// Which instances fail far more of their attempts than the rest of their compute environment: a host with a bad
/// disk, driver or network fails every job it is given, and since it fails them fast it is given more. The fleet's
/// share is its compute environment's (jobs of a GPU environment fail differently from those of a CPU one), and an
/// instance is a suspect when its failures would be this many or more by chance less than once in a thousand
/// replays of the fleet (a one-sided binomial test, Bonferroni-corrected over the environment's instances).
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
            if (stopped == 0)
            {
                continue;
            }

            var share = (double)failed / stopped;
            var threshold = FleetWideChance / fleet.Count();
            foreach (var row in fleet)
            {
                row.FleetFailedShare = share;
                row.Suspect = row.AttemptsFailed >= FewestFailures
                    && AtLeastByChance(Stopped(row), row.AttemptsFailed, share) < threshold;
            }
        }
    }

    /// <summary>P(X ≥ <paramref name="failed"/>) for X ~ Binomial(<paramref name="tries"/>, <paramref name="share"/>).</summary>
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

        // The first term in logs (the binomial coefficient overflows a double beyond a thousand or so tries), then
        // each next term from the one before: term(i+1) = term(i) * (tries - i) / (i + 1) * share / (1 - share).
        var logTerm = LogChoose(tries, failed) + (failed * Math.Log(share)) + ((tries - failed) * Math.Log(1 - share));
        var term = Math.Exp(logTerm);
        var sum = 0.0;
        for (var i = failed; i <= tries && term > 0; i++)
        {
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }

            term *= (double)(tries - i) / (i + 1) * share / (1 - share);
        }

        return Math.Min(1, sum);
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
