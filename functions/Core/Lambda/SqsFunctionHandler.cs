using System.Text.Json;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Sqs;

namespace BatchRuntimeMonitor.Core.Lambda;

/// <summary>
/// The Stream-in/Stream-out adapter every function uses: the managed dotnet10 runtime needs no serializer (and so
/// no Amazon.Lambda.Core) when a handler takes and returns Stream. Input is an SQS event, output the partial
/// batch response.
/// </summary>
public sealed class SqsFunctionHandler(IRecordProcessor processor, TextWriter errors, Action? afterBatch = null)
{
    private readonly SqsBatchProcessor _batch = new(processor, errors);

    /// <summary>What the function does with each record: the local runner schedules functions by it.</summary>
    public IRecordProcessor Processor => processor;

    public async Task<Stream> HandleAsync(Stream input)
    {
        SqsEvent? sqsEvent;
        try
        {
            sqsEvent = await JsonSerializer.DeserializeAsync(input, CoreJsonContext.Default.SqsEvent).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            // Not an SQS event at all: fail the invocation so the event source mapping retries the whole batch.
            throw new InvalidDataException($"invocation payload is not an SQS event: {ex.Message}", ex);
        }

        var response = await ProcessAsync(sqsEvent ?? new SqsEvent(), CancellationToken.None).ConfigureAwait(false);
        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, response, CoreJsonContext.Default.SqsBatchResponse).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    /// <summary>The same work without the JSON boundary: the local runner delivers its batches here.</summary>
    public async Task<SqsBatchResponse> ProcessAsync(SqsEvent batch, CancellationToken cancellationToken)
    {
        try
        {
            return await _batch.ProcessAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            afterBatch?.Invoke();
        }
    }
}
