using System.Runtime.ExceptionServices;
using System.Text;
using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Core.Sqs;

/// <summary>
/// Runs a record processor over an SQS batch. A record that fails is reported by message id (stderr, and in the
/// partial batch response so SQS retries only it and finally dead-letters it); the rest of the batch goes on.
/// </summary>
public sealed class SqsBatchProcessor(IRecordProcessor processor, TextWriter errors)
{
    // Bodies are read as UTF-8 from one buffer reused across messages and batches (records are processed one at a
    // time), so reading a body allocates nothing but what its typed event keeps.
    private byte[] _body = [];

    public async Task<SqsBatchResponse> ProcessAsync(SqsEvent batch, CancellationToken cancellationToken)
    {
        var response = new SqsBatchResponse();
        foreach (var message in batch.Records)
        {
            try
            {
                await ProcessAsync(message.Utf8Body ?? Utf8(message.Body), cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// One record, as if its whole envelope were checked first (<see cref="PipelineRecordReader.Parse(ReadOnlyMemory{byte})"/>)
    /// though only its start is (<see cref="PipelineRecordReader.Open"/>): the processor's reading of the body checks
    /// the rest in the pass it makes anyway, and throws before the processor acts on what the full check would not pass.
    /// </summary>
    private async ValueTask ProcessAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var opened = PipelineRecordReader.Open(body);
        if (!opened.RestUnchecked)
        {
            await processor.ProcessAsync(opened, cancellationToken).ConfigureAwait(false);
            return;
        }

        ExceptionDispatchInfo failure;
        try
        {
            await processor.ProcessAsync(opened, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        // The whole envelope decides, as when it was checked before anything else (PipelineRecordReader.ReadAsProcessed
        // makes the same decision for a read).
        await processor.ProcessAsync(PipelineRecordReader.AfterFailure(body, opened, failure), cancellationToken).ConfigureAwait(false);
    }

    private ReadOnlyMemory<byte> Utf8(string body)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(body.Length);
        if (_body.Length < needed)
        {
            _body = new byte[Math.Max(needed, 2 * _body.Length)];
        }

        return _body.AsMemory(0, Encoding.UTF8.GetBytes(body, _body));
    }
}
