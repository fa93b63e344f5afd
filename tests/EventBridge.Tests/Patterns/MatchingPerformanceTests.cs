using System.Diagnostics;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using BatchRuntimeMonitor.Tests.EventBridge.SharedSamples;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

/// <summary>
/// The replay runs every rule for every event, so a simple rule must cost well under a microsecond and allocate
/// nothing once the event's JSON objects have been read (System.Text.Json builds each object's index lazily, once).
/// </summary>
[Trait("Category", "Performance")]
public class MatchingPerformanceTests(ITestOutputHelper output)
{
    private const int Iterations = 50_000;

    [Theory]
    [InlineData("""{"source":["aws.batch"],"detail-type":["Batch Job State Change"],"detail":{"status":["RUNNABLE","STARTING"]}}""", true)]
    [InlineData("""{"source":["aws.ecs"],"detail-type":["ECS Task State Change"]}""", false)]
    [InlineData("""{"source":[{"prefix":"aws."}],"detail":{"jobQueue":[{"suffix":"Queue"}],"createdAt":[{"numeric":[">",0]}]}}""", true)]
    [InlineData("""{"detail":{"jobQueue":[{"wildcard":"arn:aws:batch:*:job-queue/*"}],"status":[{"anything-but":["FAILED"]}]}}""", true)]
    [InlineData("""{"detail":{"container":{"containerInstanceArn":[{"exists":false}]},"$or":[{"status":["RUNNABLE"]},{"jobName":["x"]}]}}""", true)]
    public void A_simple_rule_matches_in_well_under_a_microsecond_without_allocating(string patternJson, bool expected)
    {
        var pattern = EventPattern.Parse(patternJson);
        var @event = SampleEvents.Load("batch-job/awsdocs-batch-runnable-2022.json");
        pattern.Matches(@event).Should().Be(expected);
        for (var i = 0; i < 10_000; i++)
        {
            pattern.Matches(@event);
        }

        // Best of several rounds: the build machine is shared, and a round interrupted by other work says nothing about the matcher.
        var nanosPerMatch = double.MaxValue;
        var allocated = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < Iterations; i++)
            {
                pattern.Matches(@event);
            }

            watch.Stop();
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
            nanosPerMatch = Math.Min(nanosPerMatch, watch.Elapsed.TotalNanoseconds / Iterations);
        }

        output.WriteLine($"{nanosPerMatch:F1} ns per match, {allocated} bytes allocated over {Iterations} matches");

        nanosPerMatch.Should().BeLessThan(1000);
        allocated.Should().BeLessThan(1024, "matching reads strings into a stack buffer");
    }
}
