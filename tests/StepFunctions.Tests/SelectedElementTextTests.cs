using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// A message body field that selects an object or array still over its parsed JSON (a GetItem's item, a part of the
/// input) copies that JSON's text when it is what the writer would write (WriterFormJson), else writes the value:
/// either way the body must be the compact JSON of the selected value, byte for byte.
/// </summary>
public class SelectedElementTextTests
{
    private const string QueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/events";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Values() => new()
    {
        """{"a":1,"s":"Batch Job State Change","n":[1.50,-0,1e3,null,true],"o":{}}""",
        """{"Item":{"ContainerInstanceArn":{"S":"arn:aws:ecs:us-east-1:1:container-instance/c/1"},"RegisteredVcpus":{"N":"2"}}}""",
        """[{"a": 1}, [ ]]""",
        """{"u":"\u0041é😀\u007f","q":"\"","t":"s3://bucket/key"}""",
        """{"html":"<a href='x'>&+`</a>"}""",
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_selected_object_is_written_as_the_compact_json_of_its_value(string value)
    {
        var body = Body($$"""{"o":{{value}},"other":1}""", """{"x.$":"$.o","y":2}""");

        body.Should().Be("""{"x":""" + JsonNode.Parse(value)!.ToJsonString(Relaxed) + ""","y":2}""");
    }

    [Fact]
    public void Random_objects_are_written_as_the_compact_json_of_their_value()
    {
        var random = new Random(7);
        var copied = 0;
        for (var i = 0; i < 2000; i++)
        {
            var value = new JsonObject { ["v"] = RandomJsonValues.Next(random, 0) };
            var text = value.ToJsonString(i % 2 == 0 ? Relaxed : new JsonSerializerOptions { WriteIndented = true });
            copied += WriterFormJson.DepthBound(JsonDocument.Parse(text).RootElement, out _) >= 0 ? 1 : 0;

            Body($$"""{"o":{{text}}}""", """{"x.$":"$.o"}""").Should().Be("""{"x":""" + value.ToJsonString(Relaxed) + "}", text);
        }

        copied.Should().BeGreaterThan(200, "a good part of them take the copying path");
    }

    [Fact]
    public void A_selected_part_of_a_definition_literal_with_comments_is_written_without_them()
    {
        // The Result is the definition's own parsed JSON, whose text holds the comments its parser skipped.
        var definition = """
            {"StartAt":"P","States":{
              "P":{"Type":"Pass","Result":{"a":/* one */1,"b":[1,// two
                2]},"ResultPath":"$.res","Next":"S"},
              "S":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"QUEUE","MessageBody":{"r.$":"$.res"}},"End":true}}}
            """.Replace("QUEUE", QueueUrl, StringComparison.Ordinal);

        Send(definition, "{}").Should().Be("""{"r":{"a":1,"b":[1,2]}}""");
    }

    [Fact]
    public void The_text_of_an_element_is_ruled_out_when_it_could_hold_a_comment()
    {
        WriterFormJson.DepthBound(JsonDocument.Parse("""{"a":"x/*y"}""").RootElement, out _).Should().Be(-1);
        WriterFormJson.DepthBound(JsonDocument.Parse("""{"a":"s3://b"}""").RootElement, out _).Should().Be(-1);
        WriterFormJson.DepthBound(JsonDocument.Parse("""{"a":"x/y","b":[{}]}""").RootElement, out var raw).Should().Be(3);
        Encoding.UTF8.GetString(raw).Should().Be("""{"a":"x/y","b":[{}]}""");
    }

    [Theory]
    [InlineData(61)]
    [InlineData(62)]
    [InlineData(63)]
    public void A_selected_value_nested_too_deep_for_the_writer_fails_as_it_would_when_written(int depth)
    {
        // The body nests the value two levels down ({"x":{"y": value}}): 62 levels of it still fit the writer's 64.
        var value = new string('[', depth);
        value += new string(']', depth);
        var input = JsonNode.Parse($$"""{"o":{{value}}}""", documentOptions: new JsonDocumentOptions { MaxDepth = 256 });

        var send = () => Send(Sqs("""{"x":{"y.$":"$.o"}}"""), input);

        if (depth <= 62)
        {
            send().Should().Be("""{"x":{"y":""" + value + "}}");
        }
        else
        {
            send.Should().Throw<InvalidOperationException>().WithMessage("*depth*");
        }
    }

    private static string Body(string input, string messageBody) => Send(Sqs(messageBody), JsonNode.Parse(input));

    private static string Send(string definition, string input) => Send(definition, JsonNode.Parse(input));

    private static string Send(string definition, JsonNode? input)
    {
        var queues = new InMemorySqsQueues();
        queues.CreateQueue(QueueUrl);
        var services = new LocalServices(queues: queues, options: new LocalServicesOptions { IncludeSdkMetadata = false, ComputeBodyDigests = false, RandomSeed = 3 });
        var result = new StepFunctionsInterpreter(services, new InstantClock(Sfn.Epoch))
            .ExecuteAsync(StateMachineDefinition.Parse(definition), input, new ExecutionContextOptions(), CancellationToken.None).GetAwaiter().GetResult();
        result.Status.Should().Be(ExecutionResult.Succeeded, $"{result.Error}: {result.Cause}");
        return queues.Messages(QueueUrl).Single().Body;
    }

    private static string Sqs(string messageBody) =>
        """{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":""" + "\"" + QueueUrl + "\",\"MessageBody\":" + messageBody + "},\"End\":true}}}";
}
