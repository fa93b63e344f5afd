using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.DynamoDb;

/// <summary>
/// <see cref="IRecordStore{TRecord}"/> over one DynamoDB table: strongly consistent reads, and writes conditional on
/// the Version read (or on the item not existing), so concurrent Lambda batches never lose each other's updates.
/// Throttling is retried with bounded backoff (<see cref="DynamoDbRetryPolicy"/>); every other failure, and an
/// item over DynamoDB's 400 KB limit, throws <see cref="DynamoDbStoreException"/> naming the table and key.
/// </summary>
public sealed class DynamoDbRecordStore<TRecord>(IAmazonDynamoDB client, string tableName, string keyAttribute, IItemCodec<TRecord> codec, DynamoDbRetryPolicy? retry = null) : IRecordStore<TRecord>
    where TRecord : class
{
    public const string VersionAttribute = "Version";

    private readonly DynamoDbRetryPolicy _retry = retry ?? DynamoDbRetryPolicy.Default;

    public string TableName => tableName;

    public async ValueTask<Versioned<TRecord>?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest
        {
            TableName = tableName,
            Key = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [keyAttribute] = new() { S = key } },
            ConsistentRead = true,
        };
        var response = await DynamoDbRetry.ExecuteAsync(_retry, "GetItem", tableName, key, ct => client.GetItemAsync(request, ct), cancellationToken).ConfigureAwait(false);

        // AWSSDK v4: collections are null (not empty) when absent, so a missing item is Item == null.
        if (response.Item is not { Count: > 0 } item)
        {
            return null;
        }

        long version = 1;
        if (item.TryGetValue(VersionAttribute, out var v) && v.N is not null && !long.TryParse(v.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out version))
        {
            throw new DynamoDbStoreException($"table '{tableName}' key '{key}': {VersionAttribute} '{v.N}' is not an integer") { TableName = tableName, Key = key };
        }

        try
        {
            return new Versioned<TRecord>(codec.FromItem(item), version);
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException or FormatException or KeyNotFoundException)
        {
            throw new DynamoDbStoreException($"table '{tableName}' key '{key}': the item does not read as {typeof(TRecord).Name}: {ex.Message}", ex) { TableName = tableName, Key = key };
        }
    }

    public async ValueTask<bool> TryWriteAsync(string key, TRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var item = codec.ToItem(record);
        item[keyAttribute] = new AttributeValue { S = key };
        item[VersionAttribute] = new AttributeValue { N = (expectedVersion + 1).ToString(CultureInfo.InvariantCulture) };

        // Fail here, clearly, rather than with DynamoDB's ValidationException after a round trip.
        var size = DynamoDbItemSize.Of(item);
        if (size > DynamoDbItemSize.MaxItemBytes)
        {
            throw new DynamoDbStoreException(
                $"table '{tableName}' key '{key}': the {typeof(TRecord).Name} item is {size} bytes, over DynamoDB's 400 KB ({DynamoDbItemSize.MaxItemBytes}-byte) item limit")
            { TableName = tableName, Key = key };
        }

        var request = new PutItemRequest
        {
            TableName = tableName,
            Item = item,
            ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal),
        };
        if (expectedVersion == 0)
        {
            request.ConditionExpression = "attribute_not_exists(#key)";
            request.ExpressionAttributeNames["#key"] = keyAttribute;
        }
        else
        {
            request.ConditionExpression = "#version = :expected";
            request.ExpressionAttributeNames["#version"] = VersionAttribute;
            request.ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":expected"] = new() { N = expectedVersion.ToString(CultureInfo.InvariantCulture) },
            };
        }

        try
        {
            await DynamoDbRetry.ExecuteAsync(_retry, "PutItem", tableName, key, ct => client.PutItemAsync(request, ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
