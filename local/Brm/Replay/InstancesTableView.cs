using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// The interpreter's DynamoDB, with the instances table backed by the InstanceRegistration function's own store:
/// the state machines' GetItem sees exactly what the function wrote, in the layout the DynamoDB store writes
/// (InstanceItemMapping). Other tables are plain in-memory tables.
/// </summary>
public sealed class InstancesTableView(string instancesTableName, InMemoryRecordStore<InstanceRecord> instances) : IDynamoDbTables
{
    private readonly InMemoryDynamoDbTables _others = new();

    public InMemoryDynamoDbTables OtherTables => _others;

    public IReadOnlyList<string>? KeySchema(string tableName) =>
        tableName == instancesTableName ? [InstanceItemMapping.KeyAttribute] : _others.KeySchema(tableName);

    public JsonObject? GetItem(string tableName, JsonObject key)
    {
        if (tableName != instancesTableName)
        {
            return _others.GetItem(tableName, key);
        }

        var arn = key[InstanceItemMapping.KeyAttribute]?["S"]?.GetValue<string>();
        return arn is not null && instances.TryGet(arn, out var record) ? InstanceItemMapping.ToItem(record!) : null;
    }

    public void PutItem(string tableName, JsonObject item)
    {
        if (tableName == instancesTableName)
        {
            throw new InvalidOperationException($"the state machines must not write {instancesTableName}: the InstanceRegistration function owns it");
        }

        _others.PutItem(tableName, item);
    }

    public bool DeleteItem(string tableName, JsonObject key)
    {
        if (tableName == instancesTableName)
        {
            throw new InvalidOperationException($"the state machines must not write {instancesTableName}: the InstanceRegistration function owns it");
        }

        return _others.DeleteItem(tableName, key);
    }
}
