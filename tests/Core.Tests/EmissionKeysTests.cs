using BatchRuntimeMonitor.Core.Jobs;

namespace BatchRuntimeMonitor.Tests.Core;

public class EmissionKeysTests
{
    [Theory]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:task/cluster/0123456789abcdef0123456789abcdef")]
    [InlineData("#0")]
    [InlineData("no-slash/")]
    public void A_placement_key_in_a_set_is_the_placement_key_joined_with_the_set(string attemptKey)
    {
        foreach (string[] set in new[] { new[] { "InstanceType" }, ["JobQueue", "Reason"], [] })
        {
            EmissionKeys.PlacedInSet(attemptKey, set).Should().Be(EmissionKeys.InSet(EmissionKeys.Placed(attemptKey), set));
        }
    }

    [Theory]
    [InlineData("status:RUNNING", new[] { "JobQueue" }, "status:RUNNING|JobQueue")]
    [InlineData("status:RUNNING", new[] { "JobQueue", "ComputeEnvironment", "InstanceType" }, "status:RUNNING|JobQueue,ComputeEnvironment,InstanceType")]
    [InlineData("summary", new string[0], "summary|")]
    [InlineData("", new[] { "A", null, "B" }, "|A,,B")]
    public void A_key_in_a_set_is_the_key_a_bar_and_the_set_joined_by_commas(string key, string?[] set, string expected)
    {
        // The text stored in every job's Emitted: it must stay what string.Join made of it.
        EmissionKeys.InSet(key, set!).Should().Be(expected).And.Be(key + "|" + string.Join(',', set));
        EmissionKeys.PlacedInSet("arn:aws:ecs:r:1:task/c/abc", set!).Should().Be("placed:abc|" + string.Join(',', set));
    }

    [Fact]
    public void Duration_keys_are_shared_instances()
    {
        EmissionKeys.Duration("RunningSeconds").Should().Be("duration:RunningSeconds").And.BeSameAs(EmissionKeys.Duration("RunningSeconds"));
    }
}
