using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.StepFunctions.Moto;

/// <summary>Runs sample definitions on moto_server and on the interpreter and requires the same outcome.</summary>
public class MotoComparisonTests(MotoServer server, ITestOutputHelper output) : IClassFixture<MotoServer>
{
    private const string JoinDefinition = """
        {
          "Comment": "GetItem join, Choice, Pass, SendMessage with Catch to a dead-letter queue",
          "StartAt": "Join",
          "States": {
            "Join": {
              "Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
              "Parameters": { "TableName": "${InstancesTable}", "Key": { "ContainerInstanceArn": { "S.$": "$.detail.containerInstanceArn" } } },
              "ResultSelector": { "item.$": "$" },
              "ResultPath": "$.join", "Next": "Found?"
            },
            "Found?": {
              "Type": "Choice",
              "Choices": [ { "Variable": "$.join.item.Item", "IsPresent": true, "Next": "MarkFound" } ],
              "Default": "MarkUnknown"
            },
            "MarkFound": { "Type": "Pass", "Result": true, "ResultPath": "$.join.found", "Next": "Record" },
            "MarkUnknown": { "Type": "Pass", "Result": false, "ResultPath": "$.join.found", "Next": "Record" },
            "Record": {
              "Type": "Pass",
              "Parameters": {
                "schema": 1, "kind": "ContainerInstanceStateChange",
                "event.$": "$$.Execution.Input",
                "az.$": "$.detail.attributes[?(@.name=='ecs.availability-zone')].value",
                "label.$": "States.Format('{}/{}', $.source, $.detail.status)",
                "join.$": "$.join"
              },
              "Next": "Send"
            },
            "Send": {
              "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
              "Parameters": { "QueueUrl": "${EventsQueueUrl}", "MessageBody.$": "$" },
              "ResultPath": "$.sent",
              "Catch": [ { "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "DeadLetter" } ],
              "End": true
            },
            "DeadLetter": {
              "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
              "Parameters": { "QueueUrl": "${DeadLetterQueueUrl}", "MessageBody.$": "$" },
              "End": true
            }
          }
        }
        """;

    private const string Event = """
        {"version":"0","id":"e1","detail-type":"ECS Container Instance State Change","source":"aws.ecs","time":"2024-01-01T00:00:00Z",
         "detail":{"containerInstanceArn":"arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce-1/abc","status":"ACTIVE",
           "attributes":[{"name":"ecs.availability-zone","value":"us-east-1a"},{"name":"ecs.instance-type","value":"m5.large"}]}}
        """;

    private readonly MotoStepFunctions _moto = new(server);

    private static MotoScenario JoinScenario(bool withItem, string eventsQueueKey = "EventsQueueUrl") => new()
    {
        Definition = JoinDefinition,
        Input = Event,
        Substitutions = new Dictionary<string, string> { ["InstancesTable"] = "instances" },
        Tables =
        [
            new MotoTable("instances", "ContainerInstanceArn", withItem
                ? ["""{"ContainerInstanceArn":{"S":"arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce-1/abc"},"InstanceType":{"S":"m5.large"},"RegisteredVcpus":{"N":"2"}}"""]
                : []),
        ],
        Queues = new Dictionary<string, string> { [eventsQueueKey] = "events", ["DeadLetterQueueUrl"] = "dead-letters" },
    };

    [Fact]
    public Task Join_with_a_known_instance_matches_moto() => CompareAsync(JoinScenario(withItem: true));

    [Fact]
    public Task Join_with_an_unknown_instance_matches_moto() => CompareAsync(JoinScenario(withItem: false));

    [Fact]
    public Task Conditional_put_failure_is_caught_like_moto() => CompareAsync(new MotoScenario
    {
        Definition = """
            {"StartAt":"Put","States":{
              "Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
                "Parameters":{"TableName":"jobs","Item":{"JobId":{"S.$":"$.id"},"N":{"N":"1"}},"ConditionExpression":"attribute_not_exists(JobId)"},
                "ResultPath":"$.put","Catch":[{"ErrorEquals":["DynamoDB.ConditionalCheckFailedException"],"ResultPath":"$.error","Next":"Update"}],"Next":"Update"},
              "Update":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:updateItem",
                "Parameters":{"TableName":"jobs","Key":{"JobId":{"S.$":"$.id"}},"UpdateExpression":"SET #v = if_not_exists(#v, :zero) + :one ADD Tags :t",
                  "ExpressionAttributeNames":{"#v":"Version"},"ExpressionAttributeValues":{":zero":{"N":"0"},":one":{"N":"1"},":t":{"SS":["x"]}},"ReturnValues":"ALL_NEW"},
                "ResultPath":"$.updated","End":true}}}
            """,
        Input = """{"id":"job-1"}""",
        Tables = [new MotoTable("jobs", "JobId", ["""{"JobId":{"S":"job-1"},"N":{"N":"5"}}"""])],
    });

    [Fact]
    public Task Runtime_path_error_fails_like_moto() => CompareAsync(new MotoScenario
    {
        Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x.$":"$.missing"},"End":true}}}""",
        Input = """{"a":1}""",
    });

    [Fact]
    public async Task Known_difference_an_unknown_queue_error_name()
    {
        if (server.SkipIfUnavailable(output))
        {
            return;
        }

        // AWS's Java SDK names this SQS.QueueDoesNotExistException (which the interpreter follows); moto reports
        // SQS.SdkClientException. This test pins moto's behaviour so a moto upgrade that changes it is noticed.
        var scenario = new MotoScenario
        {
            Definition = """{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"${Q}","MessageBody":"x"},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],"End":true},"C":{"Type":"Pass","End":true}}}""",
            Input = "{}",
            Substitutions = new Dictionary<string, string> { ["Q"] = server.Endpoint + "123456789012/missing" },
        };
        await Prepare();
        var (moto, _) = await _moto.RunAsync(scenario);
        var local = await LocalScenarioRunner.RunAsync(scenario, new Dictionary<string, string>());
        moto.Output!["Error"]!.GetValue<string>().Should().Be("SQS.SdkClientException");
        local.Output!["Error"]!.GetValue<string>().Should().Be("SQS.QueueDoesNotExistException");
    }

    [Theory]
    [InlineData("job-states.asl.json", "batch-job/awsdocs-batch-runnable-2022.json")]
    [InlineData("job-states.asl.json", "batch-job/awsdocs-job-queue-blocked-runnable.json")]
    public Task Repository_definition_matches_moto(string definitionFile, string sampleEvent)
    {
        var definitionPath = RepositoryPaths.InRepo("statemachines", definitionFile);
        var samplePath = Path.Combine(RepositoryPaths.SharedEvents, sampleEvent);
        if (!File.Exists(definitionPath) || !File.Exists(samplePath))
        {
            output.WriteLine($"SKIPPED: {definitionPath} or {samplePath} is missing");
            return Task.CompletedTask;
        }

        // Samples without a container instance take the no-join path, so moto never really sleeps in a Wait.
        return CompareAsync(new MotoScenario
        {
            Definition = File.ReadAllText(definitionPath),
            Input = File.ReadAllText(samplePath),
            Substitutions = new Dictionary<string, string> { ["InstancesTableName"] = "instances", ["JoinMaxAttempts"] = "2", ["JoinWaitSeconds"] = "1" },
            Tables = [new MotoTable("instances", "ContainerInstanceArn", [])],
            Queues = new Dictionary<string, string> { ["JobEventsQueueUrl"] = "job-events", ["DeadLetterQueueUrl"] = "dead-letters" },
        });
    }

    private async Task CompareAsync(MotoScenario scenario)
    {
        if (server.SkipIfUnavailable(output))
        {
            return;
        }

        await Prepare();
        var (moto, queueUrls) = await _moto.RunAsync(scenario);
        var local = await LocalScenarioRunner.RunAsync(scenario, queueUrls);
        output.WriteLine($"moto:  {moto.Status} {moto.Output?.ToJsonString()} {moto.Error}");
        output.WriteLine($"local: {local.Status} {local.Output?.ToJsonString()} {local.Error}");
        OutcomeComparer.AssertSame(moto, local);
    }

    private Task Prepare() => server.EnableStepFunctionsExecutionAsync();
}
