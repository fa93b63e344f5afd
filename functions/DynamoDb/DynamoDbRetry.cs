using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace BatchRuntimeMonitor.DynamoDb;

/// <summary>
/// Bounded retry with exponential backoff and full jitter for DynamoDB throttling, on top of the SDK's own
/// (standard-mode, 3 attempts) retries. Only throttling is retried here: a conditional-check failure is an answer,
/// not an error, and everything else fails at once with the table and key named (SQS then retries the message).
/// </summary>
public sealed record DynamoDbRetryPolicy
{
    public static DynamoDbRetryPolicy Default { get; } = new();

    /// <summary>Total attempts including the first; 5 with base 50 ms and cap 1 s keeps the worst case under ~2 s of waiting.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How a delay is waited (tests replace it to run instantly).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))].</summary>
    public TimeSpan DelayBefore(int retry)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    public static bool IsThrottling(Exception exception) => exception switch
    {
        ProvisionedThroughputExceededException or RequestLimitExceededException => true,
        AmazonServiceException service => service.ErrorCode is "ThrottlingException" or "ProvisionedThroughputExceededException" or "RequestLimitExceeded" or "RequestLimitExceededException" or "Throttling" or "TooManyRequestsException"
            || service.StatusCode == HttpStatusCode.TooManyRequests,
        _ => false,
    };
}

/// <summary>A DynamoDB call on one item failed; the message names the operation, table and key.</summary>
public sealed class DynamoDbStoreException(string message, Exception? inner = null) : Exception(message, inner)
{
    public string? TableName { get; init; }
    public string? Key { get; init; }
}

internal static class DynamoDbRetry
{
    public static async Task<T> ExecuteAsync<T>(DynamoDbRetryPolicy policy, string operation, string tableName, string key, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (DynamoDbRetryPolicy.IsThrottling(ex) && attempt < policy.MaxAttempts)
            {
                await policy.Delay(policy.DelayBefore(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (DynamoDbRetryPolicy.IsThrottling(ex))
            {
                throw new DynamoDbStoreException($"{operation} on table '{tableName}' key '{key}' still throttled after {policy.MaxAttempts} attempts: {ex.Message}", ex) { TableName = tableName, Key = key };
            }
            catch (ConditionalCheckFailedException)
            {
                throw; // the caller's answer ("another writer won"), not a failure
            }
            catch (ResourceNotFoundException ex)
            {
                throw new DynamoDbStoreException($"{operation} on table '{tableName}' key '{key}': the table does not exist or is not active ({ex.Message}); check INSTANCES_TABLE / JOBS_TABLE", ex) { TableName = tableName, Key = key };
            }
            catch (AmazonServiceException ex)
            {
                throw new DynamoDbStoreException($"{operation} on table '{tableName}' key '{key}' failed: {ex.ErrorCode} ({(int)ex.StatusCode}): {ex.Message}", ex) { TableName = tableName, Key = key };
            }
            catch (AmazonClientException ex)
            {
                throw new DynamoDbStoreException($"{operation} on table '{tableName}' key '{key}' failed in the client: {ex.Message}", ex) { TableName = tableName, Key = key };
            }
        }
    }
}
