using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.EventBridge.SharedSamples;

/// <summary>The real AWS samples against the kinds of patterns this project's rules use (docs/architecture.md).</summary>
public class SharedEventMatchingTests
{
    private static readonly Dictionary<string, EventPattern> FamilyPatterns = new()
    {
        ["batch-job"] = EventPattern.Parse("""{"source":["aws.batch"],"detail-type":["Batch Job State Change","Batch Job Queue Blocked"]}"""),
        ["ecs-task"] = EventPattern.Parse("""{"source":["aws.ecs"],"detail-type":["ECS Task State Change"]}"""),
        ["ecs-container-instance"] = EventPattern.Parse("""{"source":["aws.ecs"],"detail-type":["ECS Container Instance State Change"]}"""),
        ["cloudtrail-create-asg"] = EventPattern.Parse(
            """{"source":["aws.autoscaling"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["autoscaling.amazonaws.com"],"eventName":["CreateAutoScalingGroup"]}}"""),
    };

    [Fact]
    public void Every_sample_folder_has_a_family_pattern() =>
        SharedEvents.AllFiles().Select(f => SampleEvents.Family(Path.GetRelativePath(RepositoryPaths.SharedEvents, f)))
            .Distinct().Should().BeSubsetOf(FamilyPatterns.Keys);

    [Theory]
    [MemberData(nameof(SharedEvents.AllRelativePaths), MemberType = typeof(SharedEvents))]
    public void Each_sample_matches_its_own_family_rule_and_no_other(string relativePath)
    {
        var @event = SampleEvents.Load(relativePath);
        var family = SampleEvents.Family(relativePath);
        foreach (var (name, pattern) in FamilyPatterns)
        {
            pattern.Matches(@event).Should().Be(name == family, $"{relativePath} against the {name} rule");
        }
    }

    [Theory]
    [MemberData(nameof(SharedEvents.AllRelativePaths), MemberType = typeof(SharedEvents))]
    public void Each_sample_has_the_EventBridge_envelope(string relativePath) =>
        EventPattern.Parse("""
            {"version":["0"],"id":[{"exists":true}],"account":[{"exists":true}],"region":[{"prefix":"us-"}],
             "time":[{"wildcard":"*T*Z"}],"resources":[{"exists":true},{"exists":false}],"detail":{"$or":[{"x":[{"exists":false}]},{"x":[{"exists":true}]}]}}
            """).Matches(SampleEvents.Load(relativePath)).Should().BeTrue(relativePath);

    [Theory]
    [InlineData("batch-job/awsdocs-batch-runnable-2022.json", true)]
    [InlineData("batch-job/aws-batch-runtime-monitoring-ecsproperties-succeeded.json", false)]
    [InlineData("batch-job/calcloud-failed-oom-reason.json", false)]
    public void Batch_status_anything_but_terminal(string relativePath, bool expected) =>
        EventPattern.Parse("""{"source":["aws.batch"],"detail":{"status":[{"anything-but":["SUCCEEDED","FAILED"]}]}}""")
            .Matches(SampleEvents.Load(relativePath)).Should().Be(expected);

    [Theory]
    [InlineData("batch-job/awsdocs-batch-runnable-2022.json", true)]
    [InlineData("batch-job/awsdocs-batch-runnable-2017.json", false)]
    public void Batch_createdAt_is_a_number_of_epoch_milliseconds(string relativePath, bool expected) =>
        EventPattern.Parse("""{"detail":{"createdAt":[{"numeric":[">=",1609459200000]}]}}""")
            .Matches(SampleEvents.Load(relativePath)).Should().Be(expected);

    [Theory]
    [MemberData(nameof(SharedEvents.AllRelativePaths), MemberType = typeof(SharedEvents))]
    public void Job_queue_arn_wildcard_matches_only_batch_events(string relativePath) =>
        EventPattern.Parse("""{"detail":{"jobQueue":[{"wildcard":"arn:aws:batch:*:job-queue/*"}]}}""")
            .Matches(SampleEvents.Load(relativePath))
            .Should().Be(SampleEvents.Family(relativePath) == "batch-job");

    [Fact]
    public void Container_instance_arn_found_in_either_place_with_or()
    {
        var pattern = EventPattern.Parse("""
            {"source":["aws.ecs","aws.batch"],
             "$or":[{"detail":{"containerInstanceArn":[{"prefix":"arn:aws:ecs:"}]}},
                    {"detail":{"container":{"containerInstanceArn":[{"exists":true}]}}}]}
            """);
        pattern.Matches(SampleEvents.Load("ecs-task/awsdocs-ecs-ec2-running-2016.json")).Should().BeTrue();
        pattern.Matches(SampleEvents.Load("batch-job/calcloud-failed-oom-reason.json")).Should().BeTrue();
        pattern.Matches(SampleEvents.Load("ecs-task/awsdocs-ecs-fargate-running-2020.json")).Should().BeFalse();
        pattern.Matches(SampleEvents.Load("batch-job/awsdocs-batch-runnable-2022.json")).Should().BeFalse();
    }

    [Fact]
    public void Batch_owned_cluster_filter_rejects_the_docs_clusters()
    {
        var batchClusters = EventPattern.Parse("""
            {"detail":{"clusterArn":[{"wildcard":"arn:aws:ecs:*:cluster/AWSBatch-*"},{"wildcard":"arn:aws:ecs:*:cluster/*_Batch_*"}]}}
            """);
        batchClusters.Matches(SampleEvents.Load("ecs-task/awsdocs-ecs-ec2-running-2016.json")).Should().BeFalse();
        batchClusters.Matches(SampleEvents.Load("ecs-task/awsdocs-ecs-fargate-running-2020.json")).Should().BeFalse();
        var renamed = SampleEvents.Load("ecs-task/awsdocs-ecs-ec2-running-2016.json");
        renamed["detail"]!["clusterArn"] = "arn:aws:ecs:us-east-1:111122223333:cluster/AWSBatch-ce1-1b2c3d4e";
        batchClusters.Matches(renamed).Should().BeTrue();
        renamed["detail"]!["clusterArn"] = "arn:aws:ecs:us-east-1:111122223333:cluster/ce1_Batch_1b2c3d4e";
        batchClusters.Matches(renamed).Should().BeTrue();
    }

    [Fact]
    public void CloudTrail_create_asg_by_a_console_user_is_not_a_batch_call()
    {
        var @event = SampleEvents.Load("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json");
        var byBatch = EventPattern.Parse("""
            {"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventName":["CreateAutoScalingGroup"],"userIdentity":{"invokedBy":["batch.amazonaws.com"]}}}
            """);
        byBatch.Matches(@event).Should().BeFalse();
        @event["detail"]!["userIdentity"]!["invokedBy"] = "batch.amazonaws.com";
        byBatch.Matches(@event).Should().BeTrue();
    }

    [Fact]
    public void CloudTrail_source_ip_cidr_and_user_agent_case_insensitive_prefix()
    {
        var @event = SampleEvents.Load("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json");
        EventPattern.Parse("""{"detail":{"sourceIPAddress":[{"cidr":"223.233.0.0/16"}],"userAgent":[{"prefix":{"equals-ignore-case":"mozilla/"}}]}}""")
            .Matches(@event).Should().BeTrue();
        EventPattern.Parse("""{"detail":{"sourceIPAddress":[{"cidr":"10.0.0.0/8"}]}}""").Matches(@event).Should().BeFalse();
        EventPattern.Parse("""{"detail":{"requestParameters":{"maxSize":[{"numeric":[">",1,"<=",3]}],"launchTemplate":{"version":["$Default"]}}}}""")
            .Matches(@event).Should().BeTrue();
        EventPattern.Parse("""{"detail":{"requestParameters":{"mixedInstancesPolicy":[{"exists":true}]}}}""").Matches(@event).Should().BeFalse();
        EventPattern.Parse("""{"detail":{"responseElements":[null]}}""").Matches(@event).Should().BeTrue();
    }
}
