using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.DynamoDb;

/// <summary>
/// <see cref="IRecordStore{TRecord}"/> over one DynamoDB table: strongly consistent reads, and writes conditional on
/// the Version read (or on the item not existing), so concurrent Lambda batches never lose each other's updates.
/// </summary>
public sealed class DynamoDbRecordStore<TRecord>(IAmazonDynamoDB client, string tableName, string keyAttribute, IItemCodec<TRecord> codec) : IRecordStore<TRecord>
    where TRecord : class
{
    public const string VersionAttribute = "Version";

    public async ValueTask<Versioned<TRecord>?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new Dictionary<string, AttributeValue> { [keyAttribute] = new() { S = key } },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);

        if (response.Item is not { Count: > 0 } item)
        {
            return null;
        }

        var version = item.TryGetValue(VersionAttribute, out var v) && v.N is not null ? long.Parse(v.N, CultureInfo.InvariantCulture) : 1;
        return new Versioned<TRecord>(codec.FromItem(item), version);
    }

    public async ValueTask<bool> TryWriteAsync(string key, TRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        var item = codec.ToItem(record);
        item[keyAttribute] = new AttributeValue { S = key };
        item[VersionAttribute] = new AttributeValue { N = (expectedVersion + 1).ToString(CultureInfo.InvariantCulture) };
        var request = new PutItemRequest { TableName = tableName, Item = item, ExpressionAttributeNames = new Dictionary<string, string>() };
        if (expectedVersion == 0)
        {
            request.ConditionExpression = "attribute_not_exists(#key)";
            request.ExpressionAttributeNames["#key"] = keyAttribute;
        }
        else
        {
            request.ConditionExpression = "#version = :expected";
            request.ExpressionAttributeNames["#version"] = VersionAttribute;
            request.ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":expected"] = new() { N = expectedVersion.ToString(CultureInfo.InvariantCulture) },
            };
        }

        try
        {
            await client.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
