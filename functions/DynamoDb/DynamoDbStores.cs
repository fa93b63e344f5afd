using Amazon.DynamoDBv2;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Lambda;

namespace BatchRuntimeMonitor.DynamoDb;

/// <summary>The functions' stores over the two tables of template.yaml.</summary>
public static class DynamoDbStores
{
    public const string JobsKey = "JobId";

    /// <summary>
    /// One client per process, created on first use (in INIT, from the Function constructor) and shared by every
    /// store: its HTTP connection pool, credentials and endpoint resolution are then paid for once.
    /// </summary>
    private static readonly Lazy<IAmazonDynamoDB> SharedClient = new(() => new AmazonDynamoDBClient(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static IAmazonDynamoDB Client => SharedClient.Value;

    public static MonitorStores Create(IAmazonDynamoDB client, string instancesTable, string jobsTable, DynamoDbRetryPolicy? retry = null) => new(
        new DynamoDbRecordStore<InstanceRecord>(client, instancesTable, InstanceItemMapping.KeyAttribute, new InstanceItemCodec(), retry),
        new DynamoDbRecordStore<Core.Jobs.JobRecord>(client, jobsTable, JobsKey, new JobItemCodec(), retry),
        new DynamoDbRecordStore<Core.Storage.EventMarker>(client, jobsTable, JobsKey, new EventMarkerCodec(), retry));

    public static MonitorStores FromEnvironment()
    {
        // Configuration first, so a missing variable fails before any client work.
        var instancesTable = FunctionEnvironment.Required("INSTANCES_TABLE");
        var jobsTable = FunctionEnvironment.Required("JOBS_TABLE");
        return Create(Client, instancesTable, jobsTable);
    }
}
