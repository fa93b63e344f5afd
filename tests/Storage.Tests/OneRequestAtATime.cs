using Amazon.Runtime;

namespace BatchRuntimeMonitor.Tests.Storage;

/// <summary>
/// Sends the SDK's requests to moto_server one at a time. DynamoDB applies a conditional write to an item atomically;
/// moto_server serves each request on a thread of its own and checks a ConditionExpression, then writes, with nothing
/// in between held, so two conditional puts at the same version can both win there and a concurrency test fails on
/// the emulator's race instead of ours. One request at a time makes each of moto's writes atomic again while the
/// writers still race where production's do: between their read and their conditional write.
/// </summary>
internal sealed class OneRequestAtATime : HttpClientFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    // The SDK caches what this creates per SDK client and disposes of it with that client (the base class's default).
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Gate(_gate));

    private sealed class Gate(SemaphoreSlim gate) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                // moto answers only after its write, but read the whole body inside the gate all the same.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return response;
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
