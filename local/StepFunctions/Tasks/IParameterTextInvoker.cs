namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// An invoker that uses one field of a resource's Parameters only as text (SQS sendMessage's MessageBody: a JSON
/// string as is, any other JSON compactly serialised). A Task state then evaluates that field straight to the same
/// text (<see cref="PayloadTemplate.EvaluateWithTextField"/>) instead of building a JSON tree, copying everything
/// its paths select (often the whole execution input), only for the invoker to serialise it at once. Internal:
/// any other invoker gets its Parameters as JSON.
/// </summary>
internal interface IParameterTextInvoker
{
    /// <summary>The field of the resource's Parameters that it uses only as text, or null.</summary>
    string? TextField(string resource);
}
