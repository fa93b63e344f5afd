using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// The default local back end for Task states, chosen by resource ARN: DynamoDB getItem/putItem/updateItem/
/// deleteItem over <see cref="Tables"/>, SQS sendMessage into <see cref="Queues"/>, and aws-sdk:autoscaling:* into
/// <see cref="AutoScaling"/>. Any other resource fails with States.TaskFailed naming the resource.
/// </summary>
public sealed class LocalServices : ITaskResourceInvoker, IParameterTextInvoker, ITaskRequestInvoker
{
    private readonly DynamoDbTaskInvoker _dynamoDb;
    private readonly SqsTaskInvoker _sqs;

    // Resources come from the definitions, a handful each: each is parsed once, not split into strings on every call.
    private readonly ConcurrentDictionary<string, ResourceArn?> _arns = new(StringComparer.Ordinal);

    public LocalServices(IDynamoDbTables? tables = null, ISqsQueues? queues = null, LocalServicesOptions? options = null)
    {
        options ??= new LocalServicesOptions();
        Tables = tables ?? new InMemoryDynamoDbTables();
        Queues = queues ?? new InMemorySqsQueues();
        var responses = new ServiceResponses(options.RandomSeed is { } seed ? new Random(seed) : new Random(), options.IncludeSdkMetadata);
        _dynamoDb = new DynamoDbTaskInvoker(Tables, responses);
        _sqs = new SqsTaskInvoker(Queues, responses, options.ComputeBodyDigests);
    }

    public IDynamoDbTables Tables { get; }

    public ISqsQueues Queues { get; }

    public AutoScalingRecorder AutoScaling { get; } = new();

    public ValueTask<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (Parse(invocation.Resource) is { } arn)
        {
            if (DynamoDbTaskInvoker.Handles(arn))
            {
                return ValueTask.FromResult<JsonNode?>(_dynamoDb.Invoke(arn, invocation));
            }

            if (SqsTaskInvoker.Handles(arn))
            {
                return ValueTask.FromResult<JsonNode?>(_sqs.Invoke(arn, invocation));
            }

            if (AutoScalingRecorder.Handles(arn))
            {
                return ValueTask.FromResult<JsonNode?>(AutoScaling.Invoke(arn, invocation));
            }
        }

        throw new StatesErrorException(
            StatesErrors.TaskFailed,
            $"State '{invocation.StateName}': the resource '{invocation.Resource}' has no local implementation (supported: dynamodb getItem/putItem/updateItem/deleteItem, sqs sendMessage, aws-sdk:autoscaling:*)");
    }

    /// <summary>sqs:sendMessage only ever sends its MessageBody as text (<see cref="SqsTaskInvoker.BodyText"/>).</summary>
    string? IParameterTextInvoker.TextField(string resource) =>
        Parse(resource) is { } arn && SqsTaskInvoker.Handles(arn) ? SqsTaskInvoker.MessageBodyField : null;

    /// <summary>DynamoDB and SQS read their requests field by field; AutoScaling records the whole Parameters.</summary>
    bool ITaskRequestInvoker.TakesFields(string resource) =>
        Parse(resource) is { } arn && (DynamoDbTaskInvoker.Handles(arn) || SqsTaskInvoker.Handles(arn));

    JsonNode? ITaskRequestInvoker.Invoke(string resource, TaskRequest request, string stateName, DateTimeOffset now, bool resultUnused)
    {
        var arn = Parse(resource) ?? throw new InvalidOperationException($"State '{stateName}': '{resource}' does not take its request by fields");
        return DynamoDbTaskInvoker.Handles(arn) ? _dynamoDb.Invoke(arn, request, now) : _sqs.Invoke(arn, request, now, resultUnused);
    }

    private ResourceArn? Parse(string resource) =>
        _arns.GetOrAdd(resource, static r => ResourceArn.TryParse(r, out var arn) ? arn : null);
}

/// <summary>Options of <see cref="LocalServices"/>.</summary>
public sealed record LocalServicesOptions
{
    /// <summary>Add SdkHttpMetadata/SdkResponseMetadata to optimized-integration results, as AWS does (moto does not).</summary>
    public bool IncludeSdkMetadata { get; init; } = true;

    /// <summary>Seeds MessageIds and RequestIds; null draws a random seed.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>
    /// Compute MD5OfMessageBody for sqs:sendMessage results and messages, as SQS does. A replay turns it off: nothing
    /// downstream of its executions reads the digest, and hashing every body was ~6 % of a replay's time. When off,
    /// the result has MessageId only.
    /// </summary>
    public bool ComputeBodyDigests { get; init; } = true;
}
