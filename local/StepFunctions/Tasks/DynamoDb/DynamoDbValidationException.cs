namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>A request DynamoDB would reject with a ValidationException (bad expression, wrong operand type, bad key).</summary>
internal sealed class DynamoDbValidationException(string message) : Exception(message);
