using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Lambda;
using BatchRuntimeMonitor.DynamoDb;

namespace BatchRuntimeMonitor.Functions.InstanceRegistration;

/// <summary>Registers ECS container instances (the table the state machines join on) and counts registrations.</summary>
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
        _handler = new SqsFunctionHandler(new InstanceRegistrationProcessor(stores, output, options, errors), errors, (output as JsonLinesMonitorOutput) is { } lines ? lines.Flush : null);
    }

    /// <summary>Handler: InstanceRegistration::BatchRuntimeMonitor.Functions.InstanceRegistration.Function::HandleAsync</summary>
    public Task<Stream> HandleAsync(Stream input) => _handler.HandleAsync(input);

    public SqsFunctionHandler Handler => _handler;
}
