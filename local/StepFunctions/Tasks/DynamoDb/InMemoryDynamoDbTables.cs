using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>A generic in-memory <see cref="IDynamoDbTables"/>: per table a key schema and items by key.</summary>
public sealed class InMemoryDynamoDbTables : IDynamoDbTables
{
    private readonly Dictionary<string, Table> _tables = new(StringComparer.Ordinal);

    /// <summary>When true, an unknown table is created on first use with the key attributes the request names.</summary>
    public bool CreateTablesOnDemand { get; init; }

    /// <summary>Creates (or replaces) an empty table keyed by the given attribute names (partition, then optional sort).</summary>
    public void CreateTable(string tableName, params string[] keyAttributes)
    {
        if (keyAttributes.Length is 0 or > 2)
        {
            throw new ArgumentException("A table has a partition key and an optional sort key", nameof(keyAttributes));
        }

        _tables[tableName] = new Table(keyAttributes);
    }

    /// <summary>
    /// Loads items. When the table does not exist yet it is created keyed by <paramref name="keyAttribute"/> or,
    /// if that is null, by the first attribute of the first item.
    /// </summary>
    public void Preload(string tableName, IEnumerable<JsonObject> items, string? keyAttribute = null)
    {
        foreach (var item in items)
        {
            if (!_tables.ContainsKey(tableName))
            {
                CreateTable(tableName, keyAttribute ?? item.First().Key);
            }

            PutItem(tableName, item);
        }

        if (!_tables.ContainsKey(tableName) && keyAttribute is not null)
        {
            CreateTable(tableName, keyAttribute);
        }
    }

    /// <summary>All items of a table (copies), in insertion order; empty when the table does not exist.</summary>
    public IReadOnlyList<JsonObject> Scan(string tableName) =>
        _tables.TryGetValue(tableName, out var table) ? table.Items.Values.Select(i => (JsonObject)i.DeepClone()).ToList() : [];

    public IReadOnlyList<string>? KeySchema(string tableName) => _tables.TryGetValue(tableName, out var table) ? table.KeyAttributes : null;

    public JsonObject? GetItem(string tableName, JsonObject key)
    {
        var table = Find(tableName, key);
        return table.Items.TryGetValue(table.KeyOf(key), out var item) ? (JsonObject)item.DeepClone() : null;
    }

    public void PutItem(string tableName, JsonObject item)
    {
        var table = Find(tableName, item);
        table.Items[table.KeyOf(item)] = (JsonObject)item.DeepClone();
    }

    public bool DeleteItem(string tableName, JsonObject key)
    {
        var table = Find(tableName, key);
        return table.Items.Remove(table.KeyOf(key));
    }

    private Table Find(string tableName, JsonObject keyOrItem)
    {
        if (_tables.TryGetValue(tableName, out var table))
        {
            return table;
        }

        if (CreateTablesOnDemand && keyOrItem.Count > 0)
        {
            CreateTable(tableName, keyOrItem.First().Key);
            return _tables[tableName];
        }

        throw new KeyNotFoundException($"Requested resource not found: Table: {tableName} not found");
    }

    private sealed class Table(string[] keyAttributes)
    {
        public string[] KeyAttributes { get; } = keyAttributes;

        public Dictionary<string, JsonObject> Items { get; } = new(StringComparer.Ordinal);

        /// <summary>The key attribute values as one string; their JSON keeps type and value apart ({"S":"1"} vs {"N":"1"}).</summary>
        public string KeyOf(JsonObject keyOrItem)
        {
            var key = new StringBuilder();
            foreach (var name in KeyAttributes)
            {
                if (!keyOrItem.TryGetPropertyValue(name, out var value) || value is not JsonObject)
                {
                    throw new ArgumentException($"One or more parameter values were invalid: Missing the key {name} in the item");
                }

                key.Append(value.ToJsonString(JsonValues.Compact)).Append('\u001f');
            }

            return key.ToString();
        }
    }

    internal static bool IsKeyOnly(JsonObject key, IReadOnlyList<string> schema) =>
        key.Count == schema.Count && schema.All(key.ContainsKey) && key.All(p => p.Value is JsonObject o && o.Count == 1 && o.First().Value?.GetValueKind() == JsonValueKind.String);
}
