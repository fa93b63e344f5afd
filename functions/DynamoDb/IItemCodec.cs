using Amazon.DynamoDBv2.Model;

namespace BatchRuntimeMonitor.DynamoDb;

/// <summary>How one record type is laid out as a DynamoDB item (the key and Version attributes are added by the store).</summary>
public interface IItemCodec<TRecord>
{
    Dictionary<string, AttributeValue> ToItem(TRecord record);

    TRecord FromItem(Dictionary<string, AttributeValue> item);
}
