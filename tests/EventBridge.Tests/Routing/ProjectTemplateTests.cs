using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;
using BatchRuntimeMonitor.Local.EventBridge.Routing;
using BatchRuntimeMonitor.Local.EventBridge.Templates;
using BatchRuntimeMonitor.Tests.EventBridge.SharedSamples;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.EventBridge.Routing;

/// <summary>The repository's template.yaml, loaded the way the local runtime will load it.</summary>
public partial class ProjectTemplateTests
{
    private static readonly string TemplatePath = RepositoryPaths.InRepo("template.yaml");

    private static readonly Lazy<TemplateRouting> Routing = new(() =>
    {
        var template = CloudFormationTemplate.Load(TemplatePath);
        return TemplateRouting.From(template, LocalValues(template));
    });

    /// <summary>Local stand-ins, as the local runtime supplies them: a queue URL per queue, the logical id as table name.</summary>
    private static Dictionary<string, string> LocalValues(CloudFormationTemplate template)
    {
        var localValues = template.ResourcesOfType(ResourceTypes.SqsQueue)
            .ToDictionary(q => q.LogicalId, q => $"http://localhost:4566/000000000000/{q.LogicalId}");
        foreach (var table in template.ResourcesOfType(ResourceTypes.DynamoDbTable))
        {
            localValues[table.LogicalId] = table.LogicalId;
        }

        return localValues;
    }

    public static TheoryData<string> StateMachineFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.InRepo("statemachines"), "*.asl.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void The_state_machines_read_alone_are_those_the_routing_reads()
    {
        var template = CloudFormationTemplate.Load(TemplatePath);
        var localValues = LocalValues(template);

        var alone = TemplateRouting.StateMachinesOf(template, localValues);

        alone.Select(s => (s.LogicalId, s.DefinitionPath, Substitutions: string.Join(";", s.DefinitionSubstitutions.OrderBy(p => p.Key, StringComparer.Ordinal))))
            .Should().Equal(Routing.Value.StateMachines.Select(s => (s.LogicalId, s.DefinitionPath, Substitutions: string.Join(";", s.DefinitionSubstitutions.OrderBy(p => p.Key, StringComparer.Ordinal)))));
        alone.Should().HaveCount(Directory.GetFiles(RepositoryPaths.InRepo("statemachines"), "*.asl.json").Length);
    }

    [Theory]
    [MemberData(nameof(StateMachineFiles))]
    public void Every_state_machine_file_has_a_state_machine_and_a_rule_routing_to_it(string fileName)
    {
        var path = RepositoryPaths.InRepo("statemachines", fileName);
        var stateMachine = Routing.Value.StateMachines.Should().ContainSingle(s => s.DefinitionPath == path).Subject;
        Routing.Value.Routes.Where(r => r.Enabled && r.Targets.Any(t => t.StateMachine.LogicalId == stateMachine.LogicalId))
            .Should().NotBeEmpty($"some rule must start {stateMachine.LogicalId}");
    }

    [Theory]
    [MemberData(nameof(StateMachineFiles))]
    public void Every_substitution_a_definition_uses_is_supplied(string fileName)
    {
        var path = RepositoryPaths.InRepo("statemachines", fileName);
        var stateMachine = Routing.Value.StateMachines.Single(s => s.DefinitionPath == path);
        var used = SubstitutionReference().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value).Distinct();
        stateMachine.DefinitionSubstitutions.Keys.Should().Contain(used);
    }

    [Theory]
    [MemberData(nameof(SharedEvents.AllRelativePaths), MemberType = typeof(SharedEvents))]
    public void Shared_samples_route_as_the_architecture_says(string relativePath)
    {
        var targets = Routing.Value.RoutesFor(SampleEvents.Load(relativePath))
            .SelectMany(r => r.Targets).Select(t => Path.GetFileName(t.StateMachine.DefinitionPath)).ToList();
        // The docs' ECS samples come from clusters Batch does not own, and the CreateAutoScalingGroup sample was a
        // console user's call: only the Batch job events are the pipeline's.
        var expected = SampleEvents.Family(relativePath) == "batch-job" ? new[] { "job-states.asl.json" } : [];
        targets.Should().Equal(expected);
    }

    [Theory]
    [InlineData("ecs-task/awsdocs-ecs-ec2-running-2016.json", "clusterArn", "arn:aws:ecs:us-east-1:111122223333:cluster/AWSBatch-ce1-0a1b2c3d", "task-placement.asl.json")]
    [InlineData("ecs-container-instance/awsdocs-ecs-container-instance-2016.json", "clusterArn", "arn:aws:ecs:us-east-1:111122223333:cluster/ce1_Batch_0a1b2c3d", "instance-registration.asl.json")]
    public void Ecs_samples_on_a_batch_cluster_reach_their_state_machine(string relativePath, string field, string value, string expected)
    {
        var @event = SampleEvents.Load(relativePath);
        @event["detail"]![field] = value;
        Routing.Value.RoutesFor(@event).SelectMany(r => r.Targets).Select(t => Path.GetFileName(t.StateMachine.DefinitionPath))
            .Should().Equal(expected);
    }

    [Fact]
    public void A_batch_invoked_create_auto_scaling_group_reaches_the_asg_state_machine()
    {
        var @event = SampleEvents.Load("cloudtrail-create-asg/sumologic-docs-console-user-launchtemplate.json");
        @event["detail"]!["userIdentity"]!["invokedBy"] = "batch.amazonaws.com";
        Routing.Value.RoutesFor(@event).SelectMany(r => r.Targets).Select(t => Path.GetFileName(t.StateMachine.DefinitionPath))
            .Should().Equal("asg-created.asl.json");
    }

    [Fact]
    public void Every_rule_delivers_with_a_retry_policy_and_a_dead_letter_queue() =>
        Routing.Value.Routes.SelectMany(r => r.Targets)
            .Should().OnlyContain(t => t.RetryPolicy != null && t.DeadLetterConfig != null);

    [Fact]
    public void Functions_and_queues_are_found() =>
        Routing.Value.Functions.Should().NotBeEmpty().And.OnlyContain(f => f.Handler != null && f.CodeUri != null);

    [Theory]
    [MemberData(nameof(SharedEvents.AllRelativePaths), MemberType = typeof(SharedEvents))]
    public void The_archive_pattern_matches_exactly_what_some_rule_matches(string relativePath)
    {
        var archives = Routing.Value.Template.ResourcesOfType("AWS::Events::Archive").ToList();
        if (archives.Count == 0)
        {
            return;
        }

        var archivePattern = EventPattern.Parse(archives[0].Properties["EventPattern"]);
        foreach (var @event in Variants(SampleEvents.Load(relativePath)))
        {
            archivePattern.Matches(@event).Should().Be(Routing.Value.RoutesFor(@event).Any(), @event.ToJsonString()[..80]);
        }
    }

    /// <summary>The sample, and the sample moved onto a Batch cluster / made a Batch call, so both answers occur.</summary>
    private static IEnumerable<JsonNode> Variants(JsonNode sample)
    {
        yield return sample;
        var batchOwned = sample.DeepClone();
        if (batchOwned["detail"] is JsonObject detail)
        {
            if (detail.ContainsKey("clusterArn"))
            {
                detail["clusterArn"] = "arn:aws:ecs:us-east-1:111122223333:cluster/AWSBatch-ce1-0a1b2c3d";
            }

            if (detail["userIdentity"] is JsonObject identity)
            {
                identity["invokedBy"] = "batch.amazonaws.com";
            }
        }

        yield return batchOwned;
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9_]+)\}")]
    private static partial Regex SubstitutionReference();
}
