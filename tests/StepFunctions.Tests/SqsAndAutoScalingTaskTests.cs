using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class SqsAndAutoScalingTaskTests
{
    private const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/events";

    private static string Send(string parameters, string resource = "arn:aws:states:::sqs:sendMessage") =>
        "{\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Task\",\"Resource\":\"" + resource + "\",\"Parameters\":" + parameters + ",\"End\":true}}}";

    private static (LocalServices Services, InMemorySqsQueues Queues) Services(bool metadata = false)
    {
        var queues = new InMemorySqsQueues();
        queues.CreateQueue(QueueUrl);
        return (new LocalServices(queues: queues, options: new LocalServicesOptions { IncludeSdkMetadata = metadata, RandomSeed = 3 }), queues);
    }

    [Fact]
    public void A_json_body_is_sent_as_compact_json_and_the_result_has_md5_and_id()
    {
        var (services, queues) = Services();
        var delivered = new List<SqsMessage>();
        queues.MessageSent += delivered.Add;
        var result = Sfn.Run(Send($$"""{"QueueUrl":"{{QueueUrl}}","MessageBody.$":"$","MessageGroupId":"g","DelaySeconds":2}"""), """{ "b": [1, 2], "s": "é<>" }""", services);

        var message = queues.Messages(QueueUrl).Single();
        message.Body.Should().Be("""{"b":[1,2],"s":"é<>"}""");
        message.MessageGroupId.Should().Be("g");
        message.DelaySeconds.Should().Be(2);
        delivered.Should().ContainSingle().Which.Should().BeSameAs(message);
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(message.Body)));
        result.ShouldSucceedWith($$"""{"MD5OfMessageBody":"{{md5}}","MessageId":"{{message.MessageId}}"}""");
    }

    [Fact]
    public void Without_body_digests_the_message_is_still_sent_and_the_result_has_only_its_id()
    {
        var queues = new InMemorySqsQueues();
        queues.CreateQueue(QueueUrl);
        var services = new LocalServices(queues: queues, options: new LocalServicesOptions { IncludeSdkMetadata = false, RandomSeed = 3, ComputeBodyDigests = false });
        var result = Sfn.Run(Send($$"""{"QueueUrl":"{{QueueUrl}}","MessageBody.$":"$"}"""), """{ "a": 1 }""", services);

        var message = queues.Messages(QueueUrl).Single();
        message.Body.Should().Be("""{"a":1}""");
        result.ShouldSucceedWith($$"""{"MessageId":"{{message.MessageId}}"}""");
    }

    [Fact]
    public async Task A_body_template_reading_the_execution_input_is_sent_as_the_compact_json_of_its_value()
    {
        var (services, queues) = Services();
        var input = JsonNode.Parse("""{ "id": "e1", "detail": { "s": "é<>", "n": [1.50, null] } }""")!;
        var definition = StateMachineDefinition.Parse(Send($$$"""{"QueueUrl":"{{{QueueUrl}}}","MessageBody":{"schema":1,"event.$":"$$.Execution.Input","id.$":"$.id","text.$":"States.Format('{}!', $.id)"}}"""));

        var result = await new StepFunctionsInterpreter(services, new InstantClock(Sfn.Epoch))
            .ExecuteAsync(definition, input, new ExecutionContextOptions(), CancellationToken.None);

        result.Status.Should().Be("SUCCEEDED");
        queues.Messages(QueueUrl).Single().Body.Should().Be("""{"schema":1,"event":{"id":"e1","detail":{"s":"é<>","n":[1.50,null]}},"id":"e1","text":"e1!"}""");
        Sfn.Compact(input).Should().Be("""{"id":"e1","detail":{"s":"é<>","n":[1.50,null]}}""", "the input is read, never changed");
    }

    [Fact]
    public void An_invoker_other_than_the_local_services_gets_the_message_body_as_json()
    {
        var invoker = new FakeInvoker(_ => new JsonObject());

        Sfn.Run(Send($$$"""{"QueueUrl":"{{{QueueUrl}}}","MessageBody":{"event.$":"$"}}"""), """{ "a": 1 }""", invoker);

        invoker.Calls.Single().Parameters!["MessageBody"].ShouldBeJson("""{"event":{"a":1}}""");
    }

    [Fact]
    public void A_string_body_is_sent_verbatim()
    {
        var (services, queues) = Services();
        Sfn.Run(Send($$"""{"QueueUrl":"{{QueueUrl}}","MessageBody":"plain \"text\""}"""), "{}", services);
        queues.Messages(QueueUrl).Single().Body.Should().Be("plain \"text\"");
    }

    [Fact]
    public void Message_attributes_add_their_md5_and_sdk_metadata_is_added_when_enabled()
    {
        var (services, queues) = Services(metadata: true);
        var result = Sfn.Run(Send("{\"QueueUrl\":\"" + QueueUrl + "\",\"MessageBody\":\"x\",\"MessageAttributes\":{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"Job\"}}}"), "{}", services);
        result.Output!["MD5OfMessageAttributes"]!.GetValue<string>().Should().HaveLength(32);
        result.Output!["SdkHttpMetadata"]!["HttpStatusCode"]!.GetValue<int>().Should().Be(200);
        queues.Messages(QueueUrl).Single().MessageAttributes!["kind"]!["StringValue"]!.GetValue<string>().Should().Be("Job");
    }

    [Fact]
    public void Unknown_queue_fails_with_QueueDoesNotExist()
    {
        var (services, _) = Services();
        var result = Sfn.Run(Send("""{"QueueUrl":"https://nowhere/1/q","MessageBody":"x"}"""), "{}", services);
        result.Error.Should().Be("SQS.QueueDoesNotExistException");
        result.Cause.Should().Contain("The specified queue does not exist");
        Sfn.Run(Send("""{"QueueUrl":"https://nowhere/1/q","MessageBody":"x"}""", "arn:aws:states:::aws-sdk:sqs:sendMessage"), "{}", services)
            .Error.Should().Be("Sqs.QueueDoesNotExistException");
    }

    [Fact]
    public void Autoscaling_calls_are_recorded_and_can_be_made_to_fail()
    {
        var services = new LocalServices();
        var definition = Send("""{"AutoScalingGroupName.$":"$.asg","Granularity":"1Minute"}""", "arn:aws:states:::aws-sdk:autoscaling:enableMetricsCollection");
        Sfn.Run(definition, "{\"asg\":\"ok-group\"}", services).ShouldSucceedWith("{}");
        services.AutoScaling.Calls.Single().Action.Should().Be("enableMetricsCollection");
        services.AutoScaling.Calls.Single().Parameters.ShouldBeJson("""{"AutoScalingGroupName":"ok-group","Granularity":"1Minute"}""");

        services.AutoScaling.FailFor("bad-group", "AutoScaling.AutoScalingException", "denied");
        var failed = Sfn.Run(definition, "{\"asg\":\"bad-group\"}", services);
        (failed.Error, failed.Cause).Should().Be(("AutoScaling.AutoScalingException", "denied"));
    }

    [Fact]
    public async Task A_recorded_autoscaling_call_outlives_the_parsed_document_of_the_input_it_came_from()
    {
        // The replay parses each event into a pooled document that is released once its executions finish; a call
        // handed the input itself (no Parameters) must keep a copy of its own, not a node over that document.
        var services = new LocalServices();
        const string definition = """
            {"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:autoscaling:enableMetricsCollection","InputPath":"$.call","End":true}}}
            """;
        var document = System.Text.Json.JsonDocument.Parse("""{"call":{"AutoScalingGroupName":"g","Granularity":"1Minute"}}""");
        var input = JsonObject.Create(document.RootElement);

        var result = await new StepFunctionsInterpreter(services, new InstantClock(Sfn.Epoch))
            .ExecuteAsync(StateMachineDefinition.Parse(definition), input, new ExecutionContextOptions(), CancellationToken.None);
        result.ShouldSucceedWith("{}");
        document.Dispose();

        services.AutoScaling.Calls.Single().Parameters.ShouldBeJson("""{"AutoScalingGroupName":"g","Granularity":"1Minute"}""");
    }

    [Theory]
    [InlineData("arn:aws:states:::lambda:invoke")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f")]
    public void A_resource_without_a_local_implementation_fails_on_every_call_naming_it(string resource)
    {
        var (services, queues) = Services();
        var other = Send("""{"Payload.$":"$"}""", resource);

        for (var call = 0; call < 2; call++)
        {
            var failed = Sfn.Run(other, "{}", services);
            failed.Error.Should().Be(StatesErrors.TaskFailed);
            failed.Cause.Should().Contain($"'{resource}' has no local implementation").And.Contain("State 'S'");
            Sfn.Run(Send($$"""{"QueueUrl":"{{QueueUrl}}","MessageBody":"x"}"""), "{}", services).Status.Should().Be("SUCCEEDED", "one services instance serves every resource");
        }

        queues.Messages(QueueUrl).Should().HaveCount(2);
    }
}
