using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// The interpreter's DynamoDB, with the instances table backed by the InstanceRegistration function's own store:
/// the state machines' GetItem sees exactly what the function wrote, in the layout the DynamoDB store writes
/// (InstanceItemMapping). Other tables are plain in-memory tables.
/// </summary>
/// <remarks>
/// Each record's item is converted once per stored version and kept as a parsed <see cref="JsonElement"/>: a GetItem
/// then returns a new <see cref="JsonObject"/> over it, which costs nothing until read and only what is read (the
/// join reads one attribute and copies the item into the message). Building the item node by node on every GetItem
/// was about a sixth of the interpreter's time in a replay. Keyed on the version the store gives each write, so a
/// GetItem sees the record as last written, as DynamoDB would; about 1 KB per instance, which stay in memory anyway.
///
/// An item that does not name the instance type is returned without its waiting list (AwaitingJobs,
/// AwaitingOverflow, ExpiresAt): the job and task functions edit those in place, possibly at this moment on the
/// functions' thread (<see cref="FunctionsThread"/>), and the join counts such an item as not found whatever they
/// hold. Everything else on a record is written only by the registration function, whose batches in flight are
/// waited for before their records are read (<see cref="RegistrationFence"/>).
/// </remarks>
/// <param name="registrationFence">Registration batches running on the functions' thread: a read of a record one writes waits for it.</param>
public sealed class InstancesTableView(string instancesTableName, InMemoryRecordStore<InstanceRecord> instances, RegistrationFence? registrationFence = null) : IDynamoDbTables
{
    private readonly InMemoryDynamoDbTables _others = new();
    // Each instance's converted item by ARN, also looked up by the ARN's characters (AlternateLookup): the key of a
    // GetItem is the event's parsed string, and the ARN of an instance seen before is then not made a string again.
    private readonly Dictionary<string, ConvertedItem>.AlternateLookup<ReadOnlySpan<char>> _itemsByChars =
        new Dictionary<string, ConvertedItem>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    // Longest ARN transcoded on the stack (ECS container instance ARNs are about 100 characters).
    private const int MaxStackChars = 512;

    // The instances table's key schema, one list for every call: the invoker asks for it on each GetItem.
    private static readonly IReadOnlyList<string> InstancesKeySchema = [InstanceItemMapping.KeyAttribute];

    public InMemoryDynamoDbTables OtherTables => _others;

    public IReadOnlyList<string>? KeySchema(string tableName) =>
        tableName == instancesTableName ? InstancesKeySchema : _others.KeySchema(tableName);

    public JsonObject? GetItem(string tableName, JsonObject key)
    {
        if (tableName != instancesTableName)
        {
            return _others.GetItem(tableName, key);
        }

        var arn = ArnOf(key, out var converted);
        if (arn is not null)
        {
            registrationFence?.BeforeRead(arn);
        }

        if (arn is null || instances.GetAsync(arn, CancellationToken.None).GetAwaiter().GetResult() is not { } stored)
        {
            return null;
        }

        // An ARN read as a string (escaped, or not seen before) was not looked up yet.
        if (converted is null)
        {
            _itemsByChars.Dictionary.TryGetValue(arn, out converted);
        }

        if (converted is null || converted.Version != stored.Version || !ReferenceEquals(converted.Record, stored.Record))
        {
            var record = stored.Record.CanAttribute ? stored.Record : WithoutWaitingList(stored.Record);
            converted = new ConvertedItem(stored.Record, stored.Version, JsonSerializer.SerializeToElement(InstanceItemMapping.ToItem(record)));
            _itemsByChars.Dictionary[arn] = converted;
        }

        return JsonObject.Create(converted.Item);
    }

    /// <summary>
    /// The key's ARN: the stored string of an instance seen before when the key holds it as parsed text (with its
    /// converted item, <paramref name="known"/>, found by the same look-up), else read as it always was (and
    /// <paramref name="known"/> null).
    /// </summary>
    private string? ArnOf(JsonObject key, out ConvertedItem? known)
    {
        known = null;
        if (key[InstanceItemMapping.KeyAttribute] is JsonObject attribute
            && ParsedStrings.TryGetUnescapedUtf8(attribute["S"], out var utf8)
            && utf8.Length <= MaxStackChars)
        {
            Span<char> chars = stackalloc char[utf8.Length];
            if (Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done
                && _itemsByChars.TryGetValue(chars[..written], out var storedArn, out var item))
            {
                known = item;
                return storedArn;
            }
        }

        return key[InstanceItemMapping.KeyAttribute]?["S"]?.GetValue<string>();
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

    /// <summary>A copy of what the registration function wrote, leaving out what the job and task functions may be editing.</summary>
    public static InstanceRecord WithoutWaitingList(InstanceRecord record) => new()
    {
        ContainerInstanceArn = record.ContainerInstanceArn,
        Ec2InstanceId = record.Ec2InstanceId,
        InstanceType = record.InstanceType,
        AvailabilityZone = record.AvailabilityZone,
        Architecture = record.Architecture,
        AmiId = record.AmiId,
        ClusterName = record.ClusterName,
        ComputeEnvironment = record.ComputeEnvironment,
        RegisteredVcpus = record.RegisteredVcpus,
        RegisteredMemoryMiB = record.RegisteredMemoryMiB,
        RegisteredAt = record.RegisteredAt,
        DeregisteredAt = record.DeregisteredAt,
        RegistrationCounted = record.RegistrationCounted,
        DeregistrationCounted = record.DeregistrationCounted,
        CountedSets = record.CountedSets,
    };

    /// <summary>A record's item as of one stored version (the record too: a new object is a new version).</summary>
    private sealed record ConvertedItem(InstanceRecord Record, long Version, JsonElement Item);
}
