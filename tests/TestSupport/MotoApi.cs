using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Tests.Support;

/// <summary>
/// The SQS and Step Functions calls a harness needs, made in process against a <see cref="MotoServer"/> with AWS's
/// JSON protocol over one HttpClient: the repository pins no SDK for these two services, and one python or aws CLI
/// process per call would cost more than the call. moto does not check signatures; it only reads the service name
/// from the Authorization header's credential scope.
/// </summary>
public sealed class MotoApi(Uri endpoint) : IDisposable
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    private readonly HttpClient _http = new() { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(60) };
    private long _executions;

    public void Dispose() => _http.Dispose();

    /// <summary>One JSON-protocol call, e.g. ("sqs", "AmazonSQS.CreateQueue", {"QueueName": "q"}).</summary>
    public async Task<JsonObject> CallAsync(string service, string target, JsonObject request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/");
        message.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=testing/20260101/{Region}/{service}/aws4_request, SignedHeaders=host, Signature=0");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        message.Content = new StringContent(request.ToJsonString(), Encoding.UTF8);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"moto {target} failed ({(int)response.StatusCode}): {(text.Length > 500 ? text[..500] : text)}");
        }

        return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text)!.AsObject();
    }

    public async Task<string> CreateQueueAsync(string name, CancellationToken cancellationToken) =>
        (string)(await CallAsync("sqs", "AmazonSQS.CreateQueue", new JsonObject { ["QueueName"] = name }, cancellationToken).ConfigureAwait(false))["QueueUrl"]!;

    /// <summary>Up to 10 messages, without waiting (an empty list when the queue is empty).</summary>
    public async Task<IReadOnlyList<MotoMessage>> ReceiveAsync(string queueUrl, CancellationToken cancellationToken)
    {
        var received = await CallAsync("sqs", "AmazonSQS.ReceiveMessage", new JsonObject { ["QueueUrl"] = queueUrl, ["MaxNumberOfMessages"] = 10 }, cancellationToken).ConfigureAwait(false);
        return received["Messages"] is JsonArray messages
            ? messages.Select(m => new MotoMessage((string)m!["MessageId"]!, (string)m["ReceiptHandle"]!, (string)m["Body"]!)).ToList()
            : [];
    }

    public async Task DeleteAsync(string queueUrl, IReadOnlyList<MotoMessage> messages, CancellationToken cancellationToken)
    {
        var entries = new JsonArray(messages.Select((m, i) => (JsonNode?)new JsonObject { ["Id"] = i.ToString(CultureInfo.InvariantCulture), ["ReceiptHandle"] = m.ReceiptHandle }).ToArray());
        await CallAsync("sqs", "AmazonSQS.DeleteMessageBatch", new JsonObject { ["QueueUrl"] = queueUrl, ["Entries"] = entries }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one EXPRESS execution and returns when it has ended: creates a state machine, starts it, polls
    /// DescribeExecution every <paramref name="pollInterval"/> (moto has no StartSyncExecution), then deletes the
    /// machine. The delete is what lets the next execution start on the same server: moto 5.2's StartExecution
    /// deep-copies the state machine, the copy reaches every machine of the backend with their executions, and an
    /// execution that has run holds a lock that cannot be copied. With no machine left holding one, no
    /// /moto-api/reset is needed, so the server's DynamoDB tables and SQS queues keep their state.
    /// Step Functions execution must be on (<see cref="MotoServer.EnableStepFunctionsExecutionAsync"/>).
    /// </summary>
    public async Task<MotoExecution> ExecuteOnceAsync(string machineName, string definition, string input, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var created = await CallAsync("states", "AWSStepFunctions.CreateStateMachine", new JsonObject
        {
            ["name"] = machineName,
            ["definition"] = definition,
            ["roleArn"] = $"arn:aws:iam::{Account}:role/state-machine",
            ["type"] = "EXPRESS",
        }, cancellationToken).ConfigureAwait(false);
        var machineArn = (string)created["stateMachineArn"]!;
        var createTime = watch.Elapsed;
        JsonObject described;
        try
        {
            var name = "run-" + Interlocked.Increment(ref _executions).ToString(CultureInfo.InvariantCulture);
            var started = await CallAsync("states", "AWSStepFunctions.StartExecution", new JsonObject { ["stateMachineArn"] = machineArn, ["name"] = name, ["input"] = input }, cancellationToken).ConfigureAwait(false);
            var describe = new JsonObject { ["executionArn"] = (string)started["executionArn"]! };
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (true)
            {
                described = await CallAsync("states", "AWSStepFunctions.DescribeExecution", describe, cancellationToken).ConfigureAwait(false);
                if ((string?)described["status"] != "RUNNING")
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"moto execution {describe["executionArn"]} still RUNNING after 2 minutes");
                }

                await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await CallAsync("states", "AWSStepFunctions.DeleteStateMachine", new JsonObject { ["stateMachineArn"] = machineArn }, cancellationToken).ConfigureAwait(false);
        }

        var runTime = watch.Elapsed - createTime;
        return new MotoExecution((string)described["status"]!, (string?)described["error"], (string?)described["cause"], (string?)described["output"], createTime, runTime);
    }
}

public sealed record MotoMessage(string MessageId, string ReceiptHandle, string Body);

/// <param name="CreateTime">CreateStateMachine.</param>
/// <param name="RunTime">StartExecution, DescribeExecution until it ended, DeleteStateMachine.</param>
public sealed record MotoExecution(string Status, string? Error, string? Cause, string? Output, TimeSpan CreateTime, TimeSpan RunTime);
