using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// A caller that never reads an execution's output (<see cref="ExecutionContextOptions.DiscardOutput"/>) or the names
/// of its states (<see cref="ExecutionContextOptions.RecordStatesEntered"/>): what it does read must not change.
/// </summary>
public class UnreadResultsTests
{
    private const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/events";

    private static readonly ExecutionContextOptions Unread = new() { DiscardOutput = true, RecordStatesEntered = false };

    private static string SendState(string extra = "", string end = "\"End\":true") =>
        $$"""{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"{{QueueUrl}}","MessageBody.$":"$"}{{extra}},{{end}}}""";

    private static string OneState(string send) => """{"StartAt":"Send","States":{"Send":""" + send + "}}";

    private static (LocalServices Services, InMemorySqsQueues Queues) Services(bool metadata)
    {
        var queues = new InMemorySqsQueues();
        queues.CreateQueue(QueueUrl);
        return (new LocalServices(queues: queues, options: new LocalServicesOptions { IncludeSdkMetadata = metadata, RandomSeed = 3 }), queues);
    }

    private static (ExecutionResult Result, IReadOnlyList<SqsMessage> Sent) Run(string definition, ExecutionContextOptions options, bool metadata = true, int executions = 1)
    {
        var (services, queues) = Services(metadata);
        ExecutionResult? result = null;
        for (var i = 0; i < executions; i++)
        {
            result = Sfn.Run(definition, """{"n":1}""", services, options: options);
        }

        return (result!, queues.Messages(QueueUrl));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_discarded_output_is_null_and_the_messages_are_the_same_ids_and_bodies(bool metadata)
    {
        var definition = OneState(SendState());

        var (read, readSent) = Run(definition, new ExecutionContextOptions(), metadata, executions: 3);
        var (unread, unreadSent) = Run(definition, Unread, metadata, executions: 3);

        read.Output!["MessageId"]!.GetValue<string>().Should().Be(readSent[^1].MessageId);
        unread.Status.Should().Be(ExecutionResult.Succeeded);
        unread.Output.Should().BeNull();

        // The ids come from one seeded sequence that the metadata's request ids draw from too: a result not built
        // must not shift the ids of the messages after it.
        unreadSent.Select(m => (m.MessageId, m.Body)).Should().Equal(readSent.Select(m => (m.MessageId, m.Body)));
    }

    [Fact]
    public void A_result_selector_on_the_last_state_still_reads_the_result_and_fails_as_it_would()
    {
        var reads = OneState(SendState(""","ResultSelector":{"id.$":"$.MessageId"}"""));
        var fails = OneState(SendState(""","ResultSelector":{"id.$":"$.NoSuchField"}"""));

        Run(reads, Unread).Result.Status.Should().Be(ExecutionResult.Succeeded);
        var failed = Run(fails, Unread).Result;
        var failedReading = Run(fails, new ExecutionContextOptions()).Result;

        failed.Status.Should().Be(ExecutionResult.Failed);
        (failed.Error, failed.Cause).Should().Be((failedReading.Error, failedReading.Cause));
    }

    [Fact]
    public void An_output_path_on_the_last_state_still_fails_on_a_result_without_its_field()
    {
        var definition = OneState(SendState(",\"OutputPath\":\"$.NoSuchField\""));

        var (result, sent) = Run(definition, Unread);

        result.Status.Should().Be(ExecutionResult.Failed);
        result.Error.Should().Be("States.Runtime");
        sent.Should().ContainSingle("the message was sent before the path failed");
    }

    [Fact]
    public void The_result_of_a_state_that_is_not_last_is_still_read()
    {
        var definition = """{"StartAt":"Send","States":{"Send":""" + SendState(end: "\"Next\":\"Check\"") + """
            ,"Check":{"Type":"Choice","Choices":[{"Variable":"$.MessageId","IsPresent":true,"Next":"Done"}],"Default":"Missing"},
             "Done":{"Type":"Succeed"},
             "Missing":{"Type":"Fail","Error":"NoMessageId"}}}
            """;

        Run(definition, Unread).Result.Status.Should().Be(ExecutionResult.Succeeded);
    }

    [Fact]
    public void The_last_state_of_a_parallel_branch_hands_its_result_to_the_parallel_state()
    {
        // The branch's End is not the execution's: the Parallel state's OutputPath reads the branch's result.
        var definition = """
            {"StartAt":"Both","States":{"Both":{"Type":"Parallel","OutputPath":"$[0].MessageId","End":true,
              "Branches":[
            """ + OneState(SendState()) + "]}}}";

        var (result, sent) = Run(definition, Unread);

        result.Status.Should().Be(ExecutionResult.Succeeded);
        sent.Should().ContainSingle();
    }

    [Fact]
    public void A_null_result_path_sends_the_message_and_passes_the_input_on_whether_the_output_is_read_or_not()
    {
        var definition = OneState(SendState(""","ResultPath":null"""));

        var (read, sent) = Run(definition, new ExecutionContextOptions());
        var (unread, unreadSent) = Run(definition, Unread);

        read.ShouldSucceedWith("""{"n":1}""");
        sent.Should().ContainSingle().Which.Body.Should().Be("""{"n":1}""");
        unread.Status.Should().Be(ExecutionResult.Succeeded);
        unreadSent.Select(m => (m.MessageId, m.Body)).Should().Equal(sent.Select(m => (m.MessageId, m.Body)));
    }

    [Fact]
    public void States_counted_without_their_names_are_as_many_as_the_names_recorded()
    {
        var definition = """
            {"StartAt":"First","States":{
              "First":{"Type":"Pass","Next":"Both"},
              "Both":{"Type":"Parallel","Next":"Send","Branches":[
                {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
                {"StartAt":"B","States":{"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}]},
              "Send":
            """ + SendState() + "}}";

        var named = Run(definition, new ExecutionContextOptions()).Result;
        var counted = Run(definition, Unread).Result;

        named.StatesEntered.Should().BeEquivalentTo(["First", "Both", "A", "B", "C", "Send"]);
        named.StateTransitions.Should().Be(6);
        counted.StatesEntered.Should().BeEmpty();
        counted.StateTransitions.Should().Be(6);
    }

    [Fact]
    public void A_failed_execution_counts_the_states_it_entered()
    {
        var definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"F"},"F":{"Type":"Fail","Error":"E"}}}""";

        var counted = Sfn.Run(definition, "{}", options: Unread);

        counted.Status.Should().Be(ExecutionResult.Failed);
        counted.StateTransitions.Should().Be(2);
    }
}
