using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// DynamoDB tables as the task integrations see them. Items and keys are attribute-value JSON
/// ({"Name": {"S": "..."}, "Size": {"N": "3"}}). Implementations store and return copies.
/// </summary>
public interface IDynamoDbTables
{
    /// <summary>The key attribute names (partition key, then sort key if any), or null when the table does not exist.</summary>
    IReadOnlyList<string>? KeySchema(string tableName);

    /// <summary>A copy of the item with this key, or null.</summary>
    JsonObject? GetItem(string tableName, JsonObject key);

    /// <summary>Stores a copy of the item, replacing any item with the same key.</summary>
    void PutItem(string tableName, JsonObject item);

    /// <summary>Removes the item with this key; false when there was none.</summary>
    bool DeleteItem(string tableName, JsonObject key);
}
