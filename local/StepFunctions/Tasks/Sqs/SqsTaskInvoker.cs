using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// sqs:sendMessage (optimized and aws-sdk forms). A MessageBody that is JSON (object, array, number...) is sent as
/// its compact JSON text, as Step Functions does; a string is sent as is.
/// </summary>
internal sealed class SqsTaskInvoker(ISqsQueues queues, ServiceResponses responses, bool computeBodyDigests = true)
{
    public const string MessageBodyField = "MessageBody";

    public static bool Handles(ResourceArn arn) => arn.Service == "sqs" && arn.Action == "sendMessage";

    public JsonNode Invoke(ResourceArn arn, TaskInvocation invocation) => Invoke(arn, TaskRequest.Of(invocation.Parameters), invocation.Now, resultUnused: false)!;

    /// <summary>
    /// The call on the request's top-level fields, however they were evaluated (<see cref="TaskRequest"/>); null instead
    /// of the result when <paramref name="resultUnused"/> (the message is sent all the same).
    /// </summary>
    public JsonNode? Invoke(ResourceArn arn, TaskRequest request, DateTimeOffset now, bool resultUnused)
    {
        var prefix = arn.IsSdkIntegration ? "Sqs" : "SQS";
        if (!JsonValues.TryGetString(request["QueueUrl"], out var queueUrl))
        {
            throw Invalid(prefix, "The request must contain the parameter QueueUrl.");
        }

        if (!request.TryGetPropertyValue(MessageBodyField, out var bodyNode))
        {
            throw Invalid(prefix, "The request must contain the parameter MessageBody.");
        }

        if (!queues.QueueExists(queueUrl))
        {
            throw responses.Error(prefix, "QueueDoesNotExistException", "The specified queue does not exist.", "AmazonSQS");
        }

        var body = BodyUtf8(bodyNode);
        var delay = JsonValues.TryGetNumber(request["DelaySeconds"], out var seconds) ? (int)seconds : 0;
        var attributes = request["MessageAttributes"] as JsonObject;
        var message = new SqsMessage(
            queueUrl,
            responses.NewMessageId(),
            body,
            computeBodyDigests ? Md5Hex(body) : "",
            attributes is null ? null : (JsonObject)attributes.DeepClone(),
            delay,
            JsonValues.TryGetString(request["MessageGroupId"], out var group) ? group : null,
            JsonValues.TryGetString(request["MessageDeduplicationId"], out var dedup) ? dedup : null,
            now);
        queues.Send(message);
        if (resultUnused)
        {
            // The request id the metadata would have drawn is drawn all the same: the ids of the messages sent after
            // this one must not depend on whether this result was read.
            if (!arn.IsSdkIntegration && responses.IncludeSdkMetadata)
            {
                responses.NewRequestId();
            }

            return null;
        }

        var result = new JsonObject();
        if (computeBodyDigests)
        {
            result[arn.IsSdkIntegration ? "Md5OfMessageBody" : "MD5OfMessageBody"] = message.Md5OfBody;
        }

        result["MessageId"] = message.MessageId;
        if (arn.IsSdkIntegration)
        {
            return result;
        }

        if (computeBodyDigests && attributes is { Count: > 0 })
        {
            result["MD5OfMessageAttributes"] = SqsAttributeDigest.Compute(attributes);
        }

        return responses.WithMetadata(result, "text/xml", now);
    }

    /// <summary>What SQS stores as the body: strings verbatim, any other JSON compactly serialised.</summary>
    public static string BodyText(JsonNode? body) => JsonValues.TryGetString(body, out var text) ? text : JsonValues.ToCompactJson(body);

    /// <summary><see cref="BodyText"/> as UTF-8; a body the Task state already wrote as text is used as written.</summary>
    private static ReadOnlyMemory<byte> BodyUtf8(JsonNode? body) =>
        MessageText.TryGet(body, out var written) ? written.Utf8 : Encoding.UTF8.GetBytes(BodyText(body));

    public static string Md5Hex(string text) => Md5Hex(Encoding.UTF8.GetBytes(text));

    public static string Md5Hex(ReadOnlyMemory<byte> utf8) => Convert.ToHexStringLower(MD5.HashData(utf8.Span));

    private StatesErrorException Invalid(string prefix, string message) =>
        responses.Error(prefix, "AmazonSQSException", message, "AmazonSQS");
}
