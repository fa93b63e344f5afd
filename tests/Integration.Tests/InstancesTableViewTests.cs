using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.Local.Brm.Replay;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>
/// The state machines' view of the instances table: GetItem returns the registry record as last written, in the
/// DynamoDB store's layout, as a copy of its own (the item is converted once per written version and reused).
/// </summary>
public sealed class InstancesTableViewTests
{
    private const string Table = "InstancesTable";
    private const string Arn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce-1/abc";

    private readonly InMemoryRecordStore<InstanceRecord> _instances = new();

    [Fact]
    public async Task GetItem_returns_the_record_in_the_store_layout()
    {
        var view = new InstancesTableView(Table, _instances);
        await _instances.TryWriteAsync(Arn, Record("m5.large"), 0, default);

        Compact(view.GetItem(Table, Key(Arn))).Should().Be(Compact(InstanceItemMapping.ToItem(Record("m5.large"))));
    }

    [Fact]
    public async Task GetItem_sees_each_new_write_of_the_record()
    {
        var view = new InstancesTableView(Table, _instances);
        var record = Record(null);
        await _instances.TryWriteAsync(Arn, record, 0, default);
        view.GetItem(Table, Key(Arn))!.ContainsKey("InstanceType").Should().BeFalse();

        // The registry's functions update a record in place and write it back: a new version of the same object.
        record.InstanceType = "c6g.xlarge";
        await _instances.TryWriteAsync(Arn, record, 1, default);
        view.GetItem(Table, Key(Arn))!["InstanceType"]!["S"]!.GetValue<string>().Should().Be("c6g.xlarge");

        await _instances.TryWriteAsync(Arn, Record("r7g.large"), 2, default);
        view.GetItem(Table, Key(Arn))!["InstanceType"]!["S"]!.GetValue<string>().Should().Be("r7g.large");
    }

    [Fact]
    public async Task Each_GetItem_returns_a_copy_of_its_own()
    {
        var view = new InstancesTableView(Table, _instances);
        await _instances.TryWriteAsync(Arn, Record("m5.large"), 0, default);

        var first = view.GetItem(Table, Key(Arn))!;
        first["InstanceType"] = new JsonObject { ["S"] = "changed" };
        first.Remove("Architecture");

        var second = view.GetItem(Table, Key(Arn))!;
        second["InstanceType"]!["S"]!.GetValue<string>().Should().Be("m5.large");
        second.ContainsKey("Architecture").Should().BeTrue();
    }

    [Fact]
    public async Task An_item_that_names_no_instance_type_is_returned_without_its_waiting_list()
    {
        // The job and task functions edit a placeholder's waiting list in place, possibly on the functions' thread
        // at this moment; the join counts such an item as not found whatever the list holds.
        var view = new InstancesTableView(Table, _instances);
        var placeholder = new InstanceRecord
        {
            ContainerInstanceArn = Arn,
            AwaitingJobs = new SortedSet<string>(["job-1", "job-2"], StringComparer.Ordinal),
            AwaitingOverflow = 3,
            ExpiresAt = 1_760_800_000,
        };
        await _instances.TryWriteAsync(Arn, placeholder, 0, default);

        var item = view.GetItem(Table, Key(Arn))!;

        item[InstanceItemMapping.KeyAttribute]!["S"]!.GetValue<string>().Should().Be(Arn);
        item.ContainsKey("AwaitingJobs").Should().BeFalse();
        item.ContainsKey("AwaitingOverflow").Should().BeFalse();
        item.ContainsKey("ExpiresAt").Should().BeFalse();
        item.ContainsKey("InstanceType").Should().BeFalse();
    }

    [Fact]
    public void The_copy_without_a_waiting_list_keeps_every_other_property_of_the_record()
    {
        // Fails when InstanceRecord gains a property the copy does not carry over.
        var waitingList = new[] { nameof(InstanceRecord.AwaitingJobs), nameof(InstanceRecord.AwaitingOverflow), nameof(InstanceRecord.ExpiresAt) };
        var record = new InstanceRecord
        {
            ContainerInstanceArn = Arn,
            Ec2InstanceId = "i-0abc",
            InstanceType = "m5.large",
            AvailabilityZone = "us-east-1a",
            Architecture = "x86_64",
            AmiId = "ami-1",
            ClusterName = "cluster",
            ComputeEnvironment = "ce",
            RegisteredVcpus = 2,
            RegisteredMemoryMiB = 8192,
            RegisteredAt = 1,
            DeregisteredAt = 2,
            RegistrationCounted = true,
            DeregistrationCounted = true,
            CountedSets = new SortedSet<string>(["a|b"], StringComparer.Ordinal),
            AwaitingJobs = new SortedSet<string>(["job-1"], StringComparer.Ordinal),
            AwaitingOverflow = 1,
            ExpiresAt = 3,
        };

        var copy = InstancesTableView.WithoutWaitingList(record);

        foreach (var property in typeof(InstanceRecord).GetProperties().Where(p => p.CanWrite))
        {
            var value = property.GetValue(copy);
            if (waitingList.Contains(property.Name))
            {
                value.Should().BeNull(property.Name);
            }
            else
            {
                value.Should().NotBeNull(property.Name + " is set on the record, so the copy must carry it").And.Be(property.GetValue(record), property.Name);
            }
        }
    }

    [Fact]
    public void GetItem_of_an_unknown_instance_is_null()
    {
        new InstancesTableView(Table, _instances).GetItem(Table, Key(Arn)).Should().BeNull();
    }

    [Fact]
    public void KeySchema_of_the_instances_table_is_its_key_attribute_on_every_call()
    {
        var view = new InstancesTableView(Table, _instances);

        view.KeySchema(Table).Should().Equal(InstanceItemMapping.KeyAttribute);
        view.KeySchema(Table).Should().Equal(InstanceItemMapping.KeyAttribute);
        view.KeySchema("OtherTable").Should().BeNull();
    }

    [Fact]
    public async Task With_no_registration_in_flight_the_fence_lets_GetItem_read_at_once()
    {
        var fence = new RegistrationFence();
        var view = new InstancesTableView(Table, _instances, fence);
        await _instances.TryWriteAsync(Arn, Record("m5.large"), 0, default);

        view.GetItem(Table, Key(Arn))!["InstanceType"]!["S"]!.GetValue<string>().Should().Be("m5.large");
    }

    [Fact]
    public async Task GetItem_of_a_record_a_registration_in_flight_writes_waits_for_it_and_others_do_not()
    {
        const string other = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce-1/other";
        var fence = new RegistrationFence();
        var view = new InstancesTableView(Table, _instances, fence);
        await _instances.TryWriteAsync(other, Record("c5.large"), 0, default);
        using var functions = new FunctionsThread();
        using var release = new ManualResetEventSlim();
        var batch = functions.Post(() =>
        {
            release.Wait();
            return _instances.TryWriteAsync(Arn, Record("m6g.large"), 0, default).AsTask().GetAwaiter().GetResult();
        });
        fence.Add([Arn], batch);

        // Another instance's join goes on while the registration is blocked.
        view.GetItem(Table, Key(other))!["InstanceType"]!["S"]!.GetValue<string>().Should().Be("c5.large");

        var read = Task.Run(() => view.GetItem(Table, Key(Arn)));
        (await Task.WhenAny(read, Task.Delay(200))).Should().NotBeSameAs(read, "the registration has not written yet");
        release.Set();
        (await read.WaitAsync(TimeSpan.FromSeconds(30)))!["InstanceType"]!["S"]!.GetValue<string>().Should().Be("m6g.large");

        // Released once collected: a later read does not wait for anything.
        fence.Release([Arn], batch);
        view.GetItem(Table, Key(Arn))!["InstanceType"]!["S"]!.GetValue<string>().Should().Be("m6g.large");
    }

    [Fact]
    public async Task A_key_parsed_from_the_event_finds_the_item_as_a_key_of_strings_does_plain_or_escaped()
    {
        var view = new InstancesTableView(Table, _instances);
        await _instances.TryWriteAsync(Arn, Record("m5.large"), 0, default);
        var plain = "{\"" + InstanceItemMapping.KeyAttribute + "\":{\"S\":\"" + Arn + "\"}}";
        var escaped = plain.Replace("/", "\\/", StringComparison.Ordinal);

        var expected = Compact(view.GetItem(Table, Key(Arn)));
        for (var i = 0; i < 3; i++)
        {
            // The first read of an instance and the later ones (then the ARN is the stored one).
            Compact(view.GetItem(Table, JsonNode.Parse(plain)!.AsObject())).Should().Be(expected);
            Compact(view.GetItem(Table, JsonNode.Parse(escaped)!.AsObject())).Should().Be(expected);
        }

        var record = Record("c7g.large");
        await _instances.TryWriteAsync(Arn, record, 1, default);
        view.GetItem(Table, JsonNode.Parse(plain)!.AsObject())!["InstanceType"]!["S"]!.GetValue<string>().Should().Be("c7g.large");

        // The item found with the stored ARN is that of an older version: the record written again in place is seen.
        record.InstanceType = "m7g.large";
        await _instances.TryWriteAsync(Arn, record, 2, default);
        view.GetItem(Table, JsonNode.Parse(plain)!.AsObject())!["InstanceType"]!["S"]!.GetValue<string>().Should().Be("m7g.large");
        view.GetItem(Table, JsonNode.Parse(plain.Replace("/abc", "/unknown", StringComparison.Ordinal))!.AsObject()).Should().BeNull();
    }

    [Fact]
    public void A_key_whose_value_is_not_a_string_fails_as_it_did()
    {
        var view = new InstancesTableView(Table, _instances);
        var key = JsonNode.Parse("{\"" + InstanceItemMapping.KeyAttribute + "\":{\"S\":12}}")!.AsObject();

        view.Invoking(v => v.GetItem(Table, key)).Should().Throw<InvalidOperationException>();
    }

    private static JsonObject Key(string arn) => new() { [InstanceItemMapping.KeyAttribute] = new JsonObject { ["S"] = arn } };

    private static string Compact(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static InstanceRecord Record(string? instanceType) => new()
    {
        ContainerInstanceArn = Arn,
        InstanceType = instanceType,
        AvailabilityZone = "us-east-1a",
        Architecture = "arm64",
        RegisteredVcpus = 2,
        RegisteredAt = 1_760_700_000_000,
        CountedSets = new SortedSet<string>(["a|b", "c|d"], StringComparer.Ordinal),
    };
}
