namespace BatchRuntimeMonitor.Tests.StepFunctions.Moto;

/// <summary>
/// One execution to run on both moto and the local interpreter: a definition (with ${KEY} placeholders), its
/// substitutions, an input, DynamoDB tables with items, and SQS queues whose URLs are substituted for placeholders.
/// </summary>
public sealed record MotoScenario
{
    public required string Definition { get; init; }

    public required string Input { get; init; }

    public IReadOnlyDictionary<string, string> Substitutions { get; init; } = new Dictionary<string, string>();

    /// <summary>Tables to create: name -> key attribute (type S) and items in attribute-value JSON.</summary>
    public IReadOnlyList<MotoTable> Tables { get; init; } = [];

    /// <summary>Queues to create: placeholder key -> queue name; the queue URL is substituted for ${key}.</summary>
    public IReadOnlyDictionary<string, string> Queues { get; init; } = new Dictionary<string, string>();
}

/// <summary>A DynamoDB table with a single string partition key and its initial items (attribute-value JSON).</summary>
public sealed record MotoTable(string Name, string KeyAttribute, IReadOnlyList<string> Items);

/// <summary>How one execution ended, on either side, plus the message bodies each queue received.</summary>
public sealed record ScenarioOutcome(
    string Status,
    System.Text.Json.Nodes.JsonNode? Output,
    string? Error,
    string? Cause,
    IReadOnlyDictionary<string, IReadOnlyList<string>> QueueBodies);
