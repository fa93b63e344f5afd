using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.StepFunctions;
using BatchRuntimeMonitor.Tests.StepFunctions.Support;

namespace BatchRuntimeMonitor.Tests.StepFunctions;

public class DynamoDbTaskTests
{
    private readonly LocalServices _services;
    private readonly InMemoryDynamoDbTables _tables = new();

    public DynamoDbTaskTests()
    {
        _tables.Preload("instances", [(JsonObject)JsonNode.Parse("""{"Arn":{"S":"a1"},"Type":{"S":"m5.large"},"Version":{"N":"1"}}""")!]);
        _services = new LocalServices(_tables, options: new LocalServicesOptions { IncludeSdkMetadata = false, RandomSeed = 1 });
    }

    private ExecutionResult Call(string action, string parameters, string input = "{}") => Sfn.Run(
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::" + action + "\",\"Parameters\":" + parameters + ",\"End\":true}}}",
        input,
        _services);

    [Theory]
    [InlineData("dynamodb:getItem")]
    [InlineData("aws-sdk:dynamodb:getItem")]
    public void GetItem_returns_Item_or_an_empty_object(string action)
    {
        Call(action, """{"TableName":"instances","Key":{"Arn":{"S.$":"$.arn"}}}""", "{\"arn\":\"a1\"}")
            .ShouldSucceedWith("""{"Item":{"Arn":{"S":"a1"},"Type":{"S":"m5.large"},"Version":{"N":"1"}}}""");
        Call(action, """{"TableName":"instances","Key":{"Arn":{"S":"zz"}}}""").ShouldSucceedWith("{}");
    }

    [Fact]
    public void GetItem_ProjectionExpression_limits_attributes() =>
        Call("dynamodb:getItem", """{"TableName":"instances","Key":{"Arn":{"S":"a1"}},"ProjectionExpression":"#t, Arn","ExpressionAttributeNames":{"#t":"Type"}}""")
            .ShouldSucceedWith("""{"Item":{"Type":{"S":"m5.large"},"Arn":{"S":"a1"}}}""");

    [Fact]
    public void Optimized_integration_adds_sdk_metadata_like_AWS()
    {
        var services = new LocalServices(_tables, options: new LocalServicesOptions { RandomSeed = 1 });
        var result = Sfn.Run("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem","Parameters":{"TableName":"instances","Key":{"Arn":{"S":"a1"}}},"End":true}}}""", invoker: services);
        var output = result.Output!.AsObject();
        output["SdkHttpMetadata"]!["HttpStatusCode"]!.GetValue<int>().Should().Be(200);
        output["SdkHttpMetadata"]!["HttpHeaders"]!["Content-Type"]!.GetValue<string>().Should().Be("application/x-amz-json-1.0");
        output["SdkResponseMetadata"]!["RequestId"]!.GetValue<string>().Should().Be(output["SdkHttpMetadata"]!["HttpHeaders"]!["x-amzn-RequestId"]!.GetValue<string>());
    }

    [Fact]
    public void PutItem_with_a_failing_condition_raises_ConditionalCheckFailedException()
    {
        var result = Call("dynamodb:putItem", """{"TableName":"instances","Item":{"Arn":{"S":"a1"}},"ConditionExpression":"attribute_not_exists(Arn)"}""");
        result.Error.Should().Be("DynamoDB.ConditionalCheckFailedException");
        result.Cause.Should().StartWith("The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: ");
        Call("aws-sdk:dynamodb:putItem", """{"TableName":"instances","Item":{"Arn":{"S":"a1"}},"ConditionExpression":"attribute_not_exists(Arn)"}""")
            .Error.Should().Be("DynamoDb.ConditionalCheckFailedException");
    }

    [Fact]
    public void PutItem_returns_empty_or_ALL_OLD_and_stores_the_item()
    {
        Call("dynamodb:putItem", """{"TableName":"instances","Item":{"Arn":{"S":"a2"},"X":{"N":"1"}}}""").ShouldSucceedWith("{}");
        Call("dynamodb:putItem", """{"TableName":"instances","Item":{"Arn":{"S":"a2"}},"ReturnValues":"ALL_OLD"}""")
            .ShouldSucceedWith("""{"Attributes":{"Arn":{"S":"a2"},"X":{"N":"1"}}}""");
        _tables.GetItem("instances", (JsonObject)JsonNode.Parse("""{"Arn":{"S":"a2"}}""")!).ShouldBeJson("""{"Arn":{"S":"a2"}}""");
    }

    [Theory]
    [InlineData("ALL_NEW", """{"Attributes":{"Arn":{"S":"a1"},"Type":{"S":"m5.large"},"Version":{"N":"2"},"Count":{"N":"1"}}}""")]
    [InlineData("ALL_OLD", """{"Attributes":{"Arn":{"S":"a1"},"Type":{"S":"m5.large"},"Version":{"N":"1"}}}""")]
    [InlineData("UPDATED_NEW", """{"Attributes":{"Version":{"N":"2"},"Count":{"N":"1"}}}""")]
    [InlineData("UPDATED_OLD", """{"Attributes":{"Version":{"N":"1"}}}""")]
    [InlineData("NONE", "{}")]
    public void UpdateItem_ReturnValues(string returnValues, string expected) =>
        Call("dynamodb:updateItem", $$$"""
            {"TableName":"instances","Key":{"Arn":{"S":"a1"}},"UpdateExpression":"SET Version = Version + :one, #c = if_not_exists(#c, :zero) + :one",
             "ConditionExpression":"Version = :v","ExpressionAttributeNames":{"#c":"Count"},
             "ExpressionAttributeValues":{":one":{"N":"1"},":zero":{"N":"0"},":v":{"N":"1"}},"ReturnValues":"{{{returnValues}}}"}
            """).ShouldSucceedWith(expected);

    [Fact]
    public void UpdateItem_creates_a_missing_item_from_its_key() =>
        Call("dynamodb:updateItem", """{"TableName":"instances","Key":{"Arn":{"S":"new"}},"UpdateExpression":"SET A = :a","ExpressionAttributeValues":{":a":{"S":"x"}},"ReturnValues":"ALL_NEW"}""")
            .ShouldSucceedWith("""{"Attributes":{"Arn":{"S":"new"},"A":{"S":"x"}}}""");

    [Fact]
    public void DeleteItem_removes_and_can_return_the_old_item()
    {
        Call("dynamodb:deleteItem", """{"TableName":"instances","Key":{"Arn":{"S":"a1"}},"ReturnValues":"ALL_OLD"}""")
            .ShouldSucceedWith("""{"Attributes":{"Arn":{"S":"a1"},"Type":{"S":"m5.large"},"Version":{"N":"1"}}}""");
        _tables.Scan("instances").Should().BeEmpty();
    }

    [Fact]
    public void Unknown_table_is_ResourceNotFoundException() =>
        Call("dynamodb:getItem", """{"TableName":"nope","Key":{"Arn":{"S":"a1"}}}""").Error.Should().Be("DynamoDB.ResourceNotFoundException");

    [Theory]
    [InlineData("""{"TableName":"instances","Key":{"Wrong":{"S":"a1"}}}""")]
    [InlineData("""{"TableName":"instances","Key":{"Arn":{"S":"a1"}},"ConditionExpression":"#x = :y"}""")]
    public void Validation_errors_are_AmazonDynamoDBException(string parameters)
    {
        var action = parameters.Contains("Condition", StringComparison.Ordinal) ? "dynamodb:deleteItem" : "dynamodb:getItem";
        var result = Call(action, parameters);
        result.Error.Should().Be("DynamoDB.AmazonDynamoDBException");
        result.Cause.Should().Contain("Error Code: ValidationException");
    }

    [Fact]
    public void Stored_items_are_copies_that_later_states_cannot_change()
    {
        var definition = """
            {"StartAt":"Put","States":{
              "Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","Parameters":{"TableName":"instances","Item.$":"$.item"},"ResultPath":null,"Next":"Change"},
              "Change":{"Type":"Pass","Result":{"S":"changed"},"ResultPath":"$.item.Type","End":true}}}
            """;
        Sfn.Run(definition, """{"item":{"Arn":{"S":"c1"},"Type":{"S":"t"}}}""", _services).Status.Should().Be("SUCCEEDED");
        _tables.GetItem("instances", (JsonObject)JsonNode.Parse("""{"Arn":{"S":"c1"}}""")!)!["Type"].ShouldBeJson("""{"S":"t"}""");
    }
}
