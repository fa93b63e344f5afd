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

    [Fact]
    public void Duration_keys_are_shared_instances()
    {
        EmissionKeys.Duration("RunningSeconds").Should().Be("duration:RunningSeconds").And.BeSameAs(EmissionKeys.Duration("RunningSeconds"));
    }
}
