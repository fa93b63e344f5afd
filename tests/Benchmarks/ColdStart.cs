using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Sqs;
using JobTransitionsFunction = BatchRuntimeMonitor.Functions.JobTransitions.Function;

namespace BatchRuntimeMonitor.Benchmarks;

/// <summary>
/// Cold-start proxy, run in a fresh process each time:
/// <c>Benchmarks coldstart</c> (in-memory stores) or <c>Benchmarks coldstart &lt;dynamodb-endpoint&gt;</c> (the real
/// parameterless Function() INIT path: environment, shared DynamoDB client, stores; then the first invocation
/// makes real GetItem/PutItem calls). <c>Benchmarks coldstart-setup [endpoint]</c> writes the two invocation payloads (fresh job ids) and creates the tables.
/// Prints one JSON line on stderr (stdout carries the EMF lines, as in Lambda).
/// </summary>
public static class ColdStart
{
    private const string InstancesTable = "brm-coldstart-instances";
    private const string JobsTable = "brm-coldstart-jobs";

    private static string PayloadFolder => Path.Combine(Path.GetTempPath(), "brm-coldstart");

    public static async Task<int> RunAsync(string[] args)
    {
        var sinceProcessStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var endpoint = args.Length > 1 ? args[1] : null;
        if (args[0] == "coldstart-setup")
        {
            // The invocation payloads are written here, so the measured process touches no JSON API before its first call.
            Directory.CreateDirectory(PayloadFolder);
            await File.WriteAllBytesAsync(Path.Combine(PayloadFolder, "first.json"), SqsEventJson(EventSamples.JobBody("running", Guid.NewGuid().ToString())));
            await File.WriteAllBytesAsync(Path.Combine(PayloadFolder, "second.json"), SqsEventJson(EventSamples.JobBody("running", Guid.NewGuid().ToString())));
            if (endpoint is not null)
            {
                await SetupAsync(endpoint);
            }

            return 0;
        }

        var first = await File.ReadAllBytesAsync(Path.Combine(PayloadFolder, "first.json"));
        var second = await File.ReadAllBytesAsync(Path.Combine(PayloadFolder, "second.json"));

        var total = Stopwatch.StartNew();
        JobTransitionsFunction function;
        if (endpoint is null)
        {
            function = new JobTransitionsFunction(MonitorStores.InMemory(), HandlerBenchmarks.Output(), new MonitorOptions(), Console.Error);
        }
        else
        {
            Environment.SetEnvironmentVariable("INSTANCES_TABLE", InstancesTable);
            Environment.SetEnvironmentVariable("JOBS_TABLE", JobsTable);
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
            Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
            function = new JobTransitionsFunction();
        }

        var constructed = total.Elapsed;
        var response1 = await Read(await function.HandleAsync(new MemoryStream(first)));
        var firstInvoke = total.Elapsed - constructed;
        var mark = total.Elapsed;
        var response2 = await Read(await function.HandleAsync(new MemoryStream(second)));
        var secondInvoke = total.Elapsed - mark;

        await Console.Error.WriteLineAsync(JsonSerializer.Serialize(new ColdStartResult(
            endpoint is null ? "in-memory" : "dynamodb",
            Math.Round(sinceProcessStart.TotalMilliseconds, 1),
            Math.Round(constructed.TotalMilliseconds, 1),
            Math.Round(firstInvoke.TotalMilliseconds, 1),
            Math.Round(secondInvoke.TotalMilliseconds, 1),
            response1.BatchItemFailures.Count + response2.BatchItemFailures.Count), ColdStartJson.Default.ColdStartResult));
        return response1.BatchItemFailures.Count + response2.BatchItemFailures.Count == 0 ? 0 : 1;
    }

    private static byte[] SqsEventJson(string body) => JsonSerializer.SerializeToUtf8Bytes(
        new SqsEvent { Records = [new SqsMessage { MessageId = Guid.NewGuid().ToString(), Body = body }] }, CoreJsonContext.Default.SqsEvent);

    private static async Task<SqsBatchResponse> Read(Stream stream) =>
        await JsonSerializer.DeserializeAsync(stream, CoreJsonContext.Default.SqsBatchResponse) ?? new SqsBatchResponse();

    private static async Task SetupAsync(string endpoint)
    {
        using var client = MotoDynamoDb.Client(endpoint);
        await MotoDynamoDb.CreateTableAsync(client, InstancesTable, "ContainerInstanceArn");
        await MotoDynamoDb.CreateTableAsync(client, JobsTable, "JobId");
    }
}

public sealed record ColdStartResult(string Stores, double ProcessStartToMainMs, double ConstructFunctionMs, double FirstHandleAsyncMs, double SecondHandleAsyncMs, int Failures);

[System.Text.Json.Serialization.JsonSerializable(typeof(ColdStartResult))]
internal sealed partial class ColdStartJson : System.Text.Json.Serialization.JsonSerializerContext;
