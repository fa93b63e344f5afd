using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;

namespace BatchRuntimeMonitor.Tests.Storage;

/// <summary>The contract on the embedded store of local runs.</summary>
public sealed class InMemoryRecordStoreTests : RecordStoreContract
{
    protected override Task<MonitorStores?> CreateStoresAsync() => Task.FromResult<MonitorStores?>(MonitorStores.InMemory());

    /// <summary>Locally, GetItem on the instances table is answered with the same mapping (the local interpreter's join).</summary>
    protected override async Task<JsonObject?> RawInstanceItemAsync(MonitorStores stores, string containerInstanceArn) =>
        await stores.Instances.GetAsync(containerInstanceArn, default) is { } stored ? InstanceItemMapping.ToItem(stored.Record) : null;
}

/// <summary>What `brm cost` prices as DynamoDB writes: the store counts the writes that succeeded, and only those.</summary>
public sealed class InMemoryRecordStoreWritesTests
{
    [Fact]
    public async Task Only_writes_that_succeed_are_counted()
    {
        var store = new BatchRuntimeMonitor.Core.Storage.InMemoryRecordStore<string>();

        (await store.TryWriteAsync("a", "first", 0, default)).Should().BeTrue();
        (await store.TryWriteAsync("a", "again as new", 0, default)).Should().BeFalse("the record exists");
        (await store.TryWriteAsync("a", "stale", 5, default)).Should().BeFalse("another writer won");
        (await store.TryWriteAsync("missing", "update", 1, default)).Should().BeFalse("nothing to update");
        (await store.TryWriteAsync("a", "second", 1, default)).Should().BeTrue();

        store.Writes.Should().Be(2);
    }
}
