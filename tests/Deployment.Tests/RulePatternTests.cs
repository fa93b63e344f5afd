using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Tests.Deployment.Support;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.Deployment;

/// <summary>Which pipeline rule (and so which state machine) each sample event reaches.</summary>
public sealed class RulePatternTests
{
    private static readonly TemplateDocument Template = TemplateDocument.Load();

    public static readonly IReadOnlyDictionary<string, string> RuleTargets = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["EcsContainerInstanceRule"] = "InstanceRegistrationStateMachine",
        ["ContainerInstanceCallsRule"] = "InstanceRegistrationStateMachine",
        ["RunTaskCallsRule"] = "RunTaskCallsStateMachine",
        ["EcsTaskRule"] = "TaskPlacementStateMachine",
        ["BatchJobRule"] = "JobStatesStateMachine",
        ["SubmitJobRule"] = "SubmitJobStateMachine",
        ["AsgCreatedRule"] = "AsgCreatedStateMachine",
    };

    public static TheoryData<string> Samples() => SharedEvents.AllRelativePaths();

    public static IReadOnlyList<string> MatchingRules(JsonObject evt) =>
        TemplateTests.PipelineRules()
            .Where(r => EventPatternMatcher.Matches(r.Properties["EventPattern"]!.AsObject(), evt))
            .Select(r => r.Id)
            .ToList();

    [Fact]
    public void EachRule_ShouldTargetTheStateMachineOfItsFamily()
    {
        foreach (var (id, props) in TemplateTests.PipelineRules())
        {
            TemplateDocument.ReferencedId(props["Targets"]![0]!["Arn"]).Should().Be(RuleTargets[id], id);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void SharedSample_ShouldReachOnlyTheRulesOfBatchOwnedResources(string relativePath)
    {
        var matched = MatchingRules(SampleEvents.Load(relativePath));
        string[] expected = relativePath.Split('/')[0] switch
        {
            // Every Batch job status is a metric, and queue-blocked events have their own kind.
            "batch-job" => ["BatchJobRule"],
            // A console user's call, not Batch's: filtered out by the rule (and again by the state machine).
            "cloudtrail-create-asg" => [],
            // The ECS samples come from clusters named "default" and "FargateCluster": not Batch's.
            "ecs-container-instance" or "ecs-task" => [],
            _ => throw new InvalidOperationException(relativePath),
        };
        matched.Should().BeEquivalentTo(expected, relativePath);
    }

    [Fact]
    public void EcsTaskEvents_OnBatchClusters_ShouldMatchOnlyWhilePendingOrRunning()
    {
        MatchingRules(SampleEvents.BatchEcsTask("PENDING")).Should().Equal("EcsTaskRule");
        MatchingRules(SampleEvents.BatchEcsTask("RUNNING")).Should().Equal("EcsTaskRule");
        MatchingRules(SampleEvents.BatchEcsTask("RUNNING", desiredStatus: "STOPPED")).Should().BeEmpty();
        MatchingRules(SampleEvents.BatchEcsTask("STOPPED", desiredStatus: "STOPPED")).Should().BeEmpty();
        MatchingRules(SampleEvents.BatchFargateTask()).Should().Equal("EcsTaskRule");
    }

    [Fact]
    public void ContainerInstanceEvents_OnBothBatchClusterNamings_ShouldMatch()
    {
        MatchingRules(SampleEvents.BatchContainerInstance()).Should().Equal("EcsContainerInstanceRule");
        var newNaming = SampleEvents.With(SampleEvents.BatchContainerInstance(), e => e["detail"]!["clusterArn"] = SampleEvents.BatchClusterArn);
        MatchingRules(newNaming).Should().Equal("EcsContainerInstanceRule");
        var lookalike = SampleEvents.With(SampleEvents.BatchContainerInstance(), e => e["detail"]!["clusterArn"] = "arn:aws:ecs:us-east-1:1:cluster/MyAWSBatch-like");
        MatchingRules(lookalike).Should().BeEmpty();
    }

    [Fact]
    public void CloudTrailCalls_ShouldMatchOnlyWhenMadeByBatchOrOnBatchClusters()
    {
        MatchingRules(SampleEvents.BatchCreateAsg()).Should().Equal("AsgCreatedRule");
        MatchingRules(SampleEvents.CloudTrailCall("aws.ecs", "ecs.amazonaws.com", "RunTask", "batch.amazonaws.com", new JsonObject { ["cluster"] = SampleEvents.BatchClusterArn }))
            .Should().Equal("RunTaskCallsRule");
        MatchingRules(SampleEvents.CloudTrailCall("aws.ecs", "ecs.amazonaws.com", "RunTask", null, new JsonObject { ["cluster"] = SampleEvents.BatchClusterArn }))
            .Should().BeEmpty();
        MatchingRules(SampleEvents.CloudTrailCall("aws.ecs", "ecs.amazonaws.com", "RegisterContainerInstance", null, new JsonObject { ["cluster"] = "AWSBatch-ce-prod-0a95f22d" }))
            .Should().Equal("ContainerInstanceCallsRule");
        MatchingRules(SampleEvents.CloudTrailCall("aws.ecs", "ecs.amazonaws.com", "DeregisterContainerInstance", null, new JsonObject { ["cluster"] = SampleEvents.OldBatchClusterArn }))
            .Should().Equal("ContainerInstanceCallsRule");
        MatchingRules(SampleEvents.CloudTrailCall("aws.ecs", "ecs.amazonaws.com", "RegisterContainerInstance", null, new JsonObject { ["cluster"] = "default" }))
            .Should().BeEmpty();
        MatchingRules(SampleEvents.CloudTrailCall("aws.batch", "batch.amazonaws.com", "SubmitJob", null, new JsonObject { ["jobName"] = "j" }))
            .Should().Equal("SubmitJobRule");
    }
}
