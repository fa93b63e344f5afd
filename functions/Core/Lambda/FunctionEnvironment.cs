namespace BatchRuntimeMonitor.Core.Lambda;

/// <summary>What a function reads from its Lambda environment, once, at INIT.</summary>
public static class FunctionEnvironment
{
    public static MonitorOptions Options() => MonitorOptions.FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Raw stdout: Console.Out lines get a timestamp/request-id/level prefix that would break EMF extraction.</summary>
    public static JsonLinesMonitorOutput StandardOutput() => new(Console.OpenStandardOutput());

    public static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"environment variable {name} is not set (see template.yaml)");
}
