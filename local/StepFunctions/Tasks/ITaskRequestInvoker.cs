using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// An invoker that reads some resources' Parameters only field by field (<see cref="TaskRequest"/>): a Task state
/// whose Parameters is an object template then hands it the evaluated fields instead of building the object. Internal,
/// as <see cref="IParameterTextInvoker"/>: any other invoker gets a <see cref="TaskInvocation"/> with the Parameters as JSON.
/// </summary>
internal interface ITaskRequestInvoker
{
    /// <summary>Whether <paramref name="resource"/> is served by <see cref="Invoke"/> (asked once per state and invoker).</summary>
    bool TakesFields(string resource);

    /// <summary>
    /// Does what <see cref="ITaskResourceInvoker.InvokeAsync"/> does with the Parameters these fields make, synchronously.
    /// With <paramref name="resultUnused"/> the state will not read the result: the call has the same effects, and may
    /// return null instead of building it.
    /// </summary>
    JsonNode? Invoke(string resource, TaskRequest request, string stateName, DateTimeOffset now, bool resultUnused);
}
