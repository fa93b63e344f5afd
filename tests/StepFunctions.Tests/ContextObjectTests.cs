using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class ContextObjectTests
{
    [Fact]
    public void Exposes_execution_state_and_state_machine_fields()
    {
        var options = new ExecutionContextOptions
        {
            StateMachineName = "sm",
            StateMachineArn = "arn:aws:states:us-east-1:1:stateMachine:sm",
            ExecutionName = "run1",
            RoleArn = "arn:aws:iam::1:role/r",
        };
        var result = Sfn.Run(
            Sfn.SinglePass("\"Parameters\":{\"id.$\":\"$$.Execution.Id\",\"name.$\":\"$$.Execution.Name\",\"input.$\":\"$$.Execution.Input\",\"start.$\":\"$$.Execution.StartTime\",\"role.$\":\"$$.Execution.RoleArn\",\"state.$\":\"$$.State.Name\",\"entered.$\":\"$$.State.EnteredTime\",\"retries.$\":\"$$.State.RetryCount\",\"smId.$\":\"$$.StateMachine.Id\",\"smName.$\":\"$$.StateMachine.Name\"}"),
            "{\"x\":1}",
            options: options);
        result.ShouldSucceedWith("""
            {"id":"arn:aws:states:us-east-1:1:execution:sm:run1","name":"run1","input":{"x":1},"start":"2024-01-01T00:00:00.000Z",
             "role":"arn:aws:iam::1:role/r","state":"P","entered":"2024-01-01T00:00:00.000Z","retries":0,
             "smId":"arn:aws:states:us-east-1:1:stateMachine:sm","smName":"sm"}
            """);
    }

    [Fact]
    public void A_namer_names_the_execution_from_its_input_and_number_once_and_only_when_the_name_is_read()
    {
        var calls = 0;
        var options = new ExecutionContextOptions
        {
            StateMachineName = "sm",
            StateMachineArn = "arn:aws:states:us-east-1:1:stateMachine:sm",
            ExecutionName = "not-this-one",
            ExecutionNumber = 7,
            ExecutionNamer = (input, number) =>
            {
                calls++;
                return $"{input?["id"]}-{number}";
            },
        };
        Sfn.Run(Sfn.SinglePass("\"Parameters\":{\"id.$\":\"$$.Execution.Id\",\"name.$\":\"$$.Execution.Name\",\"again.$\":\"$$.Execution.Name\"}"), "{\"id\":\"ev1\"}", options: options)
            .ShouldSucceedWith("""{"id":"arn:aws:states:us-east-1:1:execution:sm:ev1-7","name":"ev1-7","again":"ev1-7"}""");
        calls.Should().Be(1);

        calls = 0;
        Sfn.Run(Sfn.SinglePass("\"Parameters\":{\"input.$\":\"$$.Execution.Input\",\"x.$\":\"$.x\"}"), "{\"x\":1}", options: options)
            .ShouldSucceedWith("""{"input":{"x":1},"x":1}""");
        calls.Should().Be(0, "nothing read the name");
    }

    [Fact]
    public void Map_item_index_and_value_are_available_in_ItemSelector()
    {
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
              "ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","tag.$":"$.tag"},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """;
        Sfn.Run(definition, """{"items":["a","b"],"tag":"t"}""")
            .ShouldSucceedWith("""[{"i":0,"v":"a","tag":"t"},{"i":1,"v":"b","tag":"t"}]""");
    }
}
