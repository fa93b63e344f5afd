using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace BatchRuntimeMonitor.Benchmarks;

/// <summary>DynamoDB on a local emulator (moto_server) for the harnesses: a client for its endpoint, and tables keyed as template.yaml keys them.</summary>
internal static class MotoDynamoDb
{
    public static AmazonDynamoDBClient Client(string endpoint) =>
        new(new BasicAWSCredentials("testing", "testing"), new AmazonDynamoDBConfig { ServiceURL = endpoint, AuthenticationRegion = "us-east-1" });

    /// <summary>A PAY_PER_REQUEST table with a string hash key; one that already exists is kept as it is.</summary>
    public static async Task CreateTableAsync(IAmazonDynamoDB client, string table, string key)
    {
        try
        {
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = [new KeySchemaElement(key, KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition(key, ScalarAttributeType.S)],
            }).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
        }
    }
}
