using System.Security.Cryptography;
using System.Text.Json;

namespace BatchRuntimeMonitor.Tests.Simulator;

/// <summary>A small and a mid-size day, simulated once and shared by the capacity tests.</summary>
public sealed class CapacityDaysFixture : IDisposable
{
    public SimulatedDay Small { get; } = new(jobs: 1_000, seed: 11);

    public SimulatedDay Large { get; } = new(jobs: 20_000, seed: 11);

    public IEnumerable<SimulatedDay> Days => [Small, Large];

    public void Dispose()
    {
        Small.Dispose();
        Large.Dispose();
    }
}

/// <summary>
/// What an operator checks on a day of any size: compute environments scale with the arrivals, so jobs wait
/// RUNNABLE for seconds to minutes (an instance boot, not a backlog) and the day's work ends a few hours after
/// the day does. Asserted on the ground truth and the summary, which the model writes as it decides.
/// </summary>
public sealed class CapacityTests(CapacityDaysFixture fixture) : IClassFixture<CapacityDaysFixture>
{
    /// <summary>
    /// A job submitted just before midnight may run up to its 4 h attempt timeout, and its instance then idles
    /// for up to 12 min before it leaves; an hour more allows for a retry. A backlog would add far more (the
    /// previous capacity model ran 24 h past the end of a 100,000-job day).
    /// </summary>
    private static readonly TimeSpan MaxTailAfterDayEnd = TimeSpan.FromHours(5);

    [Fact]
    public void The_last_event_falls_within_a_few_hours_after_the_day_ends()
    {
        foreach (var day in fixture.Days)
        {
            var dayEnd = day.Options.Start.AddDays(1);

            day.Summary.LastEventTime.Should().BeOnOrBefore(dayEnd + MaxTailAfterDayEnd, $"a {day.Options.Jobs:N0}-job day drains its work after midnight");
            day.Summary.LastEventTime.Should().BeAfter(dayEnd - TimeSpan.FromHours(2), $"a {day.Options.Jobs:N0}-job day submits until its end");
        }
    }

    [Fact]
    public void Jobs_wait_RUNNABLE_for_seconds_to_minutes()
    {
        foreach (var day in fixture.Days)
        {
            var waits = RunnableSeconds(day).Select(w => w.Seconds).ToList();

            waits.Should().HaveCountGreaterThan(day.Options.Jobs * 8 / 10, "plain jobs and array children all wait RUNNABLE once");
            Percentile(waits, 0.50).Should().BeLessThanOrEqualTo(30, $"on a {day.Options.Jobs:N0}-job day most jobs find a free slot");
            Percentile(waits, 0.95).Should().BeLessThanOrEqualTo(300, $"on a {day.Options.Jobs:N0}-job day few jobs wait longer than an instance boot");
        }
    }

    [Fact]
    public void No_queue_builds_a_backlog()
    {
        foreach (var day in fixture.Days)
        {
            foreach (var queue in RunnableSeconds(day).GroupBy(w => w.Queue))
            {
                Percentile(queue.Select(w => w.Seconds).ToList(), 0.99).Should().BeLessThanOrEqualTo(1800, $"queue {queue.Key} on a {day.Options.Jobs:N0}-job day");
            }
        }
    }

    [Fact]
    public void The_fleet_grows_with_the_number_of_jobs()
    {
        var small = fixture.Small.Summary;
        var large = fixture.Large.Summary;

        small.PeakInstances.Should().BePositive();
        large.PeakInstances.Should().BeGreaterThan(5 * small.PeakInstances, "20 times the jobs need many times the instances at the peak");
        large.Instances.Should().BeGreaterThan(large.PeakInstances, "instances scale in after the peaks and out again");
    }

    [Fact]
    public void A_larger_day_is_deterministic_too()
    {
        using var again = new SimulatedDay(jobs: 5_000, seed: 11);
        using var once = new SimulatedDay(jobs: 5_000, seed: 11);

        foreach (var file in new[] { "batch.jsonl", "ecs.jsonl", "cloudtrail.jsonl", "ground-truth.json" })
        {
            Sha256(again.FileOf(file)).Should().Be(Sha256(once.FileOf(file)), file);
        }

        again.Summary.PeakInstances.Should().Be(once.Summary.PeakInstances);
        again.Summary.LastEventTime.Should().Be(once.Summary.LastEventTime);
    }

    private static List<(string Queue, double Seconds)> RunnableSeconds(SimulatedDay day) =>
        day.GroundTruth().GetProperty("jobs").EnumerateArray()
            .Where(r => r.GetProperty("RunnableSeconds").ValueKind == JsonValueKind.Number)
            .Select(r => (r.GetProperty("JobQueue").GetString()!, r.GetProperty("RunnableSeconds").GetDouble()))
            .ToList();

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(fraction * sorted.Count))];
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
