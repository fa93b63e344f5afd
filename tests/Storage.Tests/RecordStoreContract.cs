using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Tests.Storage;

/// <summary>
/// The contract every <see cref="IRecordStore{TRecord}"/> keeps, run against each implementation by a concrete
/// subclass. A subclass returns null from <see cref="CreateStoresAsync"/> when its backend is unavailable here
/// (the test then reports SKIPPED in its output and passes).
/// </summary>
public abstract partial class RecordStoreContract
{
    protected const string Arn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce-a-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/";

    /// <summary>Fresh, empty stores for one test.</summary>
    protected abstract Task<MonitorStores?> CreateStoresAsync();

    /// <summary>The instances item as a GetItem would return it (attribute-value JSON), or null when absent.</summary>
    protected abstract Task<JsonObject?> RawInstanceItemAsync(MonitorStores stores, string containerInstanceArn);

    protected static string NewKey(string prefix = "job") => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Get_of_a_missing_key_is_null_in_every_store()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        (await stores.Jobs.GetAsync(NewKey(), default)).Should().BeNull();
        (await stores.Instances.GetAsync(Arn + Guid.NewGuid().ToString("N"), default)).Should().BeNull();
        (await stores.Markers.GetAsync("runtask#" + Guid.NewGuid(), default)).Should().BeNull();
    }

    [Fact]
    public async Task First_write_with_version_0_succeeds_and_a_second_with_0_fails()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();
        (await stores.Jobs.TryWriteAsync(key, Job(key), 0, default)).Should().BeTrue();
        (await stores.Jobs.TryWriteAsync(key, Job(key, name: "other"), 0, default)).Should().BeFalse();

        var stored = await stores.Jobs.GetAsync(key, default);
        stored!.Value.Version.Should().Be(1);
        stored.Value.Record.JobName.Should().Be("job-name");
    }

    [Fact]
    public async Task A_write_with_a_stale_version_fails_and_one_with_the_current_version_succeeds()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();
        (await stores.Jobs.TryWriteAsync(key, Job(key, name: "v1"), 0, default)).Should().BeTrue();
        (await stores.Jobs.TryWriteAsync(key, Job(key, name: "v2"), 1, default)).Should().BeTrue();

        (await stores.Jobs.TryWriteAsync(key, Job(key, name: "stale"), 1, default)).Should().BeFalse();
        (await stores.Jobs.TryWriteAsync(key, Job(key, name: "future"), 5, default)).Should().BeFalse();
        (await stores.Jobs.GetAsync(key, default))!.Value.Record.JobName.Should().Be("v2");

        (await stores.Jobs.TryWriteAsync(key, Job(key, name: "v3"), 2, default)).Should().BeTrue();
        var stored = await stores.Jobs.GetAsync(key, default);
        stored!.Value.Record.JobName.Should().Be("v3");
        stored.Value.Version.Should().Be(3);
    }

    [Fact]
    public async Task Versions_increase_by_one_per_successful_write()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = Arn + Guid.NewGuid().ToString("N");
        for (var expected = 0L; expected < 5; expected++)
        {
            var record = new InstanceRecord { ContainerInstanceArn = key, RegisteredMemoryMiB = expected };
            (await stores.Instances.TryWriteAsync(key, record, expected, default)).Should().BeTrue();
            var stored = await stores.Instances.GetAsync(key, default);
            stored!.Value.Version.Should().Be(expected + 1);
            stored.Value.Record.RegisteredMemoryMiB.Should().Be(expected);
        }
    }

    [Fact]
    public async Task RecordUpdater_retries_under_a_concurrent_writer_and_converges()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();
        var competitor = 0;
        var interfering = new InterferingStore<JobRecord>(stores.Jobs, interferences: 3, current =>
        {
            var copy = Copy(current) ?? Job(key);
            copy.Emitted.Add($"competitor:{++competitor}");
            return copy;
        });

        var merges = 0;
        var result = await RecordUpdater.UpdateAsync(interfering, key, current =>
        {
            merges++;
            var copy = Copy(current) ?? Job(key);
            copy.Emitted.Add("mine");
            return copy;
        }, default);

        merges.Should().Be(4, "three writes lost to the competitor, the fourth read its last write and won");
        result.Emitted.Should().BeEquivalentTo(["competitor:1", "competitor:2", "competitor:3", "mine"]);
        var stored = await stores.Jobs.GetAsync(key, default);
        stored!.Value.Version.Should().Be(4);
        stored.Value.Record.Emitted.Should().BeEquivalentTo(["competitor:1", "competitor:2", "competitor:3", "mine"]);
    }

    [Fact]
    public async Task RecordUpdater_lands_every_update_of_many_concurrent_writers_on_one_key()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();

        // Eight writers (a job's events split over several Lambda invocations, at worst) with a read-to-write gap
        // like a network round trip: retried at once, the losers of a race read the same version and race again.
        var slow = new SlowWriteStore<JobRecord>(stores.Jobs, TimeSpan.FromMilliseconds(2));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var update = 0; update < 3; update++)
            {
                var mark = $"w{writer}:{update}";
                await RecordUpdater.UpdateAsync(slow, key, current =>
                {
                    var copy = Copy(current) ?? Job(key);
                    copy.Emitted.Add(mark);
                    return copy;
                }, default);
            }
        })));

        var stored = await stores.Jobs.GetAsync(key, default);
        stored!.Value.Version.Should().Be(24);
        stored.Value.Record.Emitted.Should().HaveCount(24).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task RecordUpdater_gives_up_with_a_clear_error_when_every_write_loses()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();
        var interfering = new InterferingStore<JobRecord>(stores.Jobs, interferences: int.MaxValue, current => Copy(current) ?? Job(key));

        var act = async () => await RecordUpdater.UpdateAsync(interfering, key, current => Copy(current) ?? Job(key), default);

        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage($"*JobRecord '{key}'*");
    }

    [Fact]
    public async Task EventMarker_is_first_time_once_then_never_again()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = "runtask#" + Guid.NewGuid();
        (await EventMarker.FirstTimeAsync(stores.Markers, key, 1_760_000_000, default)).Should().BeTrue();
        (await EventMarker.FirstTimeAsync(stores.Markers, key, 1_760_000_000, default)).Should().BeFalse();
        (await EventMarker.FirstTimeAsync(stores.Markers, key, null, default)).Should().BeFalse();
        (await EventMarker.FirstTimeAsync(stores.Markers, "asg#" + Guid.NewGuid(), null, default)).Should().BeTrue();

        var stored = await stores.Markers.GetAsync(key, default);
        stored!.Value.Record.Key.Should().Be(key);
        stored.Value.Record.ExpiresAt.Should().Be(1_760_000_000);
    }

    [Fact]
    public async Task InstanceRecord_round_trip_keeps_every_field()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var record = FullInstance(Arn + Guid.NewGuid().ToString("N"));

        (await stores.Instances.TryWriteAsync(record.ContainerInstanceArn, record, 0, default)).Should().BeTrue();
        var stored = await stores.Instances.GetAsync(record.ContainerInstanceArn, default);

        stored!.Value.Record.Should().BeEquivalentTo(record);
        stored.Value.Record.RegistrationCounted.Should().BeTrue();
        stored.Value.Record.DeregistrationCounted.Should().BeTrue();
        stored.Value.Record.ExpiresAt.Should().Be(1_762_592_000);
    }

    [Fact]
    public async Task InstanceRecord_round_trip_keeps_unknowns_and_false_flags()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var record = new InstanceRecord { ContainerInstanceArn = Arn + Guid.NewGuid().ToString("N"), RegisteredAt = 1_760_000_000_123 };

        (await stores.Instances.TryWriteAsync(record.ContainerInstanceArn, record, 0, default)).Should().BeTrue();
        var stored = (await stores.Instances.GetAsync(record.ContainerInstanceArn, default))!.Value.Record;

        stored.Should().BeEquivalentTo(record);
        stored.RegistrationCounted.Should().BeFalse();
        stored.ExpiresAt.Should().BeNull();
        stored.Ec2InstanceId.Should().BeNull();
    }

    [Fact]
    public async Task JobRecord_round_trip_keeps_status_first_seen_attempts_dependencies_and_emitted()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();
        var record = FullJob(key);

        (await stores.Jobs.TryWriteAsync(key, record, 0, default)).Should().BeTrue();
        var stored = (await stores.Jobs.GetAsync(key, default))!.Value.Record;

        stored.Should().BeEquivalentTo(record);
        stored.StatusFirstSeen.Should().Equal(record.StatusFirstSeen);
        stored.Attempts.Should().HaveCount(2);
        stored.Attempts[1].LogStreamName.Should().Be("def/container/two");
        stored.DependsOn.Should().Equal(new JobDependency("dep-1", "N_TO_N"), new JobDependency("dep-2", null));
        stored.Emitted.Should().Equal("placed:arn:aws:ecs:us-east-1:123456789012:task/AWSBatch-ce-a/1", "status:RUNNABLE", "status:SUCCEEDED");
        stored.Status.Should().Be(JobStatus.Succeeded);
        stored.LastAttempt!.Key.Should().EndWith("/2");
    }

    [Fact]
    public async Task The_instances_item_is_exactly_InstanceItemMapping_attribute_value_json()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var record = FullInstance(Arn + Guid.NewGuid().ToString("N"));
        (await stores.Instances.TryWriteAsync(record.ContainerInstanceArn, record, 0, default)).Should().BeTrue();

        var raw = await RawInstanceItemAsync(stores, record.ContainerInstanceArn);

        raw.Should().NotBeNull();
        var withoutVersion = (JsonObject)raw!.DeepClone();
        withoutVersion.Remove("Version");
        Canonical(withoutVersion).Should().Be(Canonical(InstanceItemMapping.ToItem(record)));

        // And the state machines' join reads it back with the functions' own mapping.
        var joined = InstanceItemMapping.FromItem(JsonSerializer.SerializeToElement(raw, StorageTestJson.Default.JsonObject));
        joined.Should().BeEquivalentTo(record);
    }

    protected static InstanceRecord FullInstance(string arn) => new()
    {
        ContainerInstanceArn = arn,
        Ec2InstanceId = "i-0123456789abcdef0",
        InstanceType = "m6g.large",
        AvailabilityZone = "us-east-1a",
        Architecture = "arm64",
        AmiId = "ami-0abcdef1234567890",
        ClusterName = "AWSBatch-ce-a-0a95f22d-7108-3c4e-99f7-2fd92e1a8941",
        ComputeEnvironment = "ce-a",
        RegisteredVcpus = 2.5,
        RegisteredMemoryMiB = 7680,
        RegisteredAt = 1_760_000_000_123,
        DeregisteredAt = 1_760_003_600_456,
        RegistrationCounted = true,
        DeregistrationCounted = true,
        ExpiresAt = 1_762_592_000,
    };

    protected static JobRecord Job(string key, string name = "job-name") => new() { JobId = key, JobName = name };

    protected static JobRecord FullJob(string key)
    {
        const string task = "arn:aws:ecs:us-east-1:123456789012:task/AWSBatch-ce-a/";
        var record = new JobRecord
        {
            JobId = key,
            JobName = "nightly-étl", // non-ASCII survives the Doc attribute
            JobQueue = "queue-a",
            JobDefinition = "def:3",
            ComputeEnvironment = "ce-a",
            Platform = "EC2",
            ParentJobId = "parent-id",
            ArrayIndex = 4,
            ArraySize = null,
            NodeIndex = 0,
            CreatedAt = 1_760_000_000_000,
            LatestStatus = JobStatus.Running,
            LatestStatusAt = 1_760_000_030_000,
            StatusReason = "Essential container in task exited",
            StatusReasonAt = 1_760_000_090_000,
            ExpiresAt = 1_767_776_090,
        };
        record.StatusFirstSeen[JobStatus.Runnable] = 1_760_000_001_000;
        record.StatusFirstSeen[JobStatus.Running] = 1_760_000_030_000;
        record.StatusFirstSeen[JobStatus.Succeeded] = 1_760_000_090_000;
        record.Attempts.Add(new JobAttempt
        {
            Key = task + "1", TaskArn = task + "1", ContainerInstanceArn = Arn + "x", LogStreamName = "def/container/one", ExitCode = 137,
            StatusReason = "Host EC2 terminated", ContainerReason = "OutOfMemoryError", StartedAt = 1_760_000_010_000, StoppedAt = 1_760_000_020_000,
            InstanceId = "i-1", InstanceType = "m6g.large", AvailabilityZone = "us-east-1a", Architecture = "arm64",
        });
        record.Attempts.Add(new JobAttempt { Key = task + "2", TaskArn = task + "2", LogStreamName = "def/container/two", ExitCode = 0, StartedAt = 1_760_000_030_000, StoppedAt = 1_760_000_090_000 });
        record.DependsOn.Add(new JobDependency("dep-1", "N_TO_N"));
        record.DependsOn.Add(new JobDependency("dep-2", null));
        record.Emitted.Add("status:RUNNABLE");
        record.Emitted.Add("status:SUCCEEDED");
        record.Emitted.Add("placed:" + task + "1");
        return record;
    }

    /// <summary>A deep copy, so test merges are pure even over the in-memory store (which keeps records by reference).</summary>
    protected static JobRecord? Copy(JobRecord? record) =>
        record is null ? null : JsonSerializer.Deserialize(JsonSerializer.Serialize(record, CoreJsonContext.Default.JobRecord), CoreJsonContext.Default.JobRecord);

    /// <summary>Attribute order does not matter in an item: compare with sorted property names.</summary>
    protected static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key, StorageTestJson.Default.String) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}

/// <summary>Before passing each write through, lets a "concurrent" writer win: read, merge, write on the inner store.</summary>
public sealed class InterferingStore<TRecord>(IRecordStore<TRecord> inner, int interferences, Func<TRecord?, TRecord> competitorMerge) : IRecordStore<TRecord>
    where TRecord : class
{
    public int Interfered { get; private set; }

    public ValueTask<Versioned<TRecord>?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public async ValueTask<bool> TryWriteAsync(string key, TRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        if (Interfered < interferences)
        {
            Interfered++;
            var current = await inner.GetAsync(key, cancellationToken);
            (await inner.TryWriteAsync(key, competitorMerge(current?.Record), current?.Version ?? 0, cancellationToken)).Should().BeTrue("the competitor writes at the version it read");
        }

        return await inner.TryWriteAsync(key, record, expectedVersion, cancellationToken);
    }
}

/// <summary>Waits before each write, as a network round trip does, so concurrent writers overlap between their read and their write.</summary>
public sealed class SlowWriteStore<TRecord>(IRecordStore<TRecord> inner, TimeSpan delay) : IRecordStore<TRecord>
    where TRecord : class
{
    public ValueTask<Versioned<TRecord>?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public async ValueTask<bool> TryWriteAsync(string key, TRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        return await inner.TryWriteAsync(key, record, expectedVersion, cancellationToken);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class StorageTestJson : System.Text.Json.Serialization.JsonSerializerContext;
