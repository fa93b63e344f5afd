using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Storage;
using BatchRuntimeMonitor.DynamoDb;
using BatchRuntimeMonitor.Tests.Support;
using Xunit.Abstractions;

namespace BatchRuntimeMonitor.Tests.Storage;

/// <summary>
/// The contract on the DynamoDB store against moto_server, plus what only a real DynamoDB API shows: concurrent
/// conditional writes, the jobs item layout, the item size guard and error messages. Each test gets its own two
/// tables (created with the SDK, as template.yaml declares them).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DynamoDbRecordStoreTests(MotoServer moto, ITestOutputHelper output) : RecordStoreContract, IClassFixture<MotoServer>, IAsyncLifetime
{
    private AmazonDynamoDBClient? _client;
    private string _instancesTable = "";
    private string _jobsTable = "";

    public async Task InitializeAsync()
    {
        if (moto.Endpoint is null)
        {
            return;
        }

        _client = CreateClient(moto.Endpoint);
        var suffix = Guid.NewGuid().ToString("N")[..12];
        _instancesTable = "brm-instances-" + suffix;
        _jobsTable = "brm-jobs-" + suffix;
        await CreateTableAsync(_client, _instancesTable, InstanceItemMapping.KeyAttribute);
        await CreateTableAsync(_client, _jobsTable, DynamoDbStores.JobsKey);
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        return Task.CompletedTask;
    }

    internal static AmazonDynamoDBClient CreateClient(Uri endpoint) => new(
        new BasicAWSCredentials("testing", "testing"),
        new AmazonDynamoDBConfig
        {
            ServiceURL = endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new OneRequestAtATime(),
        });

    internal static async Task CreateTableAsync(IAmazonDynamoDB client, string name, string key)
    {
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement(key, KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition(key, ScalarAttributeType.S)],
        });
        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = name,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "ExpiresAt", Enabled = true },
        });
    }

    protected override Task<MonitorStores?> CreateStoresAsync() =>
        Task.FromResult(moto.SkipIfUnavailable(output) ? null : DynamoDbStores.Create(_client!, _instancesTable, _jobsTable));

    protected override async Task<JsonObject?> RawInstanceItemAsync(MonitorStores stores, string containerInstanceArn)
    {
        var response = await _client!.GetItemAsync(new GetItemRequest
        {
            TableName = _instancesTable,
            Key = new() { [InstanceItemMapping.KeyAttribute] = new AttributeValue { S = containerInstanceArn } },
        });
        return response.Item is { Count: > 0 } item ? AttributeValueJson.ToJsonItem(item) : null;
    }

    [Fact]
    public async Task Tables_are_on_demand_with_TTL_on_ExpiresAt()
    {
        if (moto.SkipIfUnavailable(output)) return;
        foreach (var table in new[] { _instancesTable, _jobsTable })
        {
            var ttl = await _client!.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table });
            ttl.TimeToLiveDescription.AttributeName.Should().Be("ExpiresAt");
            ttl.TimeToLiveDescription.TimeToLiveStatus.Value.Should().Be("ENABLED");
            var described = await _client.DescribeTableAsync(table);
            described.Table.BillingModeSummary?.BillingMode?.Value.Should().Be("PAY_PER_REQUEST");
        }
    }

    [Fact]
    public async Task Two_writers_at_the_same_version_exactly_one_wins_and_the_loser_gets_false()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();
        (await stores.Jobs.TryWriteAsync(key, Job(key, "v1"), 0, default)).Should().BeTrue();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => stores.Jobs.TryWriteAsync(key, Job(key, $"writer{i}"), 1, default).AsTask()));

        results.Count(r => r).Should().Be(1);
        var stored = await stores.Jobs.GetAsync(key, default);
        stored!.Value.Version.Should().Be(2);
        stored.Value.Record.JobName.Should().Be($"writer{Array.IndexOf(results, true)}");
    }

    [Fact]
    public async Task Concurrent_RecordUpdaters_on_one_job_all_land()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();

        // 4 concurrent updaters x 3 updates each: every one of them must survive in the final record.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var update = 0; update < 3; update++)
            {
                var mark = $"w{writer}:{update}";
                await RecordUpdater.UpdateAsync(stores.Jobs, key, current =>
                {
                    var copy = Copy(current) ?? Job(key);
                    copy.Emitted.Add(mark);
                    return copy;
                }, default);
            }
        })));

        var stored = await stores.Jobs.GetAsync(key, default);
        stored!.Value.Version.Should().Be(12);
        stored.Value.Record.Emitted.Should().HaveCount(12);
    }

    [Fact]
    public async Task Jobs_item_is_the_Doc_plus_console_attributes_and_the_TTL()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();
        var record = FullJob(key);
        (await stores.Jobs.TryWriteAsync(key, record, 0, default)).Should().BeTrue();

        var item = (await _client!.GetItemAsync(new GetItemRequest { TableName = _jobsTable, Key = new() { ["JobId"] = new AttributeValue { S = key } } })).Item;

        item.Keys.Should().BeEquivalentTo(["JobId", "Version", "Doc", "Status", "JobQueue", "LogStreamName", "ExpiresAt"]);
        item["Status"].S.Should().Be("SUCCEEDED");
        item["JobQueue"].S.Should().Be("queue-a");
        item["LogStreamName"].S.Should().Be("def/container/two");
        item["ExpiresAt"].N.Should().Be("1767776090");
        item["Version"].N.Should().Be("1");
        item["Doc"].S.Should().Contain("\"StatusFirstSeen\"");
    }

    [Fact]
    public async Task Event_markers_share_the_jobs_table_with_only_key_version_and_ttl()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = "asg#" + Guid.NewGuid();
        (await EventMarker.FirstTimeAsync(stores.Markers, key, 1_760_000_000, default)).Should().BeTrue();

        var item = (await _client!.GetItemAsync(new GetItemRequest { TableName = _jobsTable, Key = new() { ["JobId"] = new AttributeValue { S = key } } })).Item;
        item.Keys.Should().BeEquivalentTo(["JobId", "Version", "ExpiresAt"]);
    }

    [Fact]
    public async Task A_job_with_hundreds_of_attempts_is_stored_compacted_under_the_item_limit()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();
        var record = LargeJobs.WithAttempts(key, 600);
        LargeJobs.DocBytes(record).Should().BeGreaterThan(DynamoDbItemSize.MaxItemBytes, "the test needs a record that would not fit as is");

        (await stores.Jobs.TryWriteAsync(key, record, 0, default)).Should().BeTrue();
        var stored = (await stores.Jobs.GetAsync(key, default))!.Value.Record;

        record.Attempts.Should().HaveCount(600, "the caller's record is never modified");
        stored.Emitted.Should().BeEquivalentTo(record.Emitted, "nothing may be counted twice");
        stored.StatusFirstSeen.Should().Equal(record.StatusFirstSeen);
        stored.LastAttempt.Should().BeEquivalentTo(record.LastAttempt, "the attempt shown is kept whole");
        stored.Attempts.Count.Should().BeInRange(JobItemCodec.DetailedAttempts, 600);

        // And it keeps working: a further update through the updater still fits.
        await RecordUpdater.UpdateAsync(stores.Jobs, key, current => { current!.Emitted.Add("after"); return current; }, default);
        (await stores.Jobs.GetAsync(key, default))!.Value.Version.Should().Be(2);
    }

    [Fact]
    public void A_full_waiting_list_keeps_the_instances_item_far_below_the_item_limit_and_the_join_payload()
    {
        var record = FullInstance(Arn + "full");
        record.AwaitingJobs = new SortedSet<string>(
            Enumerable.Range(0, AwaitingJobList.Limit).Select(i => $"{Guid.NewGuid()}:{i % 10_000}#{i % 100}"), StringComparer.Ordinal);
        record.AwaitingOverflow = long.MaxValue;

        var bytes = DynamoDbItemSize.Of(new InstanceItemCodec().ToItem(record));

        output.WriteLine($"a full waiting list: {bytes} bytes");
        bytes.Should().BeLessThan(64 * 1024, "far below DynamoDB's 400 KB, and the join carries the item in a 256 KB Step Functions payload");
    }

    [Fact]
    public async Task An_item_that_cannot_fit_fails_clearly_naming_table_and_key()
    {
        if (await CreateStoresAsync() is not { } stores) return;
        var key = NewKey();
        var record = Job(key);
        for (var i = 0; i < 5000; i++)
        {
            record.DependsOn.Add(new JobDependency($"{Guid.NewGuid()}-{new string('d', 60)}", "SEQUENTIAL"));
        }

        var act = async () => await stores.Jobs.TryWriteAsync(key, record, 0, default);

        var thrown = await act.Should().ThrowAsync<DynamoDbStoreException>();
        thrown.WithMessage($"*'{_jobsTable}'*'{key}'*400*");
        (await stores.Jobs.GetAsync(key, default)).Should().BeNull();
    }

    [Fact]
    public async Task A_missing_table_fails_naming_the_table_and_key()
    {
        if (moto.SkipIfUnavailable(output)) return;
        var stores = DynamoDbStores.Create(_client!, "no-such-instances", "no-such-jobs");

        var act = async () => await stores.Jobs.GetAsync("job-1", default);

        (await act.Should().ThrowAsync<DynamoDbStoreException>()).WithMessage("GetItem on table 'no-such-jobs' key 'job-1'*");
    }
}
