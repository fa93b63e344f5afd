using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;
using BatchRuntimeMonitor.Tests.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

/// <summary>
/// The local DynamoDB and SQS take a Task's Parameters as fields evaluated one by one (<see cref="TaskRequest"/>)
/// instead of a built JsonObject. Every run here goes both ways, the fields and the general path (the same services
/// behind an invoker that only has <see cref="ITaskResourceInvoker.InvokeAsync"/>), and must give the same execution
/// (status, output, error name and cause), the same messages sent and the same table contents.
/// </summary>
public class TaskRequestFieldsTests
{
    private const string Table = "Things";
    private const string Queue = "https://sqs.us-east-1.amazonaws.com/123456789012/q";

    private const string Input = """{"id":"a-1","t":"Things","q":"https://sqs.us-east-1.amazonaws.com/123456789012/q","s":"é<>\"q\"","z":null,"n":3,"o":{"x":[1,{"y":true}]},"attrs":{"k":{"DataType":"String","StringValue":"v"}}}""";

    public static TheoryData<string, string> Cases() => new()
    {
        { "getItem, key from a path", Task("dynamodb:getItem", """{"TableName":"Things","Key":{"id":{"S.$":"$.id"}}}""") },
        { "getItem, aws-sdk form", Task("aws-sdk:dynamodb:getItem", """{"TableName":"Things","Key":{"id":{"S.$":"$.id"}}}""") },
        { "getItem, table name from an intrinsic", Task("dynamodb:getItem", """{"TableName.$":"States.Format('{}', $.t)","Key":{"id":{"S.$":"$.id"}}}""") },
        { "getItem, projection with names", Task("dynamodb:getItem", """{"TableName":"Things","Key":{"id":{"S":"a-1"}},"ProjectionExpression":"#v, id","ExpressionAttributeNames":{"#v":"v"}}""") },
        { "getItem of no item", Task("dynamodb:getItem", """{"TableName":"Things","Key":{"id":{"S":"nobody"}}}""") },
        { "getItem without a key", Task("dynamodb:getItem", """{"TableName":"Things"}""") },
        { "getItem without a table name", Task("dynamodb:getItem", """{"Key":{"id":{"S":"a-1"}}}""") },
        { "getItem with a null table name", Task("dynamodb:getItem", """{"TableName.$":"$.z","Key":{"id":{"S":"a-1"}}}""") },
        { "getItem of an unknown table", Task("dynamodb:getItem", """{"TableName":"Nope","Key":{"id":{"S":"a-1"}}}""") },
        { "getItem, key of the wrong schema", Task("dynamodb:getItem", """{"TableName":"Things","Key":{"other":{"S":"a-1"}}}""") },
        { "getItem, a path that is not in the input", Task("dynamodb:getItem", """{"TableName":"Things","Key":{"id":{"S.$":"$.missing"}}}""") },
        { "a top-level path that is not in the input", Task("dynamodb:getItem", """{"TableName":"Things","Key.$":"$.missing"}""") },
        { "putItem with a condition that fails", Task("dynamodb:putItem", """{"TableName":"Things","Item":{"id":{"S":"a-1"}},"ConditionExpression":"attribute_not_exists(id)"}""") },
        { "putItem returning the old item", Task("dynamodb:putItem", """{"TableName":"Things","Item":{"id":{"S.$":"$.id"},"o":{"S.$":"States.JsonToString($.o)"}},"ReturnValues":"ALL_OLD"}""") },
        { "putItem without an item", Task("dynamodb:putItem", """{"TableName":"Things"}""") },
        { "putItem with bad ReturnValues", Task("dynamodb:putItem", """{"TableName":"Things","Item":{"id":{"S":"b"}},"ReturnValues":"ALL_NEW"}""") },
        { "updateItem", Task("dynamodb:updateItem", """{"TableName":"Things","Key":{"id":{"S":"a-1"}},"UpdateExpression":"SET #c = :c","ExpressionAttributeNames":{"#c":"c"},"ExpressionAttributeValues":{":c":{"N.$":"States.Format('{}', $.n)"}},"ReturnValues":"ALL_NEW"}""") },
        { "updateItem of a key attribute", Task("dynamodb:updateItem", """{"TableName":"Things","Key":{"id":{"S":"a-1"}},"UpdateExpression":"SET id = :c","ExpressionAttributeValues":{":c":{"S":"x"}}}""") },
        { "deleteItem returning the old item", Task("aws-sdk:dynamodb:deleteItem", """{"TableName":"Things","Key":{"id":{"S":"a-1"}},"ReturnValues":"ALL_OLD"}""") },
        { "sendMessage, an object body", Task("sqs:sendMessage", """{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q","MessageBody":{"event.$":"$$.Execution.Input","kind":"K","s.$":"$.s"}}""") },
        { "sendMessage, aws-sdk form", Task("aws-sdk:sqs:sendMessage", """{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q","MessageBody":{"n.$":"$.n"}}""") },
        { "sendMessage, a string body from a path and the queue from a path", Task("sqs:sendMessage", """{"QueueUrl.$":"$.q","MessageBody.$":"$.s"}""") },
        { "sendMessage, a null body", Task("sqs:sendMessage", """{"QueueUrl.$":"$.q","MessageBody.$":"$.z"}""") },
        { "sendMessage, an intrinsic body", Task("sqs:sendMessage", """{"QueueUrl.$":"$.q","MessageBody.$":"States.Array($.n, $.s)"}""") },
        { "sendMessage with attributes, delay and group", Task("sqs:sendMessage", """{"QueueUrl.$":"$.q","MessageBody":"b","MessageAttributes.$":"$.attrs","DelaySeconds":5,"MessageGroupId":"g","MessageDeduplicationId.$":"$.id"}""") },
        { "sendMessage without a body", Task("sqs:sendMessage", """{"QueueUrl.$":"$.q"}""") },
        { "sendMessage without a queue", Task("sqs:sendMessage", """{"MessageBody":"b"}""") },
        { "sendMessage to a queue that does not exist", Task("sqs:sendMessage", """{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/none","MessageBody":"b"}""") },
        { "sendMessage, a missing path in the body", Task("sqs:sendMessage", """{"QueueUrl.$":"$.q","MessageBody":{"x.$":"$.missing"}}""") },
        { "two keys of one name (the later value wins in place)", Task("sqs:sendMessage", """{"QueueUrl":"nope","MessageBody":"b","QueueUrl.$":"$.q"}""") },
        { "static Parameters", Task("sqs:sendMessage", """{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q","MessageBody":"b"}""") },
        { "no Parameters", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fields_and_the_general_path_give_the_same_execution_messages_and_tables(string name, string definition)
    {
        var fields = await RunAsync(definition, Input, generalPath: false, seedId: "a-1");
        var general = await RunAsync(definition, Input, generalPath: true, seedId: "a-1");

        fields.Should().Be(general, name);
    }

    [Theory]
    [InlineData("job-states.asl.json")]
    [InlineData("task-placement.asl.json")]
    [InlineData("instance-registration.asl.json")]
    [InlineData("runtask-calls.asl.json")]
    [InlineData("submit-job.asl.json")]
    [InlineData("asg-created.asl.json")]
    public async Task The_repository_state_machines_give_the_same_result_both_ways_on_every_shared_sample(string file)
    {
        var definition = RepositoryDefinition.Substituted(file);
        var samples = Directory.Exists(RepositoryPaths.SharedEvents) ? SharedEvents.AllFiles() : [];
        var inputs = samples.Select(File.ReadAllText).Append(Input).ToList();
        foreach (var input in inputs)
        {
            // Once with the instance registered (the join finds it) and once without (it gives up).
            foreach (var registered in new[] { true, false })
            {
                var seed = registered ? ContainerInstanceArn(JsonNode.Parse(input)) : null;
                var fields = await RunAsync(definition, input, generalPath: false, seed, keyAttribute: "ContainerInstanceArn", table: "local-InstancesTableName");
                var general = await RunAsync(definition, input, generalPath: true, seed, keyAttribute: "ContainerInstanceArn", table: "local-InstancesTableName");
                fields.Should().Be(general, $"{file} on {input[..Math.Min(120, input.Length)]}");
            }
        }
    }

    [Fact]
    public void An_object_template_of_distinct_names_gives_the_fields_the_object_would_hold_in_its_order()
    {
        var template = PayloadTemplate.Compile(JsonNode.Parse("""{"TableName":"T","Key":{"id":{"S.$":"$.id"}},"Body":{"n.$":"$.n"}}"""), "S", "Parameters");

        template.TryEvaluateFields(Scope(), "Body", out var request).Should().BeTrue();
        var built = template.EvaluateWithTextField(Scope(), "Body")!.AsObject();

        foreach (var (name, value) in built)
        {
            request.TryGetPropertyValue(name, out var field).Should().BeTrue(name);
            JsonValues.ToCompactJson(field).Should().Be(JsonValues.ToCompactJson(value), name);
        }

        JsonValues.TryGetString(request["Body"], out var body).Should().BeTrue("the text field is text, as in the object");
        body.Should().Be("""{"n":3}""");
        request.TryGetPropertyValue("Missing", out _).Should().BeFalse();
        request.TryGetPropertyValue("tablename", out _).Should().BeFalse("names compare ordinally, as a JsonObject's do");
    }

    [Fact]
    public void A_field_that_is_json_null_is_present_with_a_null_value()
    {
        var template = PayloadTemplate.Compile(JsonNode.Parse("""{"MessageBody.$":"$.z","QueueUrl":"q"}"""), "S", "Parameters");

        template.TryEvaluateFields(Scope(), null, out var request).Should().BeTrue();

        request.TryGetPropertyValue("MessageBody", out var body).Should().BeTrue();
        body.Should().BeNull();
        request["MessageBody"].Should().BeNull();
    }

    [Theory]
    [InlineData("""{"a":1,"a.$":"$.n"}""")]
    [InlineData("""["TableName"]""")]
    [InlineData("\"text\"")]
    public void Templates_the_fields_cannot_stand_for_are_left_to_the_general_path(string template)
    {
        PayloadTemplate.Compile(JsonNode.Parse(template), "S", "Parameters").TryEvaluateFields(Scope(), null, out _).Should().BeFalse();
    }

    [Fact]
    public void A_request_of_evaluated_parameters_that_are_not_an_object_has_no_fields()
    {
        var request = TaskRequest.Of(JsonValue.Create(5));

        request.TryGetPropertyValue("TableName", out _).Should().BeFalse();
        request["TableName"].Should().BeNull();
    }

    private static EvaluationScope Scope()
    {
        var input = JsonNode.Parse(Input);
        var run = new ExecutionRun(new LocalServices(), new InstantClock(Sfn.Epoch), new ExecutionContextOptions(), input);
        return new EvaluationScope(input, new ContextObject(run), "S");
    }

    private static string Task(string resource, string parameters) =>
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::" + resource + "\",\"Parameters\":" + parameters
        + ",\"ResultPath\":\"$.result\",\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.error\",\"Next\":\"Caught\"}],\"End\":true},\"Caught\":{\"Type\":\"Pass\",\"End\":true}}}";

    private static string? ContainerInstanceArn(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Select(p => p.Key == "containerInstanceArn" && JsonValues.TryGetString(p.Value, out var arn) ? arn : ContainerInstanceArn(p.Value)).FirstOrDefault(a => a is not null),
        JsonArray array => array.Select(ContainerInstanceArn).FirstOrDefault(a => a is not null),
        _ => null,
    };

    /// <summary>One run, summed up as text: the execution, every message sent and every table's items.</summary>
    private static async Task<string> RunAsync(string definition, string input, bool generalPath, string? seedId, string keyAttribute = "id", string table = Table)
    {
        var tables = new InMemoryDynamoDbTables();
        tables.CreateTable(table, keyAttribute);
        if (seedId is not null)
        {
            tables.PutItem(table, new JsonObject { [keyAttribute] = new JsonObject { ["S"] = seedId }, ["v"] = new JsonObject { ["S"] = "value" }, ["InstanceType"] = new JsonObject { ["S"] = "m5.large" } });
        }

        var queues = new InMemorySqsQueues { CreateQueuesOnDemand = false };
        queues.CreateQueue(Queue);
        foreach (var url in new[] { "JobEventsQueueUrl", "TaskEventsQueueUrl", "InstanceEventsQueueUrl", "AsgEventsQueueUrl", "DeadLetterQueueUrl" })
        {
            queues.CreateQueue("https://sqs.us-east-1.amazonaws.com/123456789012/" + url);
        }

        var sent = new List<string>();
        queues.MessageSent += m => sent.Add($"{m.QueueUrl} {m.MessageId} {m.Md5OfBody} {m.DelaySeconds} {m.MessageGroupId} {m.MessageDeduplicationId} {m.SentAt:O} {JsonValues.ToCompactJson(m.MessageAttributes)} {m.Body}");
        var services = new LocalServices(tables, queues, new LocalServicesOptions { RandomSeed = 11 });
        ITaskResourceInvoker invoker = generalPath ? new GeneralPath(services) : services;
        var result = await new StepFunctionsInterpreter(invoker, new InstantClock(Sfn.Epoch))
            .ExecuteAsync(StateMachineDefinition.Parse(definition), JsonNode.Parse(input), new ExecutionContextOptions { RandomSeed = 7 }, CancellationToken.None);

        var items = tables.Scan(table).Select(i => JsonValues.ToCompactJson(i));
        return string.Join(
            "\n",
            [$"{result.Status} {result.Error} {result.Cause}", JsonValues.ToCompactJson(result.Output), string.Join(">", result.StatesEntered), .. sent, .. items]);
    }

    /// <summary>The same services seen only as an <see cref="ITaskResourceInvoker"/> (and its text field): the Parameters object is built.</summary>
    private sealed class GeneralPath(LocalServices services) : ITaskResourceInvoker, IParameterTextInvoker
    {
        public ValueTask<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken) => services.InvokeAsync(invocation, cancellationToken);

        public string? TextField(string resource) => ((IParameterTextInvoker)services).TextField(resource);
    }
}
