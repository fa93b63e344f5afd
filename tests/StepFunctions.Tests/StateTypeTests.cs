using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class StateTypeTests
{
    [Fact]
    public void Succeed_ends_with_its_filtered_input() =>
        Sfn.Run("""{"StartAt":"S","States":{"S":{"Type":"Succeed","InputPath":"$.a"}}}""", "{\"a\":[1]}").ShouldSucceedWith("[1]");

    [Fact]
    public void Fail_reports_literal_error_and_cause()
    {
        var result = Sfn.Run("""{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Custom.Bad","Cause":"because"}}}""");
        result.Status.Should().Be("FAILED");
        (result.Error, result.Cause).Should().Be(("Custom.Bad", "because"));
    }

    [Fact]
    public void Fail_reads_ErrorPath_and_CausePath_including_intrinsics()
    {
        var result = Sfn.Run("""{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('cause {}', $.c)"}}}""", "{\"e\":\"E1\",\"c\":7}");
        (result.Error, result.Cause).Should().Be(("E1", "cause 7"));
    }

    [Fact]
    public void Parallel_gives_each_branch_its_own_input_and_collects_results_in_order()
    {
        var definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","ResultPath":"$.results","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","Result":"changed","ResultPath":"$.v","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":5,"Next":"B2"},"B2":{"Type":"Pass","InputPath":"$.v","End":true}}}]}}}
            """;
        Sfn.Run(definition, "{\"v\":\"original\"}").ShouldSucceedWith("""{"v":"original","results":[{"v":"changed"},"original"]}""");
    }

    [Fact]
    public void Parallel_branch_failure_fails_the_state_and_can_be_caught()
    {
        var definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Ok","Catch":[{"ErrorEquals":["Branch.Error"],"ResultPath":"$.err","Next":"Ok"}],"Branches":[
              {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Branch.Error","Cause":"c"}}}]},
              "Ok":{"Type":"Succeed"}}}
            """;
        Sfn.Run(definition, "{}").ShouldSucceedWith("""{"err":{"Error":"Branch.Error","Cause":"c"}}""");
    }

    [Fact]
    public void Map_runs_the_iterator_per_item_with_ResultSelector_and_legacy_Iterator_and_Parameters()
    {
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","MaxConcurrency":1,
              "Parameters":{"x.$":"$$.Map.Item.Value"},
              "Iterator":{"StartAt":"Double","States":{"Double":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($.x, $.x)"},"OutputPath":"$.v","End":true}}},
              "ResultSelector":{"all.$":"$","n.$":"States.ArrayLength($)"},"ResultPath":"$.out","End":true}}}
            """;
        Sfn.Run(definition, "{\"xs\":[1,2,3]}").ShouldSucceedWith("""{"xs":[1,2,3],"out":{"all":[2,4,6],"n":3}}""");
    }

    [Fact]
    public void Map_items_are_copies_so_iterations_cannot_change_the_input()
    {
        var definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","ResultPath":"$.out","End":true,
              "ItemProcessor":{"StartAt":"Mark","States":{"Mark":{"Type":"Pass","Result":1,"ResultPath":"$.seen","End":true}}}}}}
            """;
        Sfn.Run(definition, "{\"xs\":[{\"a\":1}]}").ShouldSucceedWith("""{"xs":[{"a":1}],"out":[{"a":1,"seen":1}]}""");
    }

    [Fact]
    public void Map_over_a_non_array_fails_with_States_Runtime_naming_ItemsPath()
    {
        var definition = """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","End":true,"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}""";
        var result = Sfn.Run(definition, "{\"xs\":1}");
        result.Error.Should().Be("States.Runtime");
        result.Cause.Should().Contain("'M'").And.Contain("$.xs");
    }

    [Fact]
    public void Trace_lists_states_in_the_order_entered()
    {
        var definition = """
            {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"C"},
              "C":{"Type":"Choice","Choices":[{"Variable":"$.go","BooleanEquals":true,"Next":"B"}],"Default":"D"},
              "B":{"Type":"Pass","End":true},"D":{"Type":"Pass","End":true}}}
            """;
        Sfn.Run(definition, "{\"go\":true}").StatesEntered.Should().Equal("A", "C", "B");
    }

    [Fact]
    public void In_memory_executions_complete_synchronously_as_the_replay_needs()
    {
        var definition = StateMachineDefinition.Parse("""
            {"StartAt":"Filter","States":{
              "Filter":{"Type":"Choice","Choices":[{"Variable":"$.detail.clusterArn","StringMatches":"*AWSBatch-*","Next":"Extract"}],"Default":"Skip"},
              "Extract":{"Type":"Pass","Parameters":{"arn.$":"$.detail.containerInstanceArn","az.$":"$.detail.attributes[?(@.name=='ecs.availability-zone')].value"},"ResultPath":"$.extract","Next":"Record"},
              "Record":{"Type":"Pass","Parameters":{"schema":1,"kind":"ContainerInstanceStateChange","event.$":"$$.Execution.Input","extract.$":"$.extract"},"End":true},
              "Skip":{"Type":"Succeed"}}}
            """);
        var input = JsonNode.Parse("""
            {"detail-type":"ECS Container Instance State Change","detail":{"clusterArn":"arn:aws:ecs:us-east-1:1:cluster/AWSBatch-ce-1","containerInstanceArn":"arn:ci",
             "attributes":[{"name":"ecs.availability-zone","value":"us-east-1a"},{"name":"ecs.os-type","value":"linux"}]}}
            """);
        var interpreter = new StepFunctionsInterpreter(new LocalServices(), new InstantClock(Sfn.Epoch));
        var options = new ExecutionContextOptions();
        const int Runs = 20_000;
        var notSynchronous = 0;
        for (var i = 0; i < Runs; i++)
        {
            var task = interpreter.ExecuteAsync(definition, input, options, CancellationToken.None);
            notSynchronous += task.IsCompletedSuccessfully ? 0 : 1;
        }

        // How fast is for the benchmarks (docs/performance.md), never asserted in a unit test.
        notSynchronous.Should().Be(0, "in-memory executions complete synchronously and succeed");
    }
}
