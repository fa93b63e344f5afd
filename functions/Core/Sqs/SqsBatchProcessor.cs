using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Core.Sqs;

/// <summary>
/// Runs a record processor over an SQS batch. A record that fails is reported by message id (stderr, and in the
/// partial batch response so SQS retries only it and finally dead-letters it); the rest of the batch goes on.
/// </summary>
public sealed class SqsBatchProcessor(IRecordProcessor processor, TextWriter errors)
{
    public async Task<SqsBatchResponse> ProcessAsync(SqsEvent batch, CancellationToken cancellationToken)
    {
        var response = new SqsBatchResponse();
        foreach (var message in batch.Records)
        {
            try
            {
                var record = PipelineRecordReader.Parse(message.Body);
                await processor.ProcessAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (RecordRejectedException ex)
            {
                response.BatchItemFailures.Add(new SqsBatchItemFailure { ItemIdentifier = message.MessageId });
                await errors.WriteLineAsync($"message {message.MessageId} rejected: {ex.Message}").ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Anything else (a store outage, a bug) is retried by SQS too; the type name says which.
                response.BatchItemFailures.Add(new SqsBatchItemFailure { ItemIdentifier = message.MessageId });
                await errors.WriteLineAsync($"message {message.MessageId} failed: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            }
        }

        return response;
    }
}
