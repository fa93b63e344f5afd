using System.Net;
using System.Reflection;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.DynamoDb;

namespace BatchRuntimeMonitor.Tests.Storage;

/// <summary>Retry, error and size behaviour of the DynamoDB store, against a scripted client (no server needed).</summary>
public sealed class DynamoDbHardeningTests
{
    private static readonly DynamoDbRetryPolicy Instant = new() { Delay = (_, _) => Task.CompletedTask };

    [Theory]
    [InlineData("ProvisionedThroughputExceededException")]
    [InlineData("ThrottlingException")]
    [InlineData("RequestLimitExceeded")]
    public async Task Throttling_is_retried_with_backoff_then_succeeds(string errorCode)
    {
        var delays = new List<TimeSpan>();
        var policy = Instant with { Delay = (d, _) => { delays.Add(d); return Task.CompletedTask; } };
        var client = ScriptedDynamoDb.Create(Throttle(errorCode), Throttle(errorCode), new GetItemResponse { Item = null });
        var store = new DynamoDbRecordStore<JobRecord>(client, "jobs-table", "JobId", new JobItemCodec(), policy);

        (await store.GetAsync("job-1", default)).Should().BeNull("AWSSDK v4 leaves Item null when the item is missing");

        ScriptedDynamoDb.Calls(client).Should().Be(3);
        delays.Should().HaveCount(2).And.OnlyContain(d => d >= TimeSpan.Zero && d <= policy.MaxDelay);
    }

    [Fact]
    public async Task Throttling_is_bounded_and_the_error_names_table_and_key()
    {
        var client = ScriptedDynamoDb.Create(Enumerable.Repeat<object>(new ProvisionedThroughputExceededException("slow down"), 10).ToArray());
        var store = new DynamoDbRecordStore<JobRecord>(client, "jobs-table", "JobId", new JobItemCodec(), Instant);

        var act = async () => await store.TryWriteAsync("job-1", new JobRecord { JobId = "job-1" }, 0, default);

        var thrown = await act.Should().ThrowAsync<DynamoDbStoreException>();
        thrown.WithMessage("PutItem on table 'jobs-table' key 'job-1' still throttled after 5 attempts*");
        thrown.Which.TableName.Should().Be("jobs-table");
        thrown.Which.Key.Should().Be("job-1");
        ScriptedDynamoDb.Calls(client).Should().Be(Instant.MaxAttempts);
    }

    [Fact]
    public async Task A_conditional_check_failure_is_false_and_never_retried()
    {
        var client = ScriptedDynamoDb.Create(new ConditionalCheckFailedException("no"));
        var store = new DynamoDbRecordStore<JobRecord>(client, "jobs-table", "JobId", new JobItemCodec(), Instant);

        (await store.TryWriteAsync("job-1", new JobRecord { JobId = "job-1" }, 3, default)).Should().BeFalse();
        ScriptedDynamoDb.Calls(client).Should().Be(1);
    }

    [Fact]
    public async Task Other_service_errors_fail_at_once_naming_table_and_key()
    {
        var client = ScriptedDynamoDb.Create(new AmazonDynamoDBException("User is not authorized", ErrorType.Sender, "AccessDeniedException", "req-1", HttpStatusCode.BadRequest));
        var store = new DynamoDbRecordStore<JobRecord>(client, "jobs-table", "JobId", new JobItemCodec(), Instant);

        var act = async () => await store.GetAsync("job-9", default);

        (await act.Should().ThrowAsync<DynamoDbStoreException>()).WithMessage("GetItem on table 'jobs-table' key 'job-9' failed: AccessDeniedException*");
        ScriptedDynamoDb.Calls(client).Should().Be(1);
    }

    [Fact]
    public async Task An_unreadable_item_names_table_key_and_type()
    {
        var client = ScriptedDynamoDb.Create(new GetItemResponse { Item = new() { ["JobId"] = new AttributeValue { S = "job-1" }, ["Doc"] = new AttributeValue { S = "{not json" } } });
        var store = new DynamoDbRecordStore<JobRecord>(client, "jobs-table", "JobId", new JobItemCodec(), Instant);

        var act = async () => await store.GetAsync("job-1", default);

        (await act.Should().ThrowAsync<DynamoDbStoreException>()).WithMessage("table 'jobs-table' key 'job-1': the item does not read as JobRecord*");
    }

    [Fact]
    public void Small_records_are_stored_verbatim()
    {
        var record = LargeJobs.WithAttempts("job-1", 10);
        var doc = new JobItemCodec().ToItem(record)["Doc"].S;
        doc.Should().Be(JsonSerializer.Serialize(record, CoreJsonContext.Default.JobRecord));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(600)]
    [InlineData(2000)]
    public void Huge_records_are_compacted_under_the_limit_keeping_the_newest_attempts_whole(int attempts)
    {
        var record = LargeJobs.WithAttempts("job-1", attempts);
        var before = JsonSerializer.Serialize(record, CoreJsonContext.Default.JobRecord);

        var item = new JobItemCodec().ToItem(record);
        item["JobId"] = new AttributeValue { S = "job-1" };
        item["Version"] = new AttributeValue { N = "12" };

        DynamoDbItemSize.Of(item).Should().BeLessThan(DynamoDbItemSize.MaxItemBytes);
        JsonSerializer.Serialize(record, CoreJsonContext.Default.JobRecord).Should().Be(before, "the record passed in is not modified");
        var stored = new JobItemCodec().FromItem(item);
        stored.LastAttempt.Should().BeEquivalentTo(record.LastAttempt);
        stored.Emitted.Should().BeEquivalentTo(record.Emitted);
        var newest = record.Attempts.OrderByDescending(a => a.StartedAt).Take(JobItemCodec.DetailedAttempts).Select(a => a.Key).ToHashSet();
        stored.Attempts.Where(a => newest.Contains(a.Key)).Should().HaveCount(JobItemCodec.DetailedAttempts).And.OnlyContain(a => a.StatusReason != null && a.LogStreamName != null);
        stored.Attempts.Where(a => !newest.Contains(a.Key)).All(a => a.StatusReason == null && a.TaskArn != null && a.StartedAt != null)
            .Should().BeTrue("older attempts are either slimmed to identity and times or, past step 2, dropped");
    }

    [Fact]
    public void Item_size_counts_names_and_values()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["JobId"] = new() { S = "abc" },          // 5 + 3
            ["Version"] = new() { N = "12345" },      // 7 + 4
            ["Flag"] = new() { BOOL = true },         // 4 + 1
            ["Name"] = new() { S = "é" },             // 4 + 2
        };
        DynamoDbItemSize.Of(item).Should().Be(8 + 11 + 5 + 6);
    }

    private static AmazonDynamoDBException Throttle(string errorCode) => errorCode switch
    {
        "ProvisionedThroughputExceededException" => new ProvisionedThroughputExceededException("throughput exceeded"),
        "RequestLimitExceeded" => new RequestLimitExceededException("account limit"),
        _ => new AmazonDynamoDBException("Rate exceeded", ErrorType.Sender, errorCode, "req", HttpStatusCode.BadRequest),
    };
}

/// <summary>Big job records for the size guard.</summary>
internal static class LargeJobs
{
    public static JobRecord WithAttempts(string key, int count)
    {
        var record = new JobRecord { JobId = key, JobName = "retry-storm", JobQueue = "queue-a" };
        record.StatusFirstSeen[JobStatus.Runnable] = 1_760_000_000_000;
        record.StatusFirstSeen[JobStatus.Failed] = 1_760_900_000_000;
        for (var i = 0; i < count; i++)
        {
            var task = $"arn:aws:ecs:us-east-1:123456789012:task/AWSBatch-ce-a-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/{i:D5}{Guid.NewGuid():N}";
            record.Attempts.Add(new JobAttempt
            {
                Key = task,
                TaskArn = task,
                ContainerInstanceArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-ce-a-0a95f22d-7108-3c4e-99f7-2fd92e1a8941/" + Guid.NewGuid().ToString("N"),
                LogStreamName = $"def/default/{Guid.NewGuid():N}",
                ExitCode = 1,
                StatusReason = "Essential container in task exited " + new string('x', 400),
                ContainerReason = "OutOfMemoryError: Container killed due to memory usage " + new string('y', 200),
                StartedAt = 1_760_000_000_000 + (i * 1000L),
                StoppedAt = 1_760_000_000_500 + (i * 1000L),
                InstanceId = "i-0123456789abcdef0",
                InstanceType = "m6g.large",
                AvailabilityZone = "us-east-1a",
                Architecture = "arm64",
            });
            record.Emitted.Add("placed:" + task);
        }

        record.Attempts.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return record;
    }

    public static int DocBytes(JobRecord record) => System.Text.Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(record, CoreJsonContext.Default.JobRecord));
}

/// <summary>An IAmazonDynamoDB whose GetItem/PutItem answer from a script: each entry is a response or an exception to throw.</summary>
public class ScriptedDynamoDb : DispatchProxy
{
    private Queue<object> _script = new();
    private int _calls;

    public static IAmazonDynamoDB Create(params object[] script)
    {
        var proxy = Create<IAmazonDynamoDB, ScriptedDynamoDb>();
        ((ScriptedDynamoDb)(object)proxy)._script = new Queue<object>(script);
        return proxy;
    }

    public static int Calls(IAmazonDynamoDB client) => ((ScriptedDynamoDb)(object)client)._calls;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod!.Name)
        {
            case nameof(IAmazonDynamoDB.GetItemAsync) or nameof(IAmazonDynamoDB.PutItemAsync):
                _calls++;
                var next = _script.Count > 0 ? _script.Dequeue() : (targetMethod.Name == nameof(IAmazonDynamoDB.GetItemAsync) ? new GetItemResponse() : new PutItemResponse());
                if (next is Exception exception)
                {
                    return targetMethod.Name == nameof(IAmazonDynamoDB.GetItemAsync) ? Task.FromException<GetItemResponse>(exception) : Task.FromException<PutItemResponse>(exception);
                }

                return targetMethod.Name == nameof(IAmazonDynamoDB.GetItemAsync) ? Task.FromResult((GetItemResponse)next) : Task.FromResult(next as PutItemResponse ?? new PutItemResponse());
            case "Dispose":
                return null;
            default:
                throw new NotSupportedException(targetMethod.Name);
        }
    }
}
