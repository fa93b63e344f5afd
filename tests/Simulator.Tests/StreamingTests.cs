namespace BatchRuntimeMonitor.Tests.Simulator;

/// <summary>
/// The simulator streams: what it holds at once depends on concurrency and the delivery window, not on the
/// number of jobs. Asserted on counts the engine reports and on retained heap, never on timing.
/// </summary>
public sealed class StreamingTests
{
    [Fact]
    public void A_50k_job_day_holds_a_small_fraction_of_its_jobs_and_events_at_once()
    {
        using var day = new SimulatedDay(jobs: 50_000, seed: 3);

        day.Summary.Jobs.Should().Be(50_000);
        day.Summary.PeakLiveJobs.Should().BeLessThan(50_000 / 10);
        day.Summary.PeakBufferedLines.Should().BeLessThan((int)(day.Summary.LinesWritten / 100));
    }

    [Fact]
    public void Heap_after_a_50k_job_day_is_bounded()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using (new SimulatedDay(jobs: 50_000, seed: 4))
        {
            GC.GetTotalMemory(forceFullCollection: true).Should().BeLessThan(before + 64L * 1024 * 1024, "nothing per job or per event is retained");
        }
    }
}
