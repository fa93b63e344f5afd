using BatchRuntimeMonitor.Local.EventBridge.Routing;
using BatchRuntimeMonitor.Tests.EventBridge.Templates;

namespace BatchRuntimeMonitor.Tests.EventBridge.Routing;

/// <summary>Every way a rule target can name a state machine of the same template.</summary>
public class TargetFormTests
{
    private static readonly TemplateRouting Routing =
        TemplateRouting.Load(TestTemplates.PathOf("target-forms.yaml"), new Dictionary<string, string>());

    [Theory]
    [InlineData("ByRef")]
    [InlineData("ByGetAttList")]
    [InlineData("BySub")]
    [InlineData("BySubArn")]
    public void The_target_state_machine_is_found(string ruleId) =>
        Routing.Routes.Single(r => r.RuleLogicalId == ruleId).Targets.Single().StateMachine.LogicalId.Should().Be("Machine");

    [Fact]
    public void A_literal_arn_is_not_a_state_machine_of_this_template_and_disabled_rules_do_not_route()
    {
        var route = Routing.Routes.Single(r => r.RuleLogicalId == "ByLiteralArn");
        route.Targets.Should().BeEmpty();
        route.Enabled.Should().BeFalse();
        route.Matches(System.Text.Json.Nodes.JsonNode.Parse("""{"source":"a"}""")).Should().BeFalse();
    }

    [Fact]
    public void An_inline_definition_has_no_path() =>
        Routing.StateMachine("Machine").DefinitionPath.Should().BeNull();
}
