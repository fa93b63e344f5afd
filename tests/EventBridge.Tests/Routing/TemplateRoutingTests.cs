using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge;
using BatchRuntimeMonitor.Local.EventBridge.Routing;
using BatchRuntimeMonitor.Local.EventBridge.Templates;
using BatchRuntimeMonitor.Tests.EventBridge.Templates;

namespace BatchRuntimeMonitor.Tests.EventBridge.Routing;

public class TemplateRoutingTests
{
    private static readonly Dictionary<string, string> LocalValues = new()
    {
        ["JobEventsQueue"] = "http://localhost/queue/JobEventsQueue",
        ["JobEventsDeadLetterQueue"] = "http://localhost/queue/JobEventsDeadLetterQueue",
        ["JobEventsDeadLetterQueue.Arn"] = "arn:aws:sqs:us-east-1:123456789012:JobEventsDeadLetterQueue",
        ["InstancesTable"] = "InstancesTable",
    };

    private static TemplateRouting Load(IReadOnlyDictionary<string, string>? parameters = null) =>
        TemplateRouting.Load(TestTemplates.PathOf("routing.yaml"), LocalValues, parameters);

    [Fact]
    public void Rules_and_sam_inline_events_become_routes_and_scheduled_rules_do_not()
    {
        var routing = Load();
        routing.Routes.Select(r => r.RuleLogicalId).Should().Equal(
            "JobStatesRule", "AsgRule", "SubmitJobStateMachineSubmitJobCall", "SubmitJobStateMachineDisabled");
    }

    [Fact]
    public void A_rule_routes_to_its_state_machine_targets_only()
    {
        var route = Load().Routes.Single(r => r.RuleLogicalId == "JobStatesRule");
        route.SamEventName.Should().BeNull();
        route.Enabled.Should().BeTrue();
        route.Targets.Should().ContainSingle();
        var target = route.Targets[0];
        target.TargetId.Should().Be("job-states");
        target.StateMachine.LogicalId.Should().Be("JobStatesStateMachine");
        target.RetryPolicy!.ToJsonString().Should().Be("""{"MaximumRetryAttempts":3,"MaximumEventAgeInSeconds":3600}""");
        target.DeadLetterConfig!["Arn"]!.GetValue<string>().Should().Be("arn:aws:sqs:us-east-1:123456789012:JobEventsDeadLetterQueue");
    }

    [Fact]
    public void State_machine_definition_path_and_substitutions_are_resolved()
    {
        var stateMachine = Load().StateMachine("JobStatesStateMachine");
        stateMachine.DefinitionUri.Should().Be("statemachines/job-states.asl.json");
        stateMachine.DefinitionPath.Should().Be(TestTemplates.PathOf("statemachines/job-states.asl.json"));
        File.Exists(stateMachine.DefinitionPath).Should().BeTrue();
        stateMachine.DefinitionSubstitutions.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["QueueUrl"] = "http://localhost/queue/JobEventsQueue",
            ["TableName"] = "InstancesTable",
            ["DeadLetterQueueUrl"] = "http://localhost/queue/JobEventsDeadLetterQueue",
            ["Namespace"] = "AWSBatchMetrics-us-east-1",
        });
    }

    [Fact]
    public void Sam_inline_event_rules_route_to_their_own_state_machine()
    {
        var routing = Load();
        var route = routing.Routes.Single(r => r.SamEventName == "SubmitJobCall");
        route.RuleLogicalId.Should().Be("SubmitJobStateMachineSubmitJobCall");
        route.Targets.Single().StateMachine.Should().BeSameAs(routing.StateMachine("SubmitJobStateMachine"));
        route.Targets.Single().RetryPolicy!["MaximumRetryAttempts"]!.GetValue<long>().Should().Be(2);
        routing.Routes.Single(r => r.SamEventName == "Disabled").Enabled.Should().BeFalse();
    }

    [Fact]
    public void Events_are_routed_by_pattern()
    {
        var routing = Load();
        var submitJob = CloudTrailEnvelope.Wrap(JsonNode.Parse("""{"eventSource":"batch.amazonaws.com","eventName":"SubmitJob","eventTime":"2024-01-01T00:00:00Z"}""")!);
        routing.RoutesFor(submitJob).Select(r => r.RuleLogicalId).Should().Equal("SubmitJobStateMachineSubmitJobCall");

        var jobState = JsonNode.Parse("""{"source":"aws.batch","detail-type":"Batch Job State Change","detail":{}}""")!;
        routing.RoutesFor(jobState).Select(r => r.RuleLogicalId).Should().Equal("JobStatesRule");

        var asg = JsonNode.Parse("""{"source":"aws.autoscaling","detail":{"eventName":"CreateAutoScalingGroup"}}""")!;
        routing.RoutesFor(asg).Single().Targets.Single().StateMachine.LogicalId.Should().Be("AsgStateMachine");
    }

    [Fact]
    public void A_string_event_pattern_and_a_step_functions_state_machine_are_understood()
    {
        var stateMachine = Load().StateMachine("AsgStateMachine");
        stateMachine.Type.Should().Be(ResourceTypes.StepFunctionsStateMachine);
        stateMachine.DefinitionPath.Should().BeNull();
        stateMachine.DefinitionSubstitutions["QueueUrl"].Should().Be("http://localhost/queue/JobEventsQueue");
    }

    [Fact]
    public void Resources_whose_condition_is_false_are_left_out()
    {
        var routing = Load(new Dictionary<string, string> { ["EnableAsg"] = "false" });
        routing.Routes.Select(r => r.RuleLogicalId).Should().NotContain("AsgRule");
        routing.StateMachines.Select(s => s.LogicalId).Should().NotContain("AsgStateMachine");
    }

    [Fact]
    public void Functions_queues_and_tables_are_listed()
    {
        var routing = Load();
        routing.Functions.Should().BeEquivalentTo(new[]
        {
            new FunctionDefinition(
                "JobTransitionsFunction",
                "JobTransitions::BatchRuntimeMonitor.Functions.JobTransitions.Handler::HandleAsync",
                "../../functions/JobTransitions/",
                Path.GetFullPath(Path.Combine(Path.GetDirectoryName(TestTemplates.PathOf("routing.yaml"))!, "../../functions/JobTransitions/")),
                "dotnet8"),
            new FunctionDefinition(
                "DefaultsFunction",
                "Defaults::Handler",
                "../../functions/Default/",
                Path.GetFullPath(Path.Combine(Path.GetDirectoryName(TestTemplates.PathOf("routing.yaml"))!, "../../functions/Default/")),
                "dotnet8"),
        });
        routing.QueueLogicalIds.Should().Equal("JobEventsQueue", "JobEventsDeadLetterQueue");
        routing.TableLogicalIds.Should().Equal("InstancesTable", "JobsTable");
    }

    [Fact]
    public void A_missing_local_value_names_the_substitution_and_the_key_to_pass()
    {
        var incomplete = new Dictionary<string, string>(LocalValues);
        incomplete.Remove("InstancesTable");
        FluentActions.Invoking(() => TemplateRouting.Load(TestTemplates.PathOf("routing.yaml"), incomplete))
            .Should().Throw<UnresolvableIntrinsicException>()
            .WithMessage("*JobStatesStateMachine.DefinitionSubstitutions.TableName*localValues[\"InstancesTable\"]*");
    }
}
