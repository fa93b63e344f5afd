using System.Text.Json;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using BatchRuntimeMonitor.Tests.EventBridge.SharedSamples;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

/// <summary>
/// The replay runs every rule for every event, so a simple rule must cost about what its member lookups cost, and
/// allocate nothing: it reads the parsed event in place.
/// </summary>
[Trait("Category", "Performance")]
public class MatchingPerformanceTests(ITestOutputHelper output)
{
    private const int Iterations = 50_000;

    /// <summary>
    /// Each rule below reads at most five members and runs a matcher or two. A member of "detail" costs more than the
    /// top-level "source" the reference reads (it is searched among twenty), and on a shared machine the ratio was
    /// measured at 2 to 17: forty lookups' worth leaves room for that, and still fails a matcher that starts
    /// building nodes or strings (writing the event out for a match costs well over a hundred).
    /// </summary>
    private const double MaxLookupsPerMatch = 40;

    [Theory]
    [InlineData("""{"source":["aws.batch"],"detail-type":["Batch Job State Change"],"detail":{"status":["RUNNABLE","STARTING"]}}""", true)]
    [InlineData("""{"source":["aws.ecs"],"detail-type":["ECS Task State Change"]}""", false)]
    [InlineData("""{"source":[{"prefix":"aws."}],"detail":{"jobQueue":[{"suffix":"Queue"}],"createdAt":[{"numeric":[">",0]}]}}""", true)]
    [InlineData("""{"detail":{"jobQueue":[{"wildcard":"arn:aws:batch:*:job-queue/*"}],"status":[{"anything-but":["FAILED"]}]}}""", true)]
    [InlineData("""{"detail":{"container":{"containerInstanceArn":[{"exists":false}]},"$or":[{"status":["RUNNABLE"]},{"jobName":["x"]}]}}""", true)]
    public void A_simple_rule_costs_a_few_member_lookups_without_allocating(string patternJson, bool expected)
    {
        var pattern = EventPattern.Parse(patternJson);
        var @event = JsonDocument.Parse(SampleEvents.Load("batch-job/awsdocs-batch-runnable-2022.json").ToJsonString()).RootElement;
        pattern.Matches(@event).Should().Be(expected);
        for (var i = 0; i < 10_000; i++)
        {
            pattern.Matches(@event);
        }

        // Thread CPU time, best of several rounds: the build machine is shared, so neither waiting for a core nor
        // a round disturbed by other work (cache, GC of other tests) is the matcher's cost.
        var nanosPerMatch = double.MaxValue;
        var allocated = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = ThreadCpuClock.NowNanoseconds();
            for (var i = 0; i < Iterations; i++)
            {
                pattern.Matches(@event);
            }

            var elapsed = ThreadCpuClock.NowNanoseconds() - started;
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            nanosPerMatch = Math.Min(nanosPerMatch, elapsed / Iterations);
        }

        // Measured against one lookup of a top-level member of the same event, right now, so that a loaded machine
        // slows the bound as much as the matcher.
        var lookup = LookupNanoseconds(@event);
        output.WriteLine($"{nanosPerMatch:F1} ns per match, {nanosPerMatch / lookup:F1} lookups' worth ({lookup:F1} ns each), {allocated} bytes allocated over {Iterations} matches");

        (nanosPerMatch / lookup).Should().BeLessThan(MaxLookupsPerMatch);
        allocated.Should().BeLessThan(1024, "matching reads the parsed event in place");
    }

    private static double LookupNanoseconds(JsonElement @event)
    {
        var best = double.MaxValue;
        var found = 0;
        for (var round = 0; round < 5; round++)
        {
            var started = ThreadCpuClock.NowNanoseconds();
            for (var i = 0; i < Iterations; i++)
            {
                found += @event.TryGetProperty("source"u8, out _) ? 1 : 0;
            }

            best = Math.Min(best, (ThreadCpuClock.NowNanoseconds() - started) / Iterations);
        }

        found.Should().Be(5 * Iterations);
        return best;
    }
}
