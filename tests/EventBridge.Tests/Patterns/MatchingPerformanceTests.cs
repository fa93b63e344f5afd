using System.Text.Json;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using BatchRuntimeMonitor.Tests.EventBridge.SharedSamples;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

/// <summary>
/// The replay runs the rules for every event, so matching must read the parsed event in place: a matcher that starts
/// building nodes or strings (or writes the event out) allocates, and that is what these tests catch. How long a
/// match takes is measured by benchmarks (docs/performance.md), never asserted here.
/// </summary>
public class MatchingPerformanceTests
{
    private const int Iterations = 50_000;

    [Theory]
    [InlineData("""{"source":["aws.batch"],"detail-type":["Batch Job State Change"],"detail":{"status":["RUNNABLE","STARTING"]}}""", true)]
    [InlineData("""{"source":["aws.ecs"],"detail-type":["ECS Task State Change"]}""", false)]
    [InlineData("""{"source":[{"prefix":"aws."}],"detail":{"jobQueue":[{"suffix":"Queue"}],"createdAt":[{"numeric":[">",0]}]}}""", true)]
    [InlineData("""{"detail":{"jobQueue":[{"wildcard":"arn:aws:batch:*:job-queue/*"}],"status":[{"anything-but":["FAILED"]}]}}""", true)]
    [InlineData("""{"detail":{"container":{"containerInstanceArn":[{"exists":false}]},"$or":[{"status":["RUNNABLE"]},{"jobName":["x"]}]}}""", true)]
    public void A_simple_rule_matches_the_parsed_event_without_allocating(string patternJson, bool expected)
    {
        var pattern = EventPattern.Parse(patternJson);
        var @event = JsonDocument.Parse(SampleEvents.Load("batch-job/awsdocs-batch-runnable-2022.json").ToJsonString()).RootElement;
        pattern.Matches(@event).Should().Be(expected);
        for (var i = 0; i < 1_000; i++)
        {
            pattern.Matches(@event);
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var matched = 0;
        for (var i = 0; i < Iterations; i++)
        {
            matched += pattern.Matches(@event) ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        matched.Should().Be(expected ? Iterations : 0);
        allocated.Should().BeLessThan(1024, $"matching reads the parsed event in place ({allocated} bytes over {Iterations} matches)");
    }
}
