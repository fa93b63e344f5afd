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
