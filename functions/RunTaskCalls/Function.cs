using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Lambda;
using BatchRuntimeMonitor.DynamoDb;

namespace BatchRuntimeMonitor.Functions.RunTaskCalls;

/// <summary>Counts RunTask calls and placement failures by reason, and records where each job attempt was placed.</summary>
public sealed class Function
{
    private readonly SqsFunctionHandler _handler;

    /// <summary>The runtime's entry: the object graph is built here so its cost lands in INIT, once.</summary>
    public Function()
        : this(DynamoDbStores.FromEnvironment(), FunctionEnvironment.StandardOutput(), FunctionEnvironment.Options(), Console.Error)
    {
    }

    public Function(MonitorStores stores, IMonitorOutput output, MonitorOptions options, TextWriter errors)
    {
        _handler = new SqsFunctionHandler(new TaskEventsProcessor(stores, output, options, errors), errors, (output as JsonLinesMonitorOutput) is { } lines ? lines.Flush : null);
    }

    /// <summary>Handler: RunTaskCalls::BatchRuntimeMonitor.Functions.RunTaskCalls.Function::HandleAsync</summary>
    public Task<Stream> HandleAsync(Stream input) => _handler.HandleAsync(input);

    public SqsFunctionHandler Handler => _handler;
}
