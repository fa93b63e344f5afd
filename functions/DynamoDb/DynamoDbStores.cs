using Amazon.DynamoDBv2;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Lambda;

namespace BatchRuntimeMonitor.DynamoDb;

/// <summary>The functions' stores over the two tables of template.yaml.</summary>
public static class DynamoDbStores
{
    public const string JobsKey = "JobId";

    public static MonitorStores Create(IAmazonDynamoDB client, string instancesTable, string jobsTable) => new(
        new DynamoDbRecordStore<InstanceRecord>(client, instancesTable, InstanceItemMapping.KeyAttribute, new InstanceItemCodec()),
        new DynamoDbRecordStore<Core.Jobs.JobRecord>(client, jobsTable, JobsKey, new JobItemCodec()),
        new DynamoDbRecordStore<Core.Storage.EventMarker>(client, jobsTable, JobsKey, new EventMarkerCodec()));

    public static MonitorStores FromEnvironment() => Create(
        new AmazonDynamoDBClient(),
        FunctionEnvironment.Required("INSTANCES_TABLE"),
        FunctionEnvironment.Required("JOBS_TABLE"));
}
