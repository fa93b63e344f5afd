using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class InputOutputProcessingTests
{
    private const string Input = """{"a":{"b":1,"c":[10,20]},"keep":"me"}""";

    private static string EchoTask(string fields) =>
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:test:echo\"," + fields + ",\"End\":true}}}";

    private static FakeInvoker Echo() => new(i => i.Parameters?.DeepClone());

    [Fact]
    public void InputPath_selects_the_effective_input() =>
        Sfn.Run(Sfn.SinglePass("\"InputPath\":\"$.a\""), Input).ShouldSucceedWith("""{"b":1,"c":[10,20]}""");

    [Fact]
    public void InputPath_null_gives_an_empty_object() =>
        Sfn.Run(Sfn.SinglePass("\"InputPath\":null"), Input).ShouldSucceedWith("{}");

    [Fact]
    public void Parameters_mix_literals_paths_context_and_intrinsics() =>
        Sfn.Run(Sfn.SinglePass("\"Parameters\":{\"lit\":{\"x\":[1]},\"b.$\":\"$.a.b\",\"state.$\":\"$$.State.Name\",\"f.$\":\"States.Format('{}!', $.keep)\"}"), Input)
            .ShouldSucceedWith("""{"lit":{"x":[1]},"b":1,"state":"P","f":"me!"}""");

    [Fact]
    public void Pass_Result_goes_through_ResultPath_into_a_nested_new_object() =>
        Sfn.Run(Sfn.SinglePass("\"Result\":{\"r\":true},\"ResultPath\":\"$.x.y\""), Input)
            .ShouldSucceedWith("""{"a":{"b":1,"c":[10,20]},"keep":"me","x":{"y":{"r":true}}}""");

    [Fact]
    public void ResultPath_null_discards_the_result() =>
        Sfn.Run(Sfn.SinglePass("\"Result\":5,\"ResultPath\":null"), Input).ShouldSucceedWith(Input);

    [Fact]
    public void ResultPath_dollar_replaces_the_input() =>
        Sfn.Run(Sfn.SinglePass("\"Result\":5,\"ResultPath\":\"$\""), Input).ShouldSucceedWith("5");

    [Fact]
    public void Pass_without_Result_copies_its_input_into_ResultPath() =>
        Sfn.Run(Sfn.SinglePass("\"InputPath\":\"$.a.c\",\"ResultPath\":\"$.copy\""), Input)
            .ShouldSucceedWith("""{"a":{"b":1,"c":[10,20]},"keep":"me","copy":[10,20]}""");

    [Fact]
    public void OutputPath_selects_from_the_result() =>
        Sfn.Run(Sfn.SinglePass("\"Result\":{\"v\":1},\"ResultPath\":\"$.r\",\"OutputPath\":\"$.r.v\""), Input).ShouldSucceedWith("1");

    [Fact]
    public void Task_applies_InputPath_Parameters_ResultSelector_ResultPath_OutputPath_in_order()
    {
        var invoker = Echo();
        var result = Sfn.Run(
            EchoTask("\"InputPath\":\"$.a\",\"Parameters\":{\"first.$\":\"$.c[0]\"},\"ResultSelector\":{\"picked.$\":\"$.first\"},\"ResultPath\":\"$.a.out\",\"OutputPath\":\"$.a\""),
            Input,
            invoker);
        invoker.Calls.Single().Parameters.ShouldBeJson("""{"first":10}""");
        result.ShouldSucceedWith("""{"b":1,"c":[10,20],"out":{"picked":10}}""");
    }

    [Fact]
    public void ResultPath_into_a_scalar_fails_with_ResultPathMatchFailure()
    {
        var result = Sfn.Run(Sfn.SinglePass("\"Result\":1,\"ResultPath\":\"$.keep.x\""), Input);
        result.Error.Should().Be("States.ResultPathMatchFailure");
        result.Cause.Should().Contain("'P'").And.Contain("$.keep.x");
    }

    [Theory]
    [InlineData("\"InputPath\":\"$.nope\"", "$.nope")]
    [InlineData("\"Parameters\":{\"x.$\":\"$.a.zzz\"}", "$.a.zzz")]
    [InlineData("\"OutputPath\":\"$.gone\"", "$.gone")]
    public void A_path_that_selects_nothing_fails_with_States_Runtime_naming_state_and_path(string fields, string path)
    {
        var result = Sfn.Run(Sfn.SinglePass(fields), Input);
        result.Status.Should().Be("FAILED");
        result.Error.Should().Be("States.Runtime");
        result.Cause.Should().Contain("'P'").And.Contain(path);
    }

    [Fact]
    public void Parameters_path_failure_matches_the_AWS_message_shape()
    {
        var result = Sfn.Run(Sfn.SinglePass("\"Parameters\":{\"x.$\":\"$.missing\"}"), "{\"a\":1}");
        result.Cause.Should().Be("An error occurred while executing the state 'P'. The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{\"a\":1}'");
    }

    [Fact]
    public void ResultSelector_path_to_nothing_fails_with_States_Runtime()
    {
        var result = Sfn.Run(EchoTask("\"Parameters\":{\"a\":1},\"ResultSelector\":{\"x.$\":\"$.b\"}"), Input, Echo());
        result.Error.Should().Be("States.Runtime");
        result.Cause.Should().Contain("'T'").And.Contain("$.b");
    }

    [Fact]
    public async Task One_states_changes_never_leak_into_the_execution_input_or_the_callers_json()
    {
        var input = System.Text.Json.Nodes.JsonNode.Parse(Input)!;
        var definition = """
            {"StartAt":"One","States":{
              "One":{"Type":"Pass","Result":"changed","ResultPath":"$.keep","Next":"Two"},
              "Two":{"Type":"Pass","Parameters":{"original.$":"$$.Execution.Input.keep","now.$":"$.keep"},"End":true}}}
            """;
        var interpreter = new BatchRuntimeMonitor.Local.StepFunctions.StepFunctionsInterpreter(new FakeInvoker(_ => null), new BatchRuntimeMonitor.Local.StepFunctions.InstantClock());
        var result = await interpreter.ExecuteAsync(BatchRuntimeMonitor.Local.StepFunctions.StateMachineDefinition.Parse(definition), input, new(), CancellationToken.None);
        result.ShouldSucceedWith("""{"original":"me","now":"changed"}""");
        input["keep"]!.GetValue<string>().Should().Be("me");
    }

    [Fact]
    public async Task Static_template_values_are_not_shared_between_executions()
    {
        var definition = BatchRuntimeMonitor.Local.StepFunctions.StateMachineDefinition.Parse("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Result":{"list":[1]},"ResultPath":"$.r","Next":"B"},
              "B":{"Type":"Pass","Result":2,"ResultPath":"$.r.list[0]","End":true}}}
            """);
        var interpreter = new BatchRuntimeMonitor.Local.StepFunctions.StepFunctionsInterpreter(new FakeInvoker(_ => null), new BatchRuntimeMonitor.Local.StepFunctions.InstantClock());
        var first = await interpreter.ExecuteAsync(definition, System.Text.Json.Nodes.JsonNode.Parse("{}"), new(), CancellationToken.None);
        var second = await interpreter.ExecuteAsync(definition, System.Text.Json.Nodes.JsonNode.Parse("{}"), new(), CancellationToken.None);
        first.ShouldSucceedWith("""{"r":{"list":[2]}}""");
        second.ShouldSucceedWith("""{"r":{"list":[2]}}""");
    }
}

public class CallerInputOwnershipTests
{
    [Theory]
    [InlineData("\"Parameters\":{\"e.$\":\"$\"}")]
    [InlineData("\"Parameters\":{\"e.$\":\"$$.Execution.Input\"}")]
    [InlineData("\"Parameters\":{\"e.$\":\"States.Array($)\"}")]
    [InlineData("\"ResultPath\":\"$.copy\"")]
    [InlineData("\"InputPath\":\"$.a\",\"ResultPath\":\"$.a.self\"")]
    public async Task The_callers_input_is_never_adopted_or_changed_and_can_be_reused(string fields)
    {
        var definition = BatchRuntimeMonitor.Local.StepFunctions.StateMachineDefinition.Parse(Sfn.SinglePass(fields));
        var input = System.Text.Json.Nodes.JsonNode.Parse("{\"a\":{\"b\":1}}")!;
        var interpreter = new BatchRuntimeMonitor.Local.StepFunctions.StepFunctionsInterpreter(new FakeInvoker(_ => null), new BatchRuntimeMonitor.Local.StepFunctions.InstantClock());
        var first = await interpreter.ExecuteAsync(definition, input, new(), CancellationToken.None);
        var second = await interpreter.ExecuteAsync(definition, input, new(), CancellationToken.None);

        first.Status.Should().Be("SUCCEEDED", first.Cause);
        Sfn.Compact(second.Output).Should().Be(Sfn.Compact(first.Output));
        input.Parent.Should().BeNull();
        input.ShouldBeJson("{\"a\":{\"b\":1}}");
    }
}
