using System.Reflection;
using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Lambda;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Builds a function from its template Handler string ("Assembly::Namespace.Class::Method") the way the Lambda
/// runtime finds it — by loading the assembly and type the string names — but with the embedded stores and the
/// local output instead of DynamoDB and stdout. A handler string that names nothing fails here as it would in AWS.
/// </summary>
public static class FunctionLoader
{
    public static SqsFunctionHandler Load(string handler, MonitorStores stores, IMonitorOutput output, MonitorOptions options, TextWriter errors)
    {
        var parts = handler.Split("::");
        if (parts.Length != 3)
        {
            throw new InvalidOperationException($"handler '{handler}' is not Assembly::Type::Method");
        }

        var assembly = Assembly.Load(new AssemblyName(parts[0]));
        var type = assembly.GetType(parts[1], throwOnError: false)
            ?? throw new InvalidOperationException($"handler '{handler}': type {parts[1]} is not in assembly {parts[0]}");
        if (type.GetMethod(parts[2], [typeof(Stream)]) is not { } method || method.ReturnType != typeof(Task<Stream>))
        {
            throw new InvalidOperationException($"handler '{handler}': {parts[1]} has no public Task<Stream> {parts[2]}(Stream)");
        }

        var instance = Activator.CreateInstance(type, stores, output, options, errors)
            ?? throw new InvalidOperationException($"handler '{handler}': could not construct {parts[1]}");
        return (SqsFunctionHandler)(type.GetProperty("Handler")?.GetValue(instance)
            ?? throw new InvalidOperationException($"handler '{handler}': {parts[1]} exposes no Handler for local delivery"));
    }
}
