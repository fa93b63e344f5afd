using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Runs the resource of a Task state. Throw <see cref="StatesErrorException"/> to fail the task with an error name
/// that Retry and Catch can match. Treat <see cref="TaskInvocation.Parameters"/> as read-only.
/// </summary>
public interface ITaskResourceInvoker
{
    ValueTask<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>One call of a task resource: its ARN, the effective parameters, the calling state and the virtual time.</summary>
public sealed record TaskInvocation(string Resource, JsonNode? Parameters, string StateName, DateTimeOffset Now);
