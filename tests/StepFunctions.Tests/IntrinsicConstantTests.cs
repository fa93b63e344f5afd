using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// A call of a deterministic intrinsic on literals only is evaluated once per template and then copied: every
/// evaluation still gets a value of its own, and a failing call still fails every time, naming its state.
/// </summary>
public class IntrinsicConstantTests
{
    [Theory]
    [InlineData("States.StringToJson('5')", true)]
    [InlineData("States.Format('{}-{}', 'a', 3)", true)]
    [InlineData("States.StringToJson(States.Format('[{}]', 1))", true)]
    [InlineData("States.MathAdd($.n, 1)", false)]
    [InlineData("States.Format('{}', $$.Execution.Name)", false)]
    [InlineData("States.UUID()", false)]
    [InlineData("States.MathRandom(1, 10)", false)]
    [InlineData("States.Format('{}', States.UUID())", false)]
    public void A_call_is_constant_when_deterministic_on_literals_only(string text, bool constant)
    {
        IntrinsicCall.Parse(text).IsConstant.Should().Be(constant);
    }

    [Fact]
    public void Each_evaluation_of_a_constant_call_gets_its_own_copy()
    {
        var template = PayloadTemplate.Compile(JsonNode.Parse("""{"v.$":"States.StringToJson('{\"a\":[1]}')"}"""), "S", "Parameters");

        var first = template.Evaluate(Scope())!.AsObject();
        first["v"]!["a"]!.AsArray().Add(2);
        var second = template.Evaluate(Scope())!.AsObject();

        second.ShouldBeJson("""{"v":{"a":[1]}}""");
        template.EvaluateText(Scope()).Should().Be("""{"v":{"a":[1]}}""");
        second["v"].Should().NotBeSameAs(first["v"]);
    }

    [Fact]
    public void A_constant_call_that_fails_fails_every_time_naming_its_state()
    {
        var definition = Sfn.SinglePass("""
            "Parameters":{"v.$":"States.StringToJson('not json')"}
            """);

        for (var run = 0; run < 2; run++)
        {
            var result = Sfn.Run(definition);
            result.Status.Should().Be("FAILED");
            result.Error.Should().Be(StatesErrors.IntrinsicFailure);
            result.Cause.Should().Contain("state 'P'").And.Contain("States.StringToJson");
        }
    }

    [Fact]
    public void Random_calls_still_differ_between_evaluations()
    {
        var template = PayloadTemplate.Compile(JsonNode.Parse("""{"id.$":"States.UUID()"}"""), "S", "Parameters");
        var scope = Scope();

        template.Evaluate(scope)!["id"]!.GetValue<string>().Should().NotBe(template.Evaluate(scope)!["id"]!.GetValue<string>());
    }

    private static EvaluationScope Scope()
    {
        var input = JsonNode.Parse("{}");
        var run = new ExecutionRun(new LocalServices(), new InstantClock(Sfn.Epoch), new ExecutionContextOptions(), input);
        return new EvaluationScope(input, new ContextObject(run), "S");
    }
}
