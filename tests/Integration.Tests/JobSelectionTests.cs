using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Local.Brm.Commands;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>`brm jobs`'s page of the ledger: the first jobs in ledger order, or the longest by a duration.</summary>
public sealed class JobSelectionTests
{
    [Fact]
    public void Longest_first_is_what_a_full_sort_gives_with_ties_by_id_and_jobs_without_the_duration_last()
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            LongestFirstMatchesAFullSort(seed);
        }
    }

    private static void LongestFirstMatchesAFullSort(int seed)
    {
        var random = new Random(seed);
        // Few distinct durations (ties) and a fifth without one.
        var jobs = Enumerable.Range(0, random.Next(0, 400))
            .Select(i => new JobLedgerLine { JobId = $"job-{random.Next(1000):D4}-{i}", RunnableSeconds = random.Next(5) == 0 ? null : random.Next(20) })
            .ToList();

        foreach (var limit in new[] { 0, 1, 7, 50, 1000 })
        {
            var expected = jobs.OrderByDescending(j => j.RunnableSeconds.HasValue).ThenByDescending(j => j.RunnableSeconds)
                .ThenBy(j => j.JobId, StringComparer.Ordinal).Take(limit).Select(j => j.JobId);

            var (shown, matched) = JobSelection.Take(jobs, limit, JobSelection.SortKeys["runnable"]);

            shown.Select(j => j.JobId).Should().Equal(expected, $"seed {seed}, limit {limit}");
            matched.Should().Be(jobs.Count, $"seed {seed}");
        }
    }

    [Fact]
    public void Without_a_sort_the_first_jobs_in_ledger_order_and_all_counted()
    {
        var jobs = Enumerable.Range(0, 120).Select(i => new JobLedgerLine { JobId = $"z-{i}", RunningSeconds = 120 - i }).ToList();

        var (shown, matched) = JobSelection.Take(jobs, 50, longestFirst: null);

        shown.Should().Equal(jobs.Take(50));
        matched.Should().Be(120);
    }

    [Theory]
    [InlineData("starting")]
    [InlineData("running")]
    public void Each_sort_orders_by_its_own_duration(string key)
    {
        var jobs = new[]
        {
            new JobLedgerLine { JobId = "a", RunnableSeconds = 900, StartingSeconds = 1, RunningSeconds = 5 },
            new JobLedgerLine { JobId = "b", RunnableSeconds = 1, StartingSeconds = 60, RunningSeconds = 1 },
            new JobLedgerLine { JobId = "c", RunnableSeconds = 2, StartingSeconds = 2, RunningSeconds = 3600 },
        };

        var (shown, _) = JobSelection.Take(jobs, 1, JobSelection.SortKeys[key]);

        shown.Should().ContainSingle().Which.JobId.Should().Be(key == "starting" ? "b" : "c");
    }
}
